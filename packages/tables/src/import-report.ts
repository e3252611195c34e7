/** An import's reporting: issue messages, skipped rows, warnings, merged and multi-line cells, ambiguous columns. */
import type { Column } from '@cunwu/domain'
import type {
  ImportIssue,
  ImportIssueCode,
  ImportOptions,
  LongCell,
  MergedDown,
  SkipReason,
  SkippedRows,
} from './import-types'

/** Skipped rows listed at most (all are counted by reason). */
export const MAX_SKIPPED_LISTED = 500

/**
 * Warnings about rows and cells listed at most (all are counted in `warningCount`): a hostile CSV of 100,000
 * multi-line cells would otherwise carry a warning each. Warnings about a column or the whole sheet (an ambiguous
 * column, a 合计 row that differs from the sum: at most one per table column) are always listed.
 */
export const MAX_WARNINGS_LISTED = 100

/** Warnings about a column or the whole sheet rather than a row: few, and always listed. */
const SHEET_WARNINGS: ReadonlySet<ImportIssueCode> = new Set<ImportIssueCode>([
  'ambiguous_column',
  'total_mismatch',
])

/**
 * An import's warnings, counted: the first MAX_WARNINGS_LISTED about rows and cells are listed, in the order they
 * are added, with every warning about a column or the whole sheet among them.
 */
export class WarningList {
  readonly listed: ImportIssue[] = []
  count = 0
  private rowsListed = 0

  /** Counts a warning and lists it while there is room (a column's or the sheet's always). */
  add(warning: ImportIssue): void {
    this.count += 1
    if (SHEET_WARNINGS.has(warning.code)) this.listed.push(warning)
    else if (this.rowsListed < MAX_WARNINGS_LISTED) {
      this.listed.push(warning)
      this.rowsListed += 1
    }
  }
}

/** The letter Excel shows above a 0-based column: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

/** Where a cell is, for a message: the sheet's row, the column letter and the sheet's own header for it. */
export interface Where {
  label: string
  /** 0-based source column. */
  index?: number | null
  /** The sheet's header text of that column ('' when blank). */
  header?: string
}

/** An issue at a spreadsheet row (1-based), in a column when one is given, named in its message. */
export function issue(
  row: number,
  column: Where | null,
  code: ImportIssueCode,
  reason: string,
  value: string | null,
  sheet?: string,
): ImportIssue {
  let where = `第 ${row} 行`
  if (column !== null) {
    const header = column.header?.trim() || column.label
    where +=
      column.index === null || column.index === undefined
        ? `「${column.label}」`
        : ` ${columnLetter(column.index)} 列（${header}）`
  }
  const prefix = sheet === undefined ? '' : `工作表「${sheet}」`
  return {
    row,
    column: column?.label ?? null,
    ...(sheet === undefined ? {} : { sheet }),
    code,
    message: `${prefix}${where}：${reason}`,
    value,
  }
}

/** Every skipped row counted; the first MAX_SKIPPED_LISTED listed with their reason (and sheet). */
export function skippedRows(sheet: string | undefined): {
  skipped: SkippedRows
  skip: (line: number, reason: SkipReason) => void
} {
  const skipped: SkippedRows = { blank: 0, totals: 0, footer: 0, count: 0, rows: [] }
  const skip = (line: number, reason: SkipReason): void => {
    skipped.count += 1
    if (skipped.rows.length < MAX_SKIPPED_LISTED)
      skipped.rows.push(sheet === undefined ? { row: line, reason } : { row: line, reason, sheet })
  }
  return { skipped, skip }
}

/** The warning for a numbered row with only 序号 or 备注 (张桂兰 待补录), which is not imported. */
export function rowWithoutData(line: number, row: readonly string[], sheet: string | undefined): ImportIssue {
  const shown = row.filter((c) => c !== '').join('、')
  return issue(
    line,
    null,
    'row_without_data',
    `只有 ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}，要导入的各列都是空的，这一行没有导入`,
    null,
    sheet,
  )
}

/**
 * Merged ranges over several rows (docs/spreadsheet-imports.md "Merged cells"): a header cell merged down into the
 * data gives those rows nothing (the reader filled them with the header's text), and a counted column (金额, 人数)
 * merged over several rows would count one family's value once per row, so it is refused.
 * `totalColumns` are the mapped columns counted in the totals, by their 0-based source column. Gives the data cells to
 * leave blank (by 0-based row, their 0-based columns) and the counted columns refused.
 */
export function mergedDownIssues(
  ranges: readonly MergedDown[],
  headerRow: number,
  totalColumns: readonly { index: number; where: Where }[],
  rows: readonly (readonly string[])[],
  sheet: string | undefined,
): { blankedByHeader: Map<number, Set<number>>; mergedProblems: ImportIssue[] } {
  const blankedByHeader = new Map<number, Set<number>>()
  const mergedProblems: ImportIssue[] = []
  for (const range of ranges) {
    if (range.firstRow <= headerRow && range.lastRow > headerRow) {
      for (let r = headerRow + 1; r <= range.lastRow; r++) {
        const set = blankedByHeader.get(r) ?? new Set<number>()
        for (let c = range.firstColumn; c <= range.lastColumn; c++) set.add(c)
        blankedByHeader.set(r, set)
      }
      continue
    }
    if (range.firstRow <= headerRow) continue
    const counted = totalColumns.find((m) => m.index >= range.firstColumn && m.index <= range.lastColumn)
    if (counted === undefined) continue
    mergedProblems.push(
      issue(
        range.firstRow + 1,
        counted.where,
        'merged_total',
        `第 ${range.firstRow + 1}–${range.lastRow + 1} 行是合并单元格，每一行都会再算一次，合计会多算；请取消合并，只在一行填写，或每户只留一行`,
        rows[range.firstRow]?.[counted.index] ?? null,
        sheet,
      ),
    )
  }
  return { blankedByHeader, mergedProblems }
}

/** A warning for each column the header detection found a second candidate for (re-probe N4), where it is used. */
export function ambiguousColumnWarnings(
  ambiguous: NonNullable<ImportOptions['ambiguousColumns']>,
  mapped: readonly { column: Column; index: number | null; where: Where }[],
  headerRow: number,
  headers: readonly string[],
  sheet: string | undefined,
  warn: (warning: ImportIssue) => void,
): void {
  for (const a of ambiguous) {
    const m = mapped.find((x) => x.column.key === a.key)
    if (m === undefined || m.index !== a.chosen) continue
    const other = `${columnLetter(a.other)} 列（${headers[a.other] ?? ''}）`
    warn(
      issue(
        headerRow + 1,
        m.where,
        'ambiguous_column',
        `${other}也像是「${m.column.label}」，用的是这一列；如不对，请改选对应的列`,
        null,
        sheet,
      ),
    )
  }
}

/** A warning for each CSV cell of several lines that looks like a whole row, below the header. */
export function longCellWarnings(
  cells: readonly LongCell[],
  headerRow: number,
  headers: readonly string[],
  sheet: string | undefined,
  warn: (warning: ImportIssue) => void,
): void {
  for (const cell of cells) {
    if (cell.row <= headerRow) continue
    const where: Where = {
      label: headers[cell.column] ?? '',
      index: cell.column,
      header: headers[cell.column] ?? '',
    }
    warn(
      issue(
        cell.row + 1,
        where,
        'multiline_cell',
        '这一格有好几行，其中一行像是一整行数据；请核对后面的行有没有被并进这一格',
        null,
        sheet,
      ),
    )
  }
}
