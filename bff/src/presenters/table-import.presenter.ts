import type { TableImportDto, TableImportSkipped } from '@cunwu/domain'
import { SKIP_REASON_LABELS } from '@cunwu/domain'
import type { TableImport, TableImportSkippedRow } from '../models/TableImport.model'

/** Rows listed in one sentence at most; the rest are counted. */
const ROWS_NAMED = 20

/**
 * Skipped rows grouped by sheet and reason, in sheet order of their first row, each with a sentence:
 * 第 5、8、9 行是合计、小计行，没有导入.
 */
export function groupSkippedRows(rows: readonly TableImportSkippedRow[]): TableImportSkipped[] {
  const groups = new Map<string, TableImportSkipped>()
  for (const r of rows) {
    const key = `${r.sheet ?? ''}\u0000${r.reason}`
    let group = groups.get(key)
    if (!group) {
      group = { reason: r.reason, sheet: r.sheet ?? null, rows: [], message: '' }
      groups.set(key, group)
    }
    group.rows.push(r.row)
  }
  for (const g of groups.values()) {
    const named = g.rows.slice(0, ROWS_NAMED).join('、')
    const more = g.rows.length > ROWS_NAMED ? ` 等 ${g.rows.length} 行` : ''
    const sheet = g.sheet === null ? '' : `工作表「${g.sheet}」`
    g.message = `${sheet}第 ${named}${more} 行是${SKIP_REASON_LABELS[g.reason]}，没有导入`
  }
  return [...groups.values()]
}

/** Presents an import to the staff who made it: progress, mapping, errors and a preview (never every row). */
export function presentTableImport(doc: TableImport): TableImportDto {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    catalogItemId: doc.catalogItemId,
    governmentItemId: doc.governmentItemId?.toHexString() ?? null,
    filename: doc.filename,
    status: doc.status,
    stage: doc.status === 'processing' ? (doc.stage ?? 'checking') : null,
    progress: doc.progress,
    sheets: (doc.sheets ?? []).map((s, index) => ({
      index,
      name: s.name,
      dataRows: s.dataRows,
      use: s.use,
      ...(s.overlapsWith ? { overlapsWith: s.overlapsWith } : {}),
    })),
    sheetIndex: doc.sheetIndex ?? null,
    headerRow: doc.headerRow,
    sourceLabels: doc.sourceLabels,
    mapping: doc.mapping,
    villageColumn: doc.villageColumn ?? null,
    unmappedRequired: doc.unmappedRequired,
    rowCount: doc.rowCount ?? 0,
    villageCount: doc.villageCount ?? 0,
    preview: doc.preview ?? [],
    errors: doc.cellErrors,
    errorCount: doc.errorCount,
    warnings: doc.warnings,
    warningCount: doc.warningCount ?? doc.warnings.length,
    skipped: groupSkippedRows(doc.skippedRows ?? []),
    skippedCount: doc.skippedCount ?? 0,
    declaredTotals: doc.declaredTotals,
    sums: doc.sums,
    failure: doc.failure,
  }
}
