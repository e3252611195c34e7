import type { MergedDown } from './import-types'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { SheetContext } from './xlsx-sheet'
import { readSharedStrings, readSheetRows } from './xlsx-sheet'
import type { InflateBudget, ZipEntry } from './zip'
import { checkDeclaredSizes, openZipEntry, readZipDirectory } from './zip'

/**
 * Streaming .xlsx reading with exceljs's streaming WorkbookReader, fed part by part from the archive's central
 * directory (see zip.ts) instead of from one sequential ZIP stream. Reading the parts in the order the reader
 * needs them (relationships, workbook, styles, then our own shared strings and worksheets, xlsx-sheet.ts) keeps exceljs from spooling
 * worksheets to temporary files, and every part is inflated through a counter with a limit. Rows are checked
 * against the row and column limits as they arrive, so a sheet of a million rows stops at the limit instead of
 * being read whole.
 *
 * exceljs (pinned at 4.4.0) exposes the streaming reader's part parsers only as underscore methods; the type
 * guard below checks they exist, so an upgrade that renames them fails loudly in the tests.
 */

/** Limits applied while a workbook streams. */
export interface XlsxLimits {
  /** Most rows in one sheet (by the row number Excel shows). */
  maxRows: number
  /** Most columns with a value. */
  maxColumns: number
  /** Most bytes the archive may inflate to, declared and actual. */
  maxInflatedBytes: number
}

/** One sheet as read, before padding to a rectangle. */
export interface StreamedSheet {
  name: string
  hidden: boolean
  rows: string[][]
  /** 0-based indexes of the rows Excel hides. */
  hiddenRows: number[]
  /** 0-based indexes of the columns Excel hides. */
  hiddenColumns: number[]
  /** Ranges merged over several rows (xlsx-sheet.ts `SheetRead.mergedDown`). */
  mergedDown: MergedDown[]
}

interface SheetModel {
  name: string
  rId: string
  state?: string
}

interface Relationship {
  Id: string
  Target: string
}

/** The exceljs streaming reader's part parsers (underscore methods of WorkbookReader in exceljs 4.4.0). */
interface StreamWorkbook {
  workbookRels?: Relationship[]
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseStyles(entry: Readable): Promise<void>
}

function isStreamWorkbook(reader: object): reader is StreamWorkbook {
  return ['_parseRels', '_parseWorkbook', '_parseStyles'].every(
    (method) => method in reader && typeof Reflect.get(reader, method) === 'function',
  )
}

/** The sheets the workbook part lists (name, relationship id, visibility), in workbook order. */
function sheetModels(reader: object): SheetModel[] {
  const model: unknown = Reflect.get(reader, 'model')
  const sheets: unknown = typeof model === 'object' && model !== null ? Reflect.get(model, 'sheets') : null
  if (!Array.isArray(sheets)) return []
  return sheets.flatMap((sheet: unknown) => {
    if (typeof sheet !== 'object' || sheet === null) return []
    const name: unknown = Reflect.get(sheet, 'name')
    const rId: unknown = Reflect.get(sheet, 'rId')
    const state: unknown = Reflect.get(sheet, 'state')
    if (typeof name !== 'string' || typeof rId !== 'string') return []
    return [{ name, rId, ...(typeof state === 'string' ? { state } : {}) }]
  })
}

/** Resolves a relationship target of xl/workbook.xml to a path inside the archive. */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = ['xl']
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop()
    else if (segment !== '.' && segment !== '') parts.push(segment)
  }
  return parts.join('/')
}

/** The fewest bytes of worksheet XML that use a shared string: `<c t="s"><v>0</v></c>`. */
const SHARED_STRING_CELL_BYTES = 21

/**
 * Most shared strings the workbook's sheets could use: one per cell of the smallest size the sheets' declared
 * sizes hold (a part that inflates past its declared size is stopped, so these are upper bounds). The strings are
 * parsed before the sheets and held in memory, so a small file whose string table inflates to hundreds of MB of
 * tiny strings (and a sheet that uses none of them) is refused while the table is read.
 */
function maxSharedStrings(entries: readonly ZipEntry[]): number {
  let sheetBytes = 0
  for (const e of entries) if (/^\/?xl\/worksheets\/[^/]+\.xml$/.test(e.name)) sheetBytes += e.size
  return Math.max(1_000, Math.floor(sheetBytes / SHARED_STRING_CELL_BYTES))
}

/** What the worksheets need from the workbook parts the reader has read (shared strings, styles, date system). */
function sheetContext(reader: object, sharedStrings: string[]): SheetContext {
  const styles: unknown = Reflect.get(reader, 'styles')
  const properties: unknown = Reflect.get(reader, 'properties')
  const model: unknown =
    typeof properties === 'object' && properties !== null ? Reflect.get(properties, 'model') : null
  const getStyleModel: unknown =
    typeof styles === 'object' && styles !== null ? Reflect.get(styles, 'getStyleModel') : null
  if (typeof getStyleModel !== 'function') throw new Error('exceljs streaming reader internals changed')
  return {
    sharedStrings,
    styleOf: (id) => {
      const style: unknown = getStyleModel.call(styles, id)
      return typeof style === 'object' && style !== null ? style : null
    },
    date1904: typeof model === 'object' && model !== null && Reflect.get(model, 'date1904') === true,
  }
}

/**
 * Streams the sheets of an .xlsx file. Throws ZipLimitError (damaged, encrypted, inflating past the limit),
 * SheetLimitError (too many rows or columns) or an exceljs/XML error for a damaged part.
 */
export async function streamXlsx(bytes: Uint8Array, limits: XlsxLimits): Promise<StreamedSheet[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const entries = readZipDirectory(buf)
  const budget: InflateBudget = { used: 0, limit: limits.maxInflatedBytes }
  checkDeclaredSizes(entries, budget)
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name.replace(/^\//, ''), e]))
  const open = (name: string): Readable | null => {
    const entry = byName.get(name)
    return entry === undefined ? null : openZipEntry(buf, entry, budget)
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  if (!isStreamWorkbook(reader)) throw new Error('exceljs streaming reader internals changed')
  const rels = open('xl/_rels/workbook.xml.rels')
  const workbook = open('xl/workbook.xml')
  if (rels === null || workbook === null) throw new Error('not a workbook')
  await reader._parseRels(rels)
  await reader._parseWorkbook(workbook)
  const styles = open('xl/styles.xml')
  if (styles !== null) await reader._parseStyles(styles)
  const shared = open('xl/sharedStrings.xml')
  let sharedStrings: string[] = []
  if (shared !== null) {
    try {
      sharedStrings = await readSharedStrings(shared, maxSharedStrings(entries))
    } finally {
      shared.destroy()
    }
  }

  const relTargets = new Map((reader.workbookRels ?? []).map((r) => [r.Id, partPath(r.Target)]))
  const context = sheetContext(reader, sharedStrings)
  const sheets: StreamedSheet[] = []
  for (const model of sheetModels(reader)) {
    const path = relTargets.get(model.rId)
    const part = path === undefined ? null : open(path)
    if (part === null) continue
    try {
      const read = await readSheetRows(part, model.name, context, limits)
      sheets.push({ name: model.name, hidden: (model.state ?? 'visible') !== 'visible', ...read })
    } finally {
      part.destroy()
    }
  }
  return sheets
}
