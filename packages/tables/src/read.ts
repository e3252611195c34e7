import type { LongCell, MergedDown } from './import-types'
import { decodeCsv, parseCsv } from './csv'
import { SAVE_AS_XLSX, SheetLimitError, TableFileError, TableFileErrorCode } from './errors'
import { streamXlsx } from './xlsx-stream'
import { ZipLimitError, checkDeclaredSizes, readZipDirectory } from './zip'

/** One worksheet as a rectangle of trimmed strings; rows[0] is spreadsheet row 1. */
export interface SheetRows {
  /** Worksheet name (for a CSV file: the file name without extension). */
  name: string
  /** Whether the worksheet is hidden in Excel (county exports hide lookup sheets). */
  hidden: boolean
  /**
   * Cell strings; every row has the same length; trailing blank rows are dropped. Every cell of a merged range
   * holds the range's top-left value (in rows that hold a value of their own).
   */
  rows: string[][]
  /**
   * 0-based indexes into rows of the rows Excel hides (hidden, filtered out by an AutoFilter, or in a collapsed
   * outline), in order; the import skips and reports them. Always empty for CSV.
   */
  hiddenRows: number[]
  /**
   * 0-based indexes of the columns Excel hides, in order, within the rows' width; header matching prefers a
   * visible column to a hidden one of the same label. Always empty for CSV.
   */
  hiddenColumns: number[]
  /**
   * Ranges merged over several rows whose cells were filled with the top-left value (0-based, inclusive); the import
   * uses them for counted columns and headers merged into the data. Absent for CSV.
   */
  mergedDown?: MergedDown[]
  /**
   * CSV only: quoted cells spanning lines of which one looks like a whole row (0-based row and column), read as
   * written; the import warns about each (`multiline_cell`).
   */
  longCells?: LongCell[]
}

/** The sheets of a table file. */
export interface TableFile {
  /** File format that was read. */
  format: 'xlsx' | 'csv'
  /** Sheets in workbook order (a CSV file has one). */
  sheets: SheetRows[]
}

/** Options of readTableFile; give the file name, the MIME type or both. */
export interface ReadTableFileOptions {
  /** Original file name; its extension decides the format together with the content. */
  filename?: string
  /** MIME type as uploaded. */
  mimeType?: string
  /** Largest accepted file. @default 10 MiB */
  maxBytes?: number
  /** Most rows accepted per sheet, counted while the sheet is read. @default 100000 */
  maxRows?: number
  /** Most columns with a value, counted while the sheet is read. @default 100 */
  maxColumns?: number
  /**
   * Most bytes an .xlsx may inflate to: the sizes its ZIP directory declares are checked before anything is
   * inflated, and the actual bytes are counted while it streams. @default 256 MiB
   */
  maxInflatedBytes?: number
}

/** Default size limit: a 10,000-row roster is about 0.5 MB as .xlsx and 1.5 MB as .csv. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024
/** Default row limit per sheet. */
export const DEFAULT_MAX_ROWS = 100_000
/** Default column limit: rosters have a few dozen columns; Excel allows 16,384, and every row is padded. */
export const DEFAULT_MAX_COLUMNS = 100
/**
 * Default inflated-size limit of an .xlsx. Worksheet XML is about 10× its compressed size (a 200,000-row county
 * roster is about 13 MB as .xlsx and about 140 MB inflated); a ZIP bomb is thousands of times.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const CSV_MIMES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'text/plain'])
function extensionOf(filename: string | undefined): string {
  const match = filename === undefined ? null : /\.([^./\\]+)$/.exec(filename)
  return match?.[1]?.toLowerCase() ?? ''
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** Decides the format from the content first (magic bytes) and the name or MIME type second. */
function detectFormat(bytes: Uint8Array, options: ReadTableFileOptions): 'xlsx' | 'csv' {
  const ext = extensionOf(options.filename)
  const mime = options.mimeType?.split(';')[0]?.trim().toLowerCase() ?? ''
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])
  const isOle = startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])
  if (isZip) {
    // Without a name, any ZIP that is not declared as another Office format is tried as a workbook (mini-program
    // uploads often arrive as application/octet-stream).
    const otherOffice = mime.startsWith('application/vnd.') && mime !== XLSX_MIME && !mime.includes('excel')
    if (ext === 'xlsx' || ext === 'xlsm' || (ext === '' && !otherOffice)) return 'xlsx'
    throw new TableFileError(
      TableFileErrorCode.UnsupportedFileType,
      `不支持这种文件（${ext ? `.${ext}` : mime}）。${SAVE_AS_XLSX}`,
    )
  }
  if (isOle) {
    if (ext === 'xlsx') {
      throw new TableFileError(
        TableFileErrorCode.UnreadableFile,
        `文件设置了打开密码，或是旧版 .xls 文件改了扩展名。请去掉密码，${SAVE_AS_XLSX}`,
      )
    }
    throw new TableFileError(
      TableFileErrorCode.UnsupportedFileType,
      `不支持旧版 .xls / .et 格式。${SAVE_AS_XLSX}`,
    )
  }
  if (ext === 'xlsx') {
    throw new TableFileError(
      TableFileErrorCode.UnreadableFile,
      `文件已损坏，或不是真正的 .xlsx 文件。${SAVE_AS_XLSX}`,
    )
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256)).trimStart().toLowerCase()
  if (head.startsWith('<')) {
    // County systems often export an HTML table named .xls.
    throw new TableFileError(
      TableFileErrorCode.UnsupportedFileType,
      `这是网页格式的表格（扩展名 .${ext || 'html'}），不是 Excel 文件。${SAVE_AS_XLSX}`,
    )
  }
  if (ext === 'csv' || (ext === '' && CSV_MIMES.has(mime))) return 'csv'
  // Windows browsers upload .csv as application/vnd.ms-excel; the extension already failed above, so only the
  // MIME type is left to go by.
  if (ext === '' && mime === 'application/vnd.ms-excel') return 'csv'
  throw new TableFileError(
    TableFileErrorCode.UnsupportedFileType,
    `不支持这种文件（${ext ? `.${ext}` : mime || '未知类型'}），只能导入 .xlsx 或 .csv 表格`,
  )
}

function tooManyRows(name: string, maxRows: number): TableFileError {
  // Only rows with a value count: blank rows that carry only formatting never reach this.
  return new TableFileError(
    TableFileErrorCode.TooManyRows,
    `工作表「${name}」有内容的行超过 ${maxRows} 行（含标题、表头和合计行），请拆分成几个文件分别导入`,
  )
}

function tooManyColumns(name: string, maxColumns: number): TableFileError {
  return new TableFileError(
    TableFileErrorCode.TooManyColumns,
    `工作表「${name}」超过 ${maxColumns} 列，请删掉无关的列再导入`,
  )
}

function limitPassed(error: SheetLimitError, limits: Limits): TableFileError {
  if (error.limit === 'strings')
    return new TableFileError(
      TableFileErrorCode.TooManyRows,
      '文件里的文字条目比工作表能用到的多得多，不像正常的表格；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入',
    )
  return error.limit === 'rows'
    ? tooManyRows(error.sheet, limits.maxRows)
    : tooManyColumns(error.sheet, limits.maxColumns)
}

interface Limits {
  maxRows: number
  maxColumns: number
  maxInflatedBytes: number
}

/** Pads rows to one width and drops trailing blank rows. */
function rectangle(rows: string[][]): string[][] {
  let last = rows.length - 1
  while (last >= 0 && (rows[last] ?? []).every((c) => c === '')) last -= 1
  const kept = rows.slice(0, last + 1)
  let width = 0
  for (const row of kept) {
    let w = row.length
    while (w > 0 && row[w - 1] === '') w -= 1
    if (w > width) width = w
  }
  return kept.map((row) => {
    if (row.length === width) return row
    if (row.length > width) return row.slice(0, width)
    return row.concat(Array<string>(width - row.length).fill(''))
  })
}

/** The refusal of an archive that would inflate past the limit. */
function inflatesTooMuch(cause: unknown): TableFileError {
  return new TableFileError(
    TableFileErrorCode.FileTooLarge,
    '文件解压后内容太大，不像正常的表格；请删掉无关的工作表、图片或格式后再导入',
    { cause },
  )
}

async function readXlsx(bytes: Uint8Array, limits: Limits): Promise<SheetRows[]> {
  try {
    const sheets = await streamXlsx(bytes, limits)
    return sheets.map((sheet) => {
      const rows = rectangle(sheet.rows)
      const width = rows[0]?.length ?? 0
      return {
        ...sheet,
        rows,
        hiddenRows: sheet.hiddenRows.filter((r) => r < rows.length),
        hiddenColumns: sheet.hiddenColumns.filter((c) => c < width),
      }
    })
  } catch (error) {
    // A damaged sheet the reader can name (a row written twice) says so itself.
    if (error instanceof TableFileError) throw error
    if (error instanceof SheetLimitError) throw limitPassed(error, limits)
    if (error instanceof ZipLimitError && error.reason === 'too_large') throw inflatesTooMuch(error)
    if (error instanceof ZipLimitError && error.reason === 'encrypted') {
      throw new TableFileError(
        TableFileErrorCode.UnreadableFile,
        `文件设置了密码，请去掉密码，${SAVE_AS_XLSX}`,
        {
          cause: error,
        },
      )
    }
    throw new TableFileError(
      TableFileErrorCode.UnreadableFile,
      `无法读取这个 .xlsx 文件，文件可能已损坏。${SAVE_AS_XLSX}`,
      { cause: error },
    )
  }
}

function readCsv(bytes: Uint8Array, filename: string | undefined, limits: Limits): SheetRows[] {
  const { text } = decodeCsv(bytes)
  const name = filename?.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '') || 'Sheet1'
  try {
    const longCells: LongCell[] = []
    const onLongCell = (row: number, column: number): void => {
      longCells.push({ row, column })
    }
    const rows = rectangle(parseCsv(text, { ...limits, sheet: name, onLongCell }))
    return [
      {
        name,
        hidden: false,
        rows,
        hiddenRows: [],
        hiddenColumns: [],
        ...(longCells.length > 0 ? { longCells } : {}),
      },
    ]
  } catch (error) {
    if (error instanceof SheetLimitError) throw limitPassed(error, limits)
    throw error
  }
}

/**
 * Reads an .xlsx or .csv file into sheets of trimmed cell strings, refusing other formats and oversized files
 * with a TableFileError.
 */
export async function readTableFile(bytes: Uint8Array, options: ReadTableFileOptions): Promise<TableFile> {
  const limits = checkSize(bytes, options)
  const format = detectFormat(bytes, options)
  const sheets = format === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, options.filename, limits)
  return { format, sheets }
}

/**
 * The checks of readTableFile that parse nothing: the file's size, its format (an old .xls, an HTML table, a
 * renamed or password-protected file) and, for a ZIP, the uncompressed sizes its directory declares. A server can
 * run them before handing the file to a worker, so an honest ZIP bomb costs microseconds. Throws the
 * TableFileError readTableFile would; anything it cannot tell is left to readTableFile.
 */
export function precheckTableFile(bytes: Uint8Array, options: ReadTableFileOptions): void {
  const limits = checkSize(bytes, options)
  detectFormat(bytes, options)
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return
  let entries
  try {
    entries = readZipDirectory(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch {
    return
  }
  try {
    checkDeclaredSizes(entries, { used: 0, limit: limits.maxInflatedBytes })
  } catch (error) {
    if (error instanceof ZipLimitError && error.reason === 'too_large') throw inflatesTooMuch(error)
  }
}

/** Refuses an empty or oversized file; returns the limits with their defaults. */
function checkSize(bytes: Uint8Array, options: ReadTableFileOptions): Limits {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const limits: Limits = {
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    maxColumns: options.maxColumns ?? DEFAULT_MAX_COLUMNS,
    maxInflatedBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
  }
  if (bytes.byteLength > maxBytes) {
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1)
    throw new TableFileError(
      TableFileErrorCode.FileTooLarge,
      `文件太大（${mb(bytes.byteLength)} MB），最大 ${mb(maxBytes)} MB；请删掉无关的工作表或拆分后再导入`,
    )
  }
  if (bytes.byteLength === 0) throw new TableFileError(TableFileErrorCode.UnreadableFile, '文件是空的')
  return limits
}
