/** The results of several sheets imported together, as one (docs/spreadsheet-imports.md "Workbooks with several sheets"). */
import type { ImportFailure, ImportResult, ImportSuccess } from './import-types'
import { MAX_SKIPPED_LISTED, WarningList } from './import-report'

/** Adds two sums of one column (amounts in fen are integers; decimals keep 15 significant digits). */
function addSums(a: number, b: number): number {
  return Number((a + b).toPrecision(15))
}

/**
 * The results of the sheets of one import (in sheet order) as one: all or nothing (any failed sheet fails the whole,
 * with the first `maxErrors` errors in sheet order and every error counted), counts and sums added, warnings and
 * skipped rows in sheet order (warnings listed as one sheet lists them, MAX_WARNINGS_LISTED about rows, and counted
 * in all). Declared totals are given only for the columns every sheet declared one for (each sheet's own was checked
 * against its sum already). The rows themselves are not merged: the result has none (the caller passed them on as
 * each sheet's steps gave them). One successful sheet is returned as it is.
 */
export function mergeImportResults(results: readonly ImportResult[], maxErrors: number): ImportResult {
  const failed = results.filter((r): r is ImportFailure => !r.ok)
  if (failed.length > 0) {
    return {
      ok: false,
      errors: failed.flatMap((r) => r.errors).slice(0, maxErrors),
      errorCount: failed.reduce((n, r) => n + r.errorCount, 0),
    }
  }
  const ok = results.filter((r): r is ImportSuccess => r.ok)
  const [only] = ok
  if (ok.length === 1 && only !== undefined) return only
  const sums: Record<string, number> = {}
  for (const r of ok) for (const [k, v] of Object.entries(r.sums)) sums[k] = addSums(sums[k] ?? 0, v)
  // Declared totals of the whole: only where every sheet declared one (each sheet's own is checked on it).
  let declaredTotals: Record<string, number> | null = null
  if (ok.every((r) => r.declaredTotals !== null)) {
    declaredTotals = {}
    const keys = Object.keys(ok[0]?.declaredTotals ?? {})
    for (const key of keys) {
      if (ok.every((r) => r.declaredTotals?.[key] !== undefined))
        declaredTotals[key] = ok.reduce((n, r) => addSums(n, r.declaredTotals?.[key] ?? 0), 0)
    }
  }
  // Listed as one import lists them: the first MAX_WARNINGS_LISTED about rows in sheet order, every sheet's own.
  const warnings = new WarningList()
  for (const r of ok) for (const w of r.warnings) warnings.add(w)
  return {
    ok: true,
    rows: [],
    rowCount: ok.reduce((n, r) => n + r.rowCount, 0),
    sourceRows: [],
    villageCodes: null,
    declaredTotals,
    sums,
    warnings: warnings.listed,
    warningCount: ok.reduce((n, r) => n + r.warningCount, 0),
    skipped: {
      blank: ok.reduce((n, r) => n + r.skipped.blank, 0),
      totals: ok.reduce((n, r) => n + r.skipped.totals, 0),
      footer: ok.reduce((n, r) => n + r.skipped.footer, 0),
      count: ok.reduce((n, r) => n + r.skipped.count, 0),
      // Listed as one sheet lists them: the first MAX_SKIPPED_LISTED, in sheet order.
      rows: ok.flatMap((r) => r.skipped.rows).slice(0, MAX_SKIPPED_LISTED),
    },
  }
}
