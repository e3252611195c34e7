import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'
import type { CellValue } from 'exceljs'
import { FORMULA_ERROR, cleanText, renderCellValue, renderDate, renderNumber } from './cell'
import { SheetLimitError } from './errors'

/**
 * Reads one worksheet part (sheet XML) straight into rows of trimmed cell strings. exceljs's streaming worksheet
 * reader builds a Row and Cell object (with its style) for every cell and its value through the Cell setters; on a
 * 200,000-row roster that was a third of the reading time and much of the garbage. This reader takes the same XML
 * events from exceljs's own SAX helper and makes the same decisions as exceljs 4.4.0's `WorksheetReader.parse`
 * (lib/stream/xlsx/worksheet-reader.js: shared strings, inline strings, booleans, errors, dates by the cell's or
 * its row's number format, the 1904 date system, exceljs's own XML unescaping of string cells), rendered as
 * `renderCellValue` renders exceljs values. Where the Cell setters lost information it reads what Excel shows: a
 * formula whose cached result is 0 or an empty string reads 0 or blank (exceljs dropped falsy results, so they
 * read as a formula error); a row or cell without its optional `r` attribute follows the one before it.
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
  /** The shared-strings table (strings, or `{ richText }` for formatted ones). */
  sharedStrings: readonly unknown[]
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

/** The column number (1 = A) of a cell reference such as `AB12`, or 0 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i)
    if (code < 65 || code > 90) break
    col = col * 26 + code - 64
  }
  return col
}

/** One `<c>` as it is read. */
interface OpenCell {
  col: number
  style: number
  type: string | undefined
  formula: string | null
  value: string | null
}

/**
 * Reads a worksheet's rows as trimmed cell strings (rows[0] is row 1; a row's cells up to its last value),
 * refusing a row past `maxRows` as soon as it starts and a value past `maxColumns`.
 */
export async function readSheetRows(
  part: Readable,
  name: string,
  context: SheetContext,
  limits: SheetLimits,
): Promise<string[][]> {
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
      const n = parseFloat(c.value)
      return Number.isFinite(n) ? renderNumber(n) : FORMULA_ERROR
    }
    if (c.value === null) return ''
    switch (c.type) {
      case 's':
        return renderCellValue((sharedStrings[parseInt(c.value, 10)] ?? null) as CellValue)
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
  let inRows = false
  let rowNumber = 0
  let cells: string[] | null = null
  let rowNumFmt: unknown = undefined
  let lastCol = 0
  let cell: OpenCell | null = null
  // The part of the open cell that text goes to (as in exceljs: the last of <f>, <v>, <is>, <t> opened).
  let into: 'formula' | 'value' | null = null

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
            rowNumber = Number.isNaN(r) ? rowNumber + 1 : r
            if (rowNumber > limits.maxRows) throw new SheetLimitError('rows', name)
            cells = []
            lastCol = 0
            const s = parseInt(attributes.s ?? '', 10)
            rowNumFmt = s ? styleOf(s)?.numFmt : undefined
            break
          }
          case 'c':
            if (cells !== null) {
              const col = attributes.r === undefined ? 0 : columnOf(attributes.r)
              cell = {
                col: col === 0 ? lastCol + 1 : col,
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
          case 'is':
          case 't':
            if (cell !== null) {
              cell.value = ''
              into = 'value'
            }
            break
          default:
            break
        }
      } else {
        switch (event.value.name) {
          case 'sheetData':
            inRows = false
            break
          case 'row':
            if (cells === null) break
            while (rows.length < rowNumber - 1) rows.push([])
            rows[rowNumber - 1] = cells
            cells = null
            break
          case 'c': {
            if (cells === null || cell === null) break
            const { col } = cell
            lastCol = col
            const value = text(cell, rowNumFmt)
            cell = null
            if (value === '') break
            if (col > limits.maxColumns) throw new SheetLimitError('columns', name)
            while (cells.length < col - 1) cells.push('')
            cells[col - 1] = value
            break
          }
          default:
            break
        }
      }
    }
  }
  return rows
}
