import { cleanText } from './cell'
import { SheetLimitError, TableFileError, TableFileErrorCode } from './errors'

/**
 * CSV decoding and parsing. Chinese Excel saves "CSV (逗号分隔)" in the ANSI code page, which is GBK on a
 * Chinese Windows; "CSV UTF-8" adds a BOM; WPS and county systems produce either, with or without BOM.
 */

/** Text encodings the CSV reader tells apart. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

/**
 * The byte order of UTF-16 text saved without a byte order mark (a script's or an export's 「Unicode」 CSV), told by
 * its NUL bytes: a CSV is mostly digits, delimiters and line ends, whose high byte is 0, so in the first 4 KB at
 * least a fifth of the bytes on one side are NUL and none on the other (UTF-8 and GBK text holds no NUL at all), and
 * a delimiter or a line end is among them.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 4096) & ~1
  if (length < 4) return null
  let even = 0
  let odd = 0
  let le = false
  let be = false
  const separator = (b: number | undefined): boolean => b === 0x2c || b === 0x09 || b === 0x0a || b === 0x0d
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) even += 1
    if (bytes[i + 1] === 0) odd += 1
    if (bytes[i + 1] === 0 && separator(bytes[i])) le = true
    if (bytes[i] === 0 && separator(bytes[i + 1])) be = true
  }
  const units = length / 2
  if (le && odd >= units / 5 && even === 0) return 'utf-16le'
  if (be && even >= units / 5 && odd === 0) return 'utf-16be'
  return null
}

/**
 * Decodes CSV bytes: a BOM decides; then UTF-16 told by its NUL bytes (utf16WithoutBom); otherwise strict UTF-8,
 * falling back to GB18030 (a superset of GBK).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const [b0, b1, b2] = bytes
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' }
  }
  const utf16 = utf16WithoutBom(bytes)
  if (utf16 !== null) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 }
  try {
    // GBK text is almost never valid UTF-8 (its lead bytes 0x81-0xFE are followed by ASCII-range or
    // continuation-invalid bytes), so a strict decode tells the two apart.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/** Picks the delimiter of the first line: comma, tab (Excel "Unicode text") or semicolon. */
function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/)
  const firstLine = end === -1 ? text : text.slice(0, end)
  const unquoted = firstLine.replace(/"[^"]*"/g, '')
  const counts: [string, number][] = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1])
  counts.sort((a, b) => b[1] - a[1])
  const best = counts[0]
  return best !== undefined && best[1] > 0 ? best[0] : ','
}

/** Row and column limits checked while CSV text is parsed. */
export interface CsvLimits {
  maxRows: number
  maxColumns: number
  /** Sheet name for the error. */
  sheet: string
  /**
   * Told of each quoted field that spans lines looking like whole rows but closes properly (its closing quote is
   * followed by a delimiter or a line end): valid CSV — a purchase list in 备注 — so it is read, and the import warns
   * (0-based row and column where the field opened).
   */
  onLongCell?: (row: number, column: number) => void
}

/** Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA). */
function columnLetters(index: number): string {
  let name = ''
  for (let c = index + 1; c > 0; c = Math.floor((c - 1) / 26))
    name = String.fromCharCode(65 + ((c - 1) % 26)) + name
  return name
}

/**
 * A quoted field that swallowed the rows after it: Notepad or a script left a quote open (`"李四代领` with no closing
 * quote), so everything up to the next quote, or the end of the file, reads as one cell. The field opened at
 * `row` (1-based, the row Excel would show) and column `column` (0-based).
 */
function unclosedQuote(row: number, column: number, atEnd: boolean): TableFileError {
  const where = `第 ${row} 行 ${columnLetters(column)} 列`
  const what = atEnd
    ? `${where}的引号（"）没有闭合，后面的行都会被并进这一格`
    : `${where}的引号（"）把后面几行并进了这一格，像是少了一个引号`
  return new TableFileError(
    TableFileErrorCode.UnreadableFile,
    `无法读取这个 CSV 文件：${what}。请在 Excel 或 WPS 里检查这一格，改正后另存为 .xlsx 再导入`,
  )
}

/**
 * Whether a quoted field that spans lines holds whole rows: a line after its first line break with as many
 * delimiters as the widest row before it (and at least two). A 备注 written on two lines has a comma or two, not
 * a row's worth.
 */
function swallowsRows(field: string, delimiter: string, rowDelimiters: number): boolean {
  const needed = Math.max(2, rowDelimiters)
  const lines = field.split(/\r\n|\r|\n/)
  for (let i = 1; i < lines.length; i++) {
    if ((lines[i] ?? '').split(delimiter).length - 1 >= needed) return true
  }
  return false
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF/LF/CR) into rows of trimmed strings; throws
 * SheetLimitError as soon as a row or column limit is passed, and TableFileError (unreadable_file) for a quote left
 * open: one that runs to the end of the file, or one whose field spans lines that look like whole rows and whose
 * closing quote is not followed by a delimiter or a line end (such a field that does close properly is read, and
 * reported to `limits.onLongCell`).
 */
export function parseCsv(
  text: string,
  limits: CsvLimits = { maxRows: Infinity, maxColumns: Infinity, sheet: '' },
): string[][] {
  const delimiter = detectDelimiter(text)
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  // Where the open quoted field started, and whether it has crossed a line break.
  let quoteRow = 0
  let quoteColumn = 0
  let multiline = false
  // Most delimiters of a row so far (the header's, usually), as the measure of a whole row swallowed by a quote.
  let rowDelimiters = 0
  let i = 0
  const n = text.length
  const endRow = (): void => {
    if (row.length - 1 > rowDelimiters) rowDelimiters = row.length - 1
    if (row.length > limits.maxColumns && row.slice(limits.maxColumns).some((c) => c !== '')) {
      throw new SheetLimitError('columns', limits.sheet)
    }
    rows.push(row)
    if (rows.length > limits.maxRows) throw new SheetLimitError('rows', limits.sheet)
  }
  while (i < n) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        if (multiline && swallowsRows(field, delimiter, rowDelimiters)) {
          // A field that closes where a field can end is well-formed, however many commas it holds; one whose
          // closing quote runs on into text (`"李四代领 … "王五",…`) opened a quote that was never meant to close.
          const next = text[i + 1]
          if (next === undefined || next === delimiter || next === '\r' || next === '\n')
            limits.onLongCell?.(quoteRow - 1, quoteColumn)
          else throw unclosedQuote(quoteRow, quoteColumn, false)
        }
        i += 1
        continue
      }
      if (ch === '\n' || ch === '\r') multiline = true
      field += ch
      i += 1
      continue
    }
    if (ch === '"' && field.trim() === '') {
      field = ''
      quoted = true
      quoteRow = rows.length + 1
      quoteColumn = row.length
      multiline = false
    } else if (ch === delimiter) {
      row.push(cleanText(field))
      field = ''
    } else if (ch === '\r' || ch === '\n') {
      row.push(cleanText(field))
      endRow()
      row = []
      field = ''
      if (ch === '\r' && text[i + 1] === '\n') i += 1
    } else {
      field += ch
    }
    i += 1
  }
  if (quoted) throw unclosedQuote(quoteRow, quoteColumn, true)
  if (field !== '' || row.length > 0) {
    row.push(cleanText(field))
    endRow()
  }
  return rows
}
