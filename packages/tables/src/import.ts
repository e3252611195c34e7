import type { Column, TableSchema } from '@cunwu/domain'
import type {
  ImportIssue,
  ImportOptions,
  ImportProgress,
  ImportResult,
  ImportStep,
  ImportedRow,
} from './import-types'
import type { Where } from './import-report'
import {
  WarningList,
  ambiguousColumnWarnings,
  issue,
  longCellWarnings,
  mergedDownIssues,
  rowWithoutData,
  skippedRows,
} from './import-report'
import type { ColumnMapping } from './header'
import { isColumnNumberRow } from './header'
import { parseCell } from './values'
import { ExactSum, GRAND_TOTALS, formatTotal, isFooterRow, isTotalsRow } from './totals'
import { createVillageResolver } from './village'

/** Rows between progress reports. */
export const PROGRESS_EVERY = 1000
/** Default cap on returned errors. */
export const DEFAULT_MAX_ERRORS = 200

const VILLAGE_LABEL = { label: '所属村' }

/** Checks the mapping itself; returns the problems (a missing required column makes every row fail). */
function checkMapping(
  schema: TableSchema,
  mapping: ColumnMapping,
  width: number,
  headerRow: number,
  sheet: string | undefined,
): ImportIssue[] {
  const problems: ImportIssue[] = []
  const row = headerRow + 1
  const seen = new Map<number, Column>()
  for (const column of schema.columns) {
    const index = mapping[column.key] ?? null
    if (index === null) {
      if (column.required)
        problems.push(issue(row, column, 'missing_column', '表格中找不到这一列（必填）', null, sheet))
      continue
    }
    if (!Number.isInteger(index) || index < 0 || index >= width) {
      problems.push(
        issue(row, column, 'invalid_mapping', `对应的列不存在（第 ${index + 1} 列）`, null, sheet),
      )
      continue
    }
    const other = seen.get(index)
    if (other !== undefined) {
      problems.push(issue(row, column, 'duplicate_mapping', `和「${other.label}」对应了同一列`, null, sheet))
    }
    seen.set(index, column)
  }
  return problems
}

/**
 * Validates and converts the rows below the header, yielding after every PROGRESS_EVERY rows (and once more at
 * the end when rows passed since) with the rows that passed meanwhile, so the async variant can let the event loop
 * stream progress and a caller can pass rows on before the whole sheet is checked.
 */
function* importSteps(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  mapping: ColumnMapping,
  options: ImportOptions,
): Generator<ImportStep, ImportResult> {
  const { headerRow, onProgress, villageColumn, sheetName: sheet } = options
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0)
  const errors: ImportIssue[] = []
  let errorCount = 0
  const report = (e: ImportIssue): void => {
    errorCount += 1
    if (errors.length < maxErrors) errors.push(e)
  }

  if (!Number.isInteger(headerRow) || headerRow < 0 || headerRow >= rows.length) {
    const e = issue(Math.max(headerRow, 0) + 1, null, 'invalid_mapping', '没有找到表头行', null, sheet)
    return { ok: false, errors: [e], errorCount: 1 }
  }
  const mappingProblems = checkMapping(schema, mapping, width, headerRow, sheet)
  if (villageColumn !== undefined && (villageColumn.index < 0 || villageColumn.index >= width)) {
    mappingProblems.push(
      issue(headerRow + 1, VILLAGE_LABEL, 'invalid_mapping', '对应的列不存在', null, sheet),
    )
  }
  if (mappingProblems.length > 0) {
    return { ok: false, errors: mappingProblems.slice(0, maxErrors), errorCount: mappingProblems.length }
  }

  const headers = options.sourceLabels ?? rows[headerRow] ?? []
  const mapped = schema.columns.map((column) => {
    const index = mapping[column.key] ?? null
    const where: Where = { label: column.label, index, header: index === null ? '' : (headers[index] ?? '') }
    return { column, index, where }
  })
  const villageWhere: Where | null =
    villageColumn === undefined
      ? null
      : { ...VILLAGE_LABEL, index: villageColumn.index, header: headers[villageColumn.index] ?? '' }
  const hiddenRows = options.hiddenRows
  const usedIndexes = mapped.flatMap((m) => (m.index === null ? [] : [m.index]))
  if (villageColumn !== undefined) usedIndexes.push(villageColumn.index)
  const resolveVillage = villageColumn === undefined ? null : createVillageResolver(villageColumn.villages)
  const units = options.amountUnits ?? {}
  // Mapped columns counted in the totals (金额, 人数), each with its source column.
  const totalColumns = mapped.flatMap((m) =>
    m.column.total === true && m.index !== null ? [{ ...m, index: m.index }] : [],
  )

  // Merged ranges over several rows (docs/spreadsheet-imports.md "Merged cells"): header cells merged down into the
  // data are blanked, a counted column merged over several rows is refused (mergedDownIssues).
  const { blankedByHeader, mergedProblems } = mergedDownIssues(
    options.mergedDown ?? [],
    headerRow,
    totalColumns,
    rows,
    sheet,
  )
  for (const e of mergedProblems) report(e)

  // Trailing block: blank, totals and footer lines after the last data row.
  let dataEnd = rows.length
  while (dataEnd > headerRow + 1) {
    const row = rows[dataEnd - 1] ?? []
    const blank = usedIndexes.every((i) => (row[i] ?? '') === '')
    if (!blank && isTotalsRow(row) === null && !isFooterRow(row)) break
    dataEnd -= 1
  }
  // A 栏次 row of column numbers: the first row with anything in it under the header.
  let firstFilled = headerRow + 1
  while (firstFilled < rows.length && (rows[firstFilled] ?? []).every((c) => c === '')) firstFilled += 1

  const total = rows.length - headerRow - 1
  const out: ImportedRow[] = []
  const sourceRows: number[] = []
  const villageCodes: string[] | null = villageColumn === undefined ? null : []
  const warnings = new WarningList()
  const warn = (w: ImportIssue): void => warnings.add(w)
  const { skipped, skip } = skippedRows(sheet)
  const fenSums = new Map<string, number>()
  const exactSums = new Map<string, ExactSum>()
  let closingTotals: { row: readonly string[]; line: number } | null = null
  // First row of each ID number: the same person twice on a roster is almost always a copy-paste slip.
  const idRows = options.seenIdNumbers ?? new Map<string, { row: number; sheet?: string }>()
  // Rows already handed out by a step, and rows that passed in all.
  let given = 0
  let accepted = 0
  const keepRows = options.keepRows ?? true
  const step = (progress: ImportProgress): ImportStep => {
    const from = given
    given = out.length
    const passed: ImportStep = {
      progress,
      rows: out.slice(from),
      sourceRows: sourceRows.slice(from, given),
      villageCodes: villageCodes === null ? null : villageCodes.slice(from, given),
    }
    if (!keepRows) {
      out.length = 0
      sourceRows.length = 0
      if (villageCodes !== null) villageCodes.length = 0
      given = 0
    }
    return passed
  }

  for (let r = headerRow + 1; r < rows.length; r += 1) {
    const done = r - headerRow
    const blanked = blankedByHeader.get(r)
    const row =
      blanked === undefined ? (rows[r] ?? []) : (rows[r] ?? []).map((c, i) => (blanked.has(i) ? '' : c))
    const line = r + 1
    const totalsLabel = isTotalsRow(row)
    if (hiddenRows?.has(r) === true && row.some((c) => c !== '')) {
      skip(line, 'hidden')
    } else if (totalsLabel !== null) {
      skipped.totals += 1
      skip(line, 'totals')
      if (r >= dataEnd && GRAND_TOTALS.test(totalsLabel)) closingTotals = { row, line }
    } else if (r === firstFilled && isColumnNumberRow(row)) {
      skip(line, 'column_numbers')
    } else if (usedIndexes.every((i) => (row[i] ?? '') === '')) {
      // Blank, or after the last data row with only a 序号 (a template numbered further than it was filled).
      if (row.every((c) => c === '' || (r >= dataEnd && /^\d+$/.test(c)))) skipped.blank += 1
      else if (r >= dataEnd) {
        skipped.footer += 1
        skip(line, 'footer')
      } else {
        // A numbered row with only 序号 or 备注 (张桂兰 待补录): not a household, but not nothing either.
        skipped.blank += 1
        skip(line, 'no_data')
        warn(rowWithoutData(line, row, sheet))
      }
    } else if (r >= dataEnd) {
      skipped.footer += 1
      skip(line, 'footer')
    } else {
      const record: ImportedRow = {}
      let rowOk = true
      for (const { column, index, where } of mapped) {
        const raw = index === null ? '' : (row[index] ?? '')
        if (raw === '') {
          if (column.required) {
            rowOk = false
            const reason =
              index !== null && blanked?.has(index) === true
                ? '必填，这一格与表头合并在一起；请取消合并后填写'
                : '必填，不能为空'
            report(issue(line, where, 'required', reason, raw, sheet))
          }
          record[column.key] = null
          continue
        }
        const parsed = parseCell(raw, column, units[column.key] ?? 'yuan')
        if (!parsed.ok) {
          rowOk = false
          report(issue(line, where, parsed.code, parsed.reason, raw, sheet))
          continue
        }
        if (parsed.warning !== undefined) {
          warn(issue(line, where, parsed.warning.code, parsed.warning.reason, raw, sheet))
        }
        record[column.key] = parsed.value
        if (column.type === 'id_number' && typeof parsed.value === 'string') {
          const first = idRows.get(parsed.value)
          if (first === undefined)
            idRows.set(parsed.value, sheet === undefined ? { row: line } : { row: line, sheet })
          else {
            const at = first.sheet === undefined || first.sheet === sheet ? '' : `工作表「${first.sheet}」`
            warn(
              issue(
                line,
                where,
                'duplicate_id_number',
                `与${at}第 ${first.row} 行重复（${raw}）`,
                raw,
                sheet,
              ),
            )
          }
        }
        if (column.total === true) {
          if (column.type === 'decimal') {
            const sum = exactSums.get(column.key) ?? new ExactSum()
            sum.add(String(parsed.value))
            exactSums.set(column.key, sum)
          } else if (typeof parsed.value === 'number') {
            fenSums.set(column.key, (fenSums.get(column.key) ?? 0) + parsed.value)
          }
        }
      }
      if (resolveVillage !== null && villageColumn !== undefined) {
        const raw = row[villageColumn.index] ?? ''
        const match = raw === '' ? null : resolveVillage(raw)
        if (match === null) {
          rowOk = false
          report(issue(line, villageWhere, 'village_required', '必填，不能为空', raw, sheet))
        } else if (!match.ok) {
          rowOk = false
          report(issue(line, villageWhere, 'unknown_village', match.reason, raw, sheet))
        } else if (rowOk) {
          villageCodes?.push(match.code)
        }
      }
      // Once anything failed nothing is returned, so stop collecting rows (but keep counting errors).
      if (rowOk && errorCount === 0) {
        out.push(record)
        sourceRows.push(line)
        accepted += 1
      }
    }
    if (done % PROGRESS_EVERY === 0 && done < total) {
      onProgress?.({ done, total })
      yield step({ done, total })
    }
  }
  ambiguousColumnWarnings(options.ambiguousColumns ?? [], mapped, headerRow, headers, sheet, warn)
  longCellWarnings(options.longCells ?? [], headerRow, headers, sheet, warn)
  onProgress?.({ done: total, total })
  if (errorCount === 0 && out.length > given) yield step({ done: total, total })

  if (errorCount === 0 && accepted === 0) {
    report(issue(headerRow + 2, null, 'no_data_rows', '表头下面没有数据行', null, sheet))
  }
  if (errorCount > 0) return { ok: false, errors, errorCount }

  const sums: Record<string, number> = {}
  for (const { column } of totalColumns) {
    sums[column.key] =
      column.type === 'decimal'
        ? (exactSums.get(column.key)?.toNumber() ?? 0)
        : (fenSums.get(column.key) ?? 0)
  }
  let declaredTotals: Record<string, number> | null = null
  if (closingTotals !== null) {
    declaredTotals = {}
    for (const { column, index, where } of totalColumns) {
      const raw = closingTotals.row[index] ?? ''
      if (raw === '') continue
      const parsed = parseCell(raw, column, units[column.key] ?? 'yuan')
      // A totals row often holds text such as 共 120 户 in number columns; only numbers are declared totals.
      if (!parsed.ok || typeof parsed.value !== 'number') continue
      declaredTotals[column.key] = parsed.value
      const sum = sums[column.key] ?? 0
      if (parsed.value !== sum) {
        const diff = column.type === 'decimal' ? new ExactSum() : null
        diff?.add(String(parsed.value))
        diff?.add(String(-sum))
        const gap = diff === null ? parsed.value - sum : diff.toNumber()
        warn(
          issue(
            closingTotals.line,
            where,
            'total_mismatch',
            `合计行为 ${formatTotal(column, parsed.value)}，逐行相加为 ${formatTotal(column, sum)}，相差 ${formatTotal(column, gap)}`,
            raw,
            sheet,
          ),
        )
      }
    }
  }
  return {
    ok: true,
    rows: out,
    rowCount: accepted,
    sourceRows,
    villageCodes,
    declaredTotals,
    sums,
    warnings: warnings.listed,
    warningCount: warnings.count,
    skipped,
  }
}

/**
 * Validates every data row below the header against the schema and converts it (amounts to fen, dates to
 * YYYY-MM-DD); all or nothing: any error returns no rows and the first errors with their spreadsheet rows.
 */
export function importRows(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  mapping: ColumnMapping,
  options: ImportOptions,
): ImportResult {
  const steps = importSteps(rows, schema, mapping, options)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
  }
}

/**
 * Same as importRows, step by step: each step (every PROGRESS_EVERY rows, and once at the end) gives the rows that
 * passed since the last one, so they can be passed on while the rest is checked; the generator returns the result
 * (whose `rows` are all the rows again). Rows handed out before a later row fails are not imported: a failed
 * result has none.
 */
export function importRowsInSteps(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  mapping: ColumnMapping,
  options: ImportOptions,
): Generator<ImportStep, ImportResult> {
  return importSteps(rows, schema, mapping, options)
}

/**
 * Same as importRows, but lets the event loop run after every progress report, so a server can stream the
 * progress to the client while a large sheet is validated.
 */
export async function importRowsAsync(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  mapping: ColumnMapping,
  options: ImportOptions,
): Promise<ImportResult> {
  const steps = importSteps(rows, schema, mapping, options)
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}
