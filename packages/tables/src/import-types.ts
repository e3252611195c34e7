/** The shapes `importRows` and its streaming variants take and give (see `import.ts`). */
import type { CellValue } from '@cunwu/domain'
import type { AmountUnit } from './header'
import type { CellIssueCode } from './values'
import type { VillageRef } from './village'

/** One imported row: schema column key → value (amounts in fen, dates YYYY-MM-DD, null when blank). */
export type ImportedRow = Record<string, CellValue>

/** Stable codes of import problems: the cell codes plus the table-level ones. */
export type ImportIssueCode =
  | CellIssueCode
  | 'missing_column'
  | 'invalid_mapping'
  | 'duplicate_mapping'
  | 'no_data_rows'
  | 'village_required'
  | 'unknown_village'
  | 'total_mismatch'
  | 'bank_account_luhn'
  | 'duplicate_id_number'
  | 'zero_people'
  | 'row_without_data'
  /** A counted column (金额, 人数) merged over several rows: the value would count once per row. */
  | 'merged_total'
  /** A CSV cell on several lines, one of which looks like a whole row: read as written, to be checked. */
  | 'multiline_cell'
  /** Two visible columns fit one table column equally well; the left one was used. */
  | 'ambiguous_column'

/** A problem with a cell, a column or the table, located for the secretary. */
export interface ImportIssue {
  /** 1-based spreadsheet row (the number Excel shows at the left). */
  row: number
  /** Schema column label, or null for a table-level problem. */
  column: string | null
  /** The worksheet, when rows of several sheets are imported together. */
  sheet?: string
  /** Stable snake_case code. */
  code: ImportIssueCode
  /**
   * Full sentence in plain Chinese with the sheet's row, column letter and header, e.g.
   * 第 12 行 D 列（补贴金额）：不是有效金额（1,2a4.50）.
   */
  message: string
  /** The cell as read, or null. */
  value: string | null
}

/** Why a row with something in it was not imported (docs/spreadsheet-imports.md, "Rows that are not imported"). */
export type SkipReason =
  /** 合计/总计/小计 rows, also with counts (合计15户, 共2户). */
  | 'totals'
  /** A 栏次 row of column numbers under the header (1 2 3 4 5, 甲 乙 1 2 3). */
  | 'column_numbers'
  /** 制表人/审核人/注 lines and notes after the last data row. */
  | 'footer'
  /** A row inside the table with nothing in the imported columns but something elsewhere (序号, 备注): also a warning. */
  | 'no_data'
  /** A row hidden in Excel. */
  | 'hidden'

/** One row that was not imported. */
export interface SkippedRow {
  /** 1-based spreadsheet row. */
  row: number
  reason: SkipReason
  /** The worksheet, when rows of several sheets are imported together. */
  sheet?: string
}

/** Rows that were not imported, by reason. */
export interface SkippedRows {
  /** Rows with nothing in the mapped columns (spacer rows, pre-numbered template rows). */
  blank: number
  /** 合计/总计/小计 rows. */
  totals: number
  /** 制表人/审核人/注 lines after the last data row. */
  footer: number
  /** Rows with something in them that were not imported (truly blank rows are not counted here). */
  count: number
  /** Those rows in sheet order (the first MAX_SKIPPED_LISTED). */
  rows: SkippedRow[]
}

/** Successful import: every row valid. */
export interface ImportSuccess {
  ok: true
  /** Imported rows in sheet order (none when importRowsInSteps was told not to keep them). */
  rows: ImportedRow[]
  /** How many rows were imported. */
  rowCount: number
  /** 1-based spreadsheet row of each imported row. */
  sourceRows: number[]
  /** Division code of each row, when a village column was given. */
  villageCodes: string[] | null
  /** Values of the closing 合计/总计 row for the `total` columns it fills (amounts in fen), or null. */
  declaredTotals: Record<string, number> | null
  /** Sum of each mapped `total` column over the imported rows (amounts in fen; decimals summed exactly). */
  sums: Record<string, number>
  /**
   * Things to check that do not block the import: a total that differs from the sum, doubtful card numbers. The
   * first MAX_WARNINGS_LISTED about rows and cells, and every one about a column or the whole sheet (ambiguous
   * column, 合计 mismatch); `warningCount` counts them all.
   */
  warnings: ImportIssue[]
  /** How many warnings there are in all (`warnings` lists the first ones). */
  warningCount: number
  skipped: SkippedRows
}

/** Failed import: no rows at all, and the first errors. */
export interface ImportFailure {
  ok: false
  /** The first `maxErrors` errors in sheet order. */
  errors: ImportIssue[]
  /** How many errors there are in all. */
  errorCount: number
}

/** Result of importRows. */
export type ImportResult = ImportSuccess | ImportFailure

/** Progress of a running import. */
export interface ImportProgress {
  /** Data rows processed. */
  done: number
  /** Data rows below the header. */
  total: number
}

/** Village column of a township or county roster. */
export interface VillageColumnOption {
  /** 0-based source column index. */
  index: number
  /** Villages the rows may belong to (the township's or county's villages). */
  villages: readonly VillageRef[]
}

/** A range merged over several rows, as filled by the reader: 0-based rows and column, inclusive. */
export interface MergedDown {
  firstRow: number
  lastRow: number
  firstColumn: number
  lastColumn: number
}

/** A quoted CSV cell spanning lines that look like whole rows (0-based row and column). */
export interface LongCell {
  row: number
  column: number
}

/** Options of importRows. */
export interface ImportOptions {
  /** 0-based index of the header row in rows (from detectHeader); data starts below it. */
  headerRow: number
  /** Called every PROGRESS_EVERY rows and once at the end. */
  onProgress?: (progress: ImportProgress) => void
  /** Village column: every row must name a known village. */
  villageColumn?: VillageColumnOption
  /** Amount columns whose source is in 万元 (from detectHeader). @default 元 for every column */
  amountUnits?: Record<string, AmountUnit>
  /** How many errors are returned at most (all are counted). @default 200 */
  maxErrors?: number
  /**
   * The sheet's own header labels by source column, named in messages with the column letter. @default the header
   * row's cells
   */
  sourceLabels?: readonly string[]
  /** Sheet rows hidden in Excel (0-based indexes into rows): skipped and reported. @default none */
  hiddenRows?: ReadonlySet<number>
  /** The worksheet's name, put before every message: for rows of several sheets imported together. @default none */
  sheetName?: string
  /**
   * ID numbers already seen, with their row and sheet: pass the same map to every sheet of one import so a person on
   * two sheets is reported as a duplicate too (it is filled as rows pass). @default a map of this call only
   */
  seenIdNumbers?: Map<string, { row: number; sheet?: string }>
  /**
   * Vertical merged ranges of the sheet (from the reader, `ReadSheet.mergedDown`): a column counted in the totals
   * keeps a merged value in the range's first row only (docs/spreadsheet-imports.md). @default none
   */
  mergedDown?: readonly MergedDown[]
  /** Table columns two source columns fit equally well (HeaderDetection.ambiguous): each is a warning. */
  ambiguousColumns?: readonly { key: string; chosen: number; other: number }[]
  /** CSV cells on several lines that look like whole rows (`SheetRows.longCells`): each is a warning. @default none */
  longCells?: readonly LongCell[]
  /**
   * importRowsInSteps only: false drops the rows a step gave, so only the caller holds them; the result's `rows`,
   * `sourceRows` and `villageCodes` are then empty and `rowCount` says how many passed. @default true
   */
  keepRows?: boolean
}

/** One step of importRowsInSteps: the progress so far and the rows accepted since the last step. */
export interface ImportStep {
  progress: ImportProgress
  /** Rows that passed since the last step, in sheet order (none once any row failed). */
  rows: ImportedRow[]
  /** 1-based spreadsheet row of each of those rows. */
  sourceRows: number[]
  /** Division code of each of those rows, when a village column was given. */
  villageCodes: string[] | null
}
