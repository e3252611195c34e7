import { cleanText } from './cell'
import { SheetLimitError } from './errors'

/**
 * CSV decoding and parsing. Chinese Excel saves "CSV (逗号分隔)" in the ANSI code page, which is GBK on a
 * Chinese Windows; "CSV UTF-8" adds a BOM; WPS and county systems produce either, with or without BOM.
 */

/** Text encodings the CSV reader tells apart. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

/** Decodes CSV bytes: a BOM decides; otherwise strict UTF-8, falling back to GB18030 (a superset of GBK). */
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
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF/LF/CR) into rows of trimmed strings; throws
 * SheetLimitError as soon as a row or column limit is passed.
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
  let i = 0
  const n = text.length
  const endRow = (): void => {
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
        i += 1
        continue
      }
      field += ch
      i += 1
      continue
    }
    if (ch === '"' && field.trim() === '') {
      field = ''
      quoted = true
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
  if (field !== '' || row.length > 0) {
    row.push(cleanText(field))
    endRow()
  }
  return rows
}
