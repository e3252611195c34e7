import type { MergedDown } from './import-types'
import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'
import { FORMULA_ERROR, cleanText, renderDate, renderNumber } from './cell'
import { SAVE_AS_XLSX, SheetLimitError, TableFileError, TableFileErrorCode } from './errors'
import { columnLetter } from './import-report'
import { columnOf, mergeFiller } from './xlsx-merges'

/**
 * Reads one worksheet part (sheet XML) straight into rows of trimmed cell strings. exceljs's streaming worksheet
 * reader builds a Row and Cell object (with its style) for every cell and its value through the Cell setters; on a
 * 200,000-row roster that was a third of the reading time and much of the garbage. This reader takes the same XML
 * events from exceljs's own SAX helper and makes the same decisions as exceljs 4.4.0's `WorksheetReader.parse`
 * (lib/stream/xlsx/worksheet-reader.js: shared strings, inline strings, booleans, errors, dates by the cell's or
 * its row's number format, the 1904 date system, exceljs's own XML unescaping of string cells), rendered as
 * `renderCellValue` renders exceljs values. Where the Cell setters lost information it reads what Excel shows: a
 * formula whose cached result is 0 or an empty string reads 0 or blank (exceljs dropped falsy results, so they
 * read as a formula error); a row or cell without its optional `r` attribute follows the one before it; a string of
 * several formatted runs reads as all its runs joined, without phonetic (`<rPh>`) runs (exceljs kept the last run
 * of an inline string); a `t="d"` cell holds an ISO 8601 date as text; a merged range reads its top-left value in
 * every cell; hidden rows and columns are listed. See docs/spreadsheet-imports.md ("What the reader gives").
 */

/** The SAX events exceljs's helper (lib/utils/parse-sax.js) yields: a batch per chunk of XML. */
type SaxEvent =
  | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
  | { eventType: 'closetag'; value: { name: string } }
  | { eventType: 'text'; value: string }

interface ExcelUtils {
  xmlDecode(text: string): string
  isDateFmt(fmt: unknown): boolean
  excelToDate(serial: number, date1904: boolean): Date
}

const requireFromHere = createRequire(import.meta.url)
const parseSax: unknown = requireFromHere('exceljs/lib/utils/parse-sax.js')
const excelUtils: unknown = requireFromHere('exceljs/lib/utils/utils.js')

function isExcelUtils(value: unknown): value is ExcelUtils {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['xmlDecode', 'isDateFmt', 'excelToDate'].every((f) => typeof Reflect.get(value, f) === 'function')
  )
}

/** exceljs's SAX helper and utilities, checked: an exceljs upgrade that moves them fails loudly in the tests. */
function helpers(): { events: (part: Readable) => AsyncIterable<SaxEvent[]>; utils: ExcelUtils } {
  if (typeof parseSax !== 'function' || !isExcelUtils(excelUtils))
    throw new Error('exceljs SAX helper or utilities changed')
  const sax = parseSax
  return { events: (part) => sax(part) as AsyncIterable<SaxEvent[]>, utils: excelUtils }
}

/** What a worksheet needs from the workbook read before it. */
export interface SheetContext {
  /** The shared-strings table, each string with its runs joined (readSharedStrings). */
  sharedStrings: readonly string[]
  /** The style of a cell style id (its `numFmt` is the number format), or null when the workbook has none. */
  styleOf(styleId: number): { numFmt?: unknown } | null
  /** The workbook counts dates from 1904 (old Mac Excel). */
  date1904: boolean
}

/** Limits checked while the sheet streams. */
export interface SheetLimits {
  maxRows: number
  maxColumns: number
}

/**
 * Reads the shared-strings part (xl/sharedStrings.xml): each `<si>` is the text of its `<t>` elements joined (a
 * plain string has one, a formatted one a `<t>` per run `<r>`), leaving out phonetic guides (`<rPh>` runs, ECMA-376
 * Part 1 §18.4), which Excel does not show in the cell. exceljs's reader kept rich strings as run objects and let a
 * phonetic guide replace a plain string's text. The table is held while the sheets are read, so it is refused
 * (SheetLimitError 'strings') as soon as it holds more than `max` strings.
 */
export async function readSharedStrings(part: Readable, max: number): Promise<string[]> {
  const { events } = helpers()
  const strings: string[] = []
  let text: string | null = null
  let inText = false
  let phonetic = 0
  for await (const batch of events(part)) {
    for (const event of batch) {
      if (event.eventType === 'text') {
        if (inText && phonetic === 0 && text !== null) text += event.value
      } else if (event.eventType === 'opentag') {
        const tag = event.value.name
        if (tag === 'si') text = ''
        else if (tag === 't') inText = true
        else if (tag === 'rPh') phonetic += 1
      } else {
        const tag = event.value.name
        if (tag === 't') inText = false
        else if (tag === 'rPh') phonetic = Math.max(0, phonetic - 1)
        else if (tag === 'si' && text !== null) {
          if (strings.length >= max) throw new SheetLimitError('strings', '共享字符串')
          strings.push(text)
          text = null
        }
      }
    }
  }
  return strings
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/
const ISO_TIME = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/

/**
 * Renders a `t="d"` cell: an ISO 8601 date, date-time or time as text (ECMA-376 Part 1 §18.18.11 ST_CellType
 * `d`; Strict Open XML and openpyxl's `iso_dates` write these). The time is Excel's wall clock, so a zone suffix
 * is ignored, as a serial carries none. Text that is not one is returned as it is, for the checks to refuse.
 */
function renderIsoDate(text: string): string {
  const date = ISO_DATE.exec(text)
  const time = date === null ? ISO_TIME.exec(text) : null
  const n = (s: string | undefined): number => (s === undefined ? 0 : parseInt(s, 10))
  const ms = (s: string | undefined): number => (s === undefined ? 0 : Math.round(Number(`0.${s}`) * 1000))
  if (date !== null) {
    const [, y, mo, d, h, mi, sec, frac] = date
    const value = new Date(Date.UTC(n(y), n(mo) - 1, n(d), n(h), n(mi), n(sec), ms(frac)))
    // Date.UTC rolls 2026-02-30 over into March: such a date is not one.
    if (value.getUTCMonth() !== n(mo) - 1 || value.getUTCDate() !== n(d)) return text
    value.setUTCFullYear(n(y))
    return renderDate(value)
  }
  if (time !== null) {
    const [, h, mi, sec, frac] = time
    return renderDate(new Date(Date.UTC(1899, 11, 30, n(h), n(mi), n(sec), ms(frac))))
  }
  return text
}

/**
 * The refusal of a sheet that writes a row, or a cell of a row, twice or out of order: Excel writes them in order and
 * repairs such a file by dropping records, and reading on would let the later one replace the earlier silently.
 */
function damaged(name: string, what: string): TableFileError {
  return new TableFileError(
    TableFileErrorCode.UnreadableFile,
    `工作表「${name}」${what}，文件可能已损坏。${SAVE_AS_XLSX}`,
  )
}

/** One `<c>` as it is read. */
interface OpenCell {
  col: number
  style: number
  type: string | undefined
  formula: string | null
  value: string | null
}

/** A worksheet as read: rows of trimmed cell strings, and which of them Excel hides. */
export interface SheetRead {
  /** rows[0] is row 1; a row's cells up to its last value; rows after the last row with a value are left out. */
  rows: string[][]
  /** 0-based indexes into rows of the rows Excel hides (`<row hidden="1">`: hidden, filtered out, collapsed), in order. */
  hiddenRows: number[]
  /** 0-based indexes of hidden columns (`<col hidden="1">`), below `maxColumns`, in order. */
  hiddenColumns: number[]
  /**
   * Ranges merged over several rows that were filled (0-based, inclusive, within the rows and columns holding
   * values), at most MAX_MERGED_DOWN (xlsx-merges.ts): the import keeps a counted value (金额, 人数) once and leaves a header merged
   * down into the data blank (docs/spreadsheet-imports.md).
   */
  mergedDown: MergedDown[]
}

/**
 * Reads a worksheet's rows as trimmed cell strings, refusing a value in a row past `maxRows` or a column past
 * `maxColumns` as soon as it is read. Rows without a value (a border or a style carried down to row 25,000) are
 * not counted and not kept. Every cell of a merged range (`<mergeCell ref="A2:A4">`, listed after the rows) reads
 * the range's top-left value, within the rows and columns that hold values: the rows are all read by the time the
 * merges arrive, so they are filled in place and nothing is held for them.
 */
export async function readSheetRows(
  part: Readable,
  name: string,
  context: SheetContext,
  limits: SheetLimits,
): Promise<SheetRead> {
  const { events, utils } = helpers()
  const { sharedStrings, date1904 } = context
  const styles = new Map<number, { numFmt?: unknown } | null>()
  const styleOf = (styleId: number): { numFmt?: unknown } | null => {
    let style = styles.get(styleId)
    if (style === undefined) {
      style = context.styleOf(styleId)
      styles.set(styleId, style)
    }
    return style
  }

  const text = (c: OpenCell, rowNumFmt: unknown): string => {
    if (c.formula !== null) {
      // The result Excel saved; no recalculation. None, or an error result, reads as a formula error.
      if (c.value === null || c.type === 'e') return FORMULA_ERROR
      if (c.type === 'str') return cleanText(utils.xmlDecode(c.value))
      if (c.type === 'd') return renderIsoDate(c.value.trim())
      const n = parseFloat(c.value)
      return Number.isFinite(n) ? renderNumber(n) : FORMULA_ERROR
    }
    if (c.value === null) return ''
    switch (c.type) {
      case 's': {
        const shared = sharedStrings[parseInt(c.value, 10)]
        return shared === undefined ? '' : cleanText(shared)
      }
      case 'd':
        return renderIsoDate(c.value.trim())
      case 'inlineStr':
      case 'str':
        return cleanText(utils.xmlDecode(c.value))
      case 'e':
        return c.value
      case 'b':
        return parseInt(c.value, 10) !== 0 ? 'TRUE' : 'FALSE'
      default: {
        // A cell's own style replaces its row's (exceljs: Cell style, else the row's merged in).
        const own = c.style ? styleOf(c.style) : null
        const numFmt = own !== null ? own.numFmt : rowNumFmt
        const n = parseFloat(c.value)
        return utils.isDateFmt(numFmt) ? renderDate(utils.excelToDate(n, date1904)) : renderNumber(n)
      }
    }
  }

  const rows: string[][] = []
  const hiddenRows: number[] = []
  const hiddenColumns = new Set<number>()
  let inRows = false
  let rowsRead = false
  let rowNumber = 0
  let rowHidden = false
  let cells: string[] | null = null
  let rowNumFmt: unknown = undefined
  let lastCol = 0
  // The widest column holding a value: merged ranges are filled up to it and no further.
  let width = 0
  let cell: OpenCell | null = null
  // The part of the open cell that text goes to: the formula, or the value (<v>, or a <t> of an inline string
  // that is not in a phonetic run).
  let into: 'formula' | 'value' | null = null
  let phonetic = 0
  const merges = mergeFiller(rows, name)

  for await (const batch of events(part)) {
    for (const event of batch) {
      if (event.eventType === 'text') {
        if (cell !== null && into !== null) cell[into] = (cell[into] ?? '') + event.value
      } else if (event.eventType === 'opentag') {
        const { name: tag, attributes } = event.value
        switch (tag) {
          case 'sheetData':
            inRows = true
            break
          case 'row': {
            if (!inRows) break
            const r = parseInt(attributes.r ?? '', 10)
            const previous = rowNumber
            rowNumber = Number.isNaN(r) ? rowNumber + 1 : r
            // Rows come in order, each once: Excel writes them so, and repairs a file that does not by dropping some.
            if (rowNumber < 1) throw damaged(name, `有一行的行号是 ${attributes.r ?? ''}`)
            if (rowNumber === previous) throw damaged(name, `第 ${rowNumber} 行在文件里出现了两次`)
            if (rowNumber < previous)
              throw damaged(name, `的行没有按顺序排列（第 ${rowNumber} 行排在第 ${previous} 行之后）`)
            rowHidden = attributes.hidden === '1' || attributes.hidden === 'true'
            cells = []
            lastCol = 0
            const s = parseInt(attributes.s ?? '', 10)
            rowNumFmt = s ? styleOf(s)?.numFmt : undefined
            break
          }
          case 'c':
            if (cells !== null) {
              const given = attributes.r === undefined ? 0 : columnOf(attributes.r)
              const col = given === 0 ? lastCol + 1 : given
              // Cells of a row come in order, each once, like the rows.
              if (col === lastCol)
                throw damaged(name, `第 ${rowNumber} 行 ${columnLetter(col - 1)} 列在文件里出现了两次`)
              if (col < lastCol)
                throw damaged(
                  name,
                  `第 ${rowNumber} 行的格没有按顺序排列（${columnLetter(col - 1)} 列排在 ${columnLetter(lastCol - 1)} 列之后）`,
                )
              cell = {
                col,
                style: parseInt(attributes.s ?? '', 10),
                type: attributes.t,
                formula: null,
                value: null,
              }
            }
            break
          case 'f':
            if (cell !== null) {
              cell.formula = ''
              into = 'formula'
            }
            break
          case 'v':
            if (cell !== null) {
              cell.value = ''
              into = 'value'
            }
            break
          case 'is':
            if (cell !== null) cell.value = ''
            break
          case 'rPh':
            phonetic += 1
            break
          case 't':
            // Each formatted run of an inline string has its own <t>; the runs are joined.
            if (cell !== null && phonetic === 0) {
              cell.value ??= ''
              into = 'value'
            }
            break
          case 'col':
            if (!inRows && (attributes.hidden === '1' || attributes.hidden === 'true')) {
              const min = parseInt(attributes.min ?? '', 10)
              const max = Math.min(parseInt(attributes.max ?? '', 10) || min, limits.maxColumns)
              for (let c = min; c >= 1 && c <= max; c++) hiddenColumns.add(c - 1)
            }
            break
          case 'mergeCell':
            merges.add(attributes.ref ?? '', rowsRead, width)
            break
          default:
            break
        }
      } else {
        switch (event.value.name) {
          case 'sheetData':
            inRows = false
            rowsRead = true
            break
          case 'f':
          case 'v':
          case 't':
            into = null
            break
          case 'rPh':
            phonetic = Math.max(0, phonetic - 1)
            break
          case 'row':
            if (cells === null) break
            // Only rows with a value are kept (and counted against the row limit, when their first value is read).
            if (cells.length > 0) {
              while (rows.length < rowNumber - 1) rows.push([])
              rows[rowNumber - 1] = cells
              if (rowHidden) hiddenRows.push(rowNumber - 1)
            }
            cells = null
            break
          case 'c': {
            if (cells === null || cell === null) break
            const { col } = cell
            lastCol = col
            const value = text(cell, rowNumFmt)
            cell = null
            into = null
            if (value === '') break
            if (col > limits.maxColumns) throw new SheetLimitError('columns', name)
            if (rowNumber > limits.maxRows) throw new SheetLimitError('rows', name)
            while (cells.length < col - 1) cells.push('')
            cells[col - 1] = value
            if (col > width) width = col
            break
          }
          default:
            break
        }
      }
    }
  }
  merges.finish(width)
  return {
    rows,
    // In order and each once: rows come in order (a row written twice refuses the sheet).
    hiddenRows,
    hiddenColumns: [...hiddenColumns].sort((a, b) => a - b),
    mergedDown: merges.mergedDown,
  }
}
