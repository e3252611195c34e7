import v8 from 'node:v8'
import vm from 'node:vm'
import { parentPort } from 'node:worker_threads'
import type { RowSource, TableSchema } from '@cunwu/domain'
import type { ImportResult, ImportedRow, LongCell, MergedDown, SheetReport } from '@cunwu/tables'
import {
  TableFileError,
  detectAmountUnits,
  detectHeader,
  detectSheets,
  importRowsInSteps,
  mergeImportResults,
  readTableFile,
} from '@cunwu/tables'
import type { MainMessage, ParseRequest, SheetFacts, UsedSheet, WorkerMessage } from './table-import-protocol'
import { unmappedOf } from './table-import-protocol'

/**
 * Worker thread of a table import (started by table-import-parser.ts): reads the spreadsheet, finds the sheet,
 * header and columns, and converts every row, off the server's event loop and inside its own heap limit. It
 * imports @cunwu/tables and the protocol only. A worker is kept warm and serves one request after another (the
 * main thread sends the next only once this one answered); after each it collects its garbage, so an idle worker
 * holds little more than its loaded code.
 */

/**
 * Batches of rows (one per step of the conversion, at most 1,000 rows: small enough that the main thread never
 * stalls on one) sent and not yet taken: the conversion goes on while the main thread stores the last few, and
 * waits when this many are outstanding.
 */
const ROWS_IN_FLIGHT = 4

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message)
}

/** Batches sent that the main thread has not answered with `'more'` yet. */
let untaken = 0
/** Who waits for the main thread's next `'more'`. */
let wantsMore: (() => void) | null = null

function nextMore(): Promise<void> {
  return new Promise((resolve) => (wantsMore = resolve))
}

/** Sends a batch of rows, then waits while too many are outstanding. */
async function sendRows(
  rows: ImportedRow[],
  villageCodes: string[] | null,
  sources: RowSource[],
): Promise<void> {
  post({ type: 'rows', rows, villageCodes, sources })
  untaken++
  while (untaken >= ROWS_IN_FLIGHT) await nextMore()
}

/** Waits until the main thread has taken every batch sent. */
async function allTaken(): Promise<void> {
  while (untaken > 0) await nextMore()
}

/**
 * A full garbage collection, run between requests: V8 returns freed pages to the system only after one, and an idle
 * worker would otherwise keep the last file's heap. `gc` exists only with --expose-gc, which a worker cannot be
 * started with (a V8 option); the flag is set for the moment of creating a context that has it.
 */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc')
  const gc: unknown = vm.runInNewContext('gc')
  v8.setFlagsFromString('--no-expose-gc')
  return typeof gc === 'function' ? () => gc() : () => undefined
})()

/** A sheet as read, with the rows Excel hides when the reader reports them. */
interface ReadSheet {
  name: string
  rows: string[][]
  hidden: boolean
  hiddenRows?: number[]
  mergedDown?: MergedDown[]
  longCells?: LongCell[]
}

/** The sheets to import, with their cells. */
interface Planned {
  facts: SheetFacts
  cells: {
    sheet: UsedSheet
    rows: string[][]
    hiddenRows: ReadonlySet<number>
    mergedDown: readonly MergedDown[]
    longCells: readonly LongCell[]
  }[]
}

function emptyMapping(schema: TableSchema): Record<string, number | null> {
  return Object.fromEntries(schema.columns.map((c) => [c.key, null]))
}

/**
 * The sheet facts for a plan, or the reason a given plan does not fit the sheet. Detecting uses every sheet with
 * the table's columns (one sheet per 村民小组, imported together) and skips 说明/示例 sheets (detectSheets,
 * docs/spreadsheet-imports.md "Workbooks with several sheets").
 */
function planSheets(request: ParseRequest, sheets: ReadSheet[]): Planned | { invalid: string } {
  const { schema, plan, village } = request
  const villageKey = village?.key ?? null
  const hiddenOf = (sheet: ReadSheet | undefined): ReadonlySet<number> => new Set(sheet?.hiddenRows ?? [])
  let used: UsedSheet[]
  let reports: SheetReport[]
  if (plan.mode === 'detect') {
    const options = { villageColumn: village !== null }
    const found = detectSheets(sheets, schema, options)
    reports = found.sheets
    const only = plan.sheetIndex
    if (only !== undefined) {
      const sheet = sheets[only]
      if (sheet === undefined) return { invalid: '没有这个工作表' }
      const detection = detectHeader(sheet.rows, schema, options)
      found.used = detection.headerRow === null ? [] : [{ sheetIndex: only, detection }]
      reports = reports.map((r, i) => ({
        ...r,
        use: i === only ? ('used' as const) : r.use === 'used' ? ('not_chosen' as const) : r.use,
      }))
    }
    used = found.used.map(({ sheetIndex, detection }) => ({
      sheetIndex,
      name: sheets[sheetIndex]?.name ?? '',
      headerRow: detection.headerRow ?? 0,
      mapping: detection.mapping,
      villageColumn: village === null ? null : detection.villageColumn,
      amountUnits: detection.amountUnits,
      sourceLabels: detection.sourceLabels,
      ...(detection.ambiguous === undefined ? {} : { ambiguous: detection.ambiguous }),
    }))
  } else {
    used = []
    for (const given of plan.sheets) {
      const cells = sheets[given.sheetIndex]?.rows
      if (cells === undefined) return { invalid: '没有这个工作表' }
      const { headerRow, mapping, villageColumn } = given
      if (plan.checkBounds) {
        const width = cells.reduce((w, r) => Math.max(w, r.length), 0)
        if (headerRow >= cells.length) return { invalid: '表头行超出表格范围' }
        for (const [key, index] of Object.entries(mapping)) {
          const column = schema.columns.find((c) => c.key === key)
          if (!column) return { invalid: `未知的列：${key}` }
          // Named by the label the secretary chose it under (日期), never by the program's key (date).
          if (index !== null && index >= width) return { invalid: `「${column.label}」一列超出表格范围` }
        }
        if (villageColumn !== null && villageColumn >= width) return { invalid: '所属村一列超出表格范围' }
        const twin =
          villageColumn === null ? undefined : schema.columns.find((c) => mapping[c.key] === villageColumn)
        if (twin) return { invalid: `所属村和「${twin.label}」对应了同一列` }
      }
      used.push({
        sheetIndex: given.sheetIndex,
        name: sheets[given.sheetIndex]?.name ?? '',
        headerRow,
        mapping,
        villageColumn,
        amountUnits: given.amountUnits ?? detectAmountUnits(cells, headerRow, schema, mapping),
        sourceLabels: [...(cells[headerRow] ?? [])],
      })
    }
    const chosen = new Set(used.map((u) => u.sheetIndex))
    reports = sheets.map((sheet, i) => {
      const own = used.find((u) => u.sheetIndex === i)
      const dataRows =
        own === undefined ? sheet.rows.length : Math.max(0, sheet.rows.length - own.headerRow - 1)
      return { name: sheet.name, dataRows, use: chosen.has(i) ? ('used' as const) : ('not_chosen' as const) }
    })
  }
  const first = used[0]
  const mapping = first?.mapping ?? emptyMapping(schema)
  const villageColumn = first?.villageColumn ?? null
  const dataRows = used.reduce(
    (n, u) => n + Math.max(0, (sheets[u.sheetIndex]?.rows.length ?? 0) - u.headerRow - 1),
    0,
  )
  return {
    cells: used.map((u) => ({
      sheet: u,
      rows: sheets[u.sheetIndex]?.rows ?? [],
      hiddenRows: hiddenOf(sheets[u.sheetIndex]),
      mergedDown: sheets[u.sheetIndex]?.mergedDown ?? [],
      longCells: sheets[u.sheetIndex]?.longCells ?? [],
    })),
    facts: {
      sheets: reports,
      used,
      sheetIndex: first?.sheetIndex ?? null,
      headerRow: first?.headerRow ?? null,
      sourceLabels: first?.sourceLabels ?? [],
      mapping,
      villageColumn,
      amountUnits: first?.amountUnits ?? {},
      unmappedRequired: unmappedOf(schema, mapping, villageColumn, villageKey),
      dataRows,
    },
  }
}

/** Handles one parse request, posting its messages. */
export async function handleParse(request: ParseRequest): Promise<void> {
  const { limits, schema, village } = request
  let sheets: ReadSheet[] | null
  try {
    sheets = (
      await readTableFile(request.bytes, {
        filename: request.filename,
        maxBytes: limits.maxBytes,
        maxRows: limits.maxRows,
        maxColumns: limits.maxColumns,
        maxInflatedBytes: limits.maxInflatedBytes,
      })
    ).sheets
  } catch (error) {
    if (!(error instanceof TableFileError)) throw error
    post({ type: 'refused', code: error.code, message: error.message })
    return
  }
  // The file is read: its bytes are not needed any more (the caller's message keeps them otherwise).
  request.bytes = new Uint8Array(0)
  const planned = planSheets(request, sheets)
  // Only the chosen sheets' cells are needed from here on.
  sheets = null
  if ('invalid' in planned) {
    post({ type: 'invalid', message: planned.invalid })
    return
  }
  const { facts } = planned
  post({ type: 'sheet', sheet: facts })
  if (facts.headerRow === null || facts.unmappedRequired.length > 0) {
    post({ type: 'done', outcome: null })
    return
  }
  untaken = 0
  // Rows go to the main thread as they pass, in sheet order, while the rest is checked (a roster is stored
  // meanwhile, where no reader sees it until the import is applied); once a row fails no more are sent, and the
  // outcome tells the main thread to drop what it got.
  // The worker keeps only the preview: the rows themselves are the main thread's once sent.
  const preview: ImportedRow[] = []
  const results: ImportResult[] = []
  const several = planned.cells.length > 1
  let before = 0
  let failed = false
  // One duplicate check for the whole import: the same ID number on two sheets is reported like two rows of one.
  const seenIdNumbers = new Map<string, { row: number; sheet?: string }>()
  for (const { sheet, rows: cells, hiddenRows, mergedDown, longCells } of planned.cells) {
    const { headerRow } = sheet
    const sheetName = several ? sheet.name : undefined
    let released = headerRow + 1
    const offset = before
    const steps = importRowsInSteps(cells, schema, sheet.mapping, {
      headerRow,
      amountUnits: sheet.amountUnits,
      maxErrors: request.maxErrors,
      keepRows: false,
      sourceLabels: sheet.sourceLabels,
      hiddenRows,
      mergedDown,
      longCells,
      seenIdNumbers,
      ...(sheet.ambiguous === undefined ? {} : { ambiguousColumns: sheet.ambiguous }),
      ...(sheetName === undefined ? {} : { sheetName }),
      onProgress: ({ done }) => {
        post({ type: 'progress', done: offset + done, total: facts.dataRows })
        // Rows are converted in order and never read again (a closing totals row is kept by reference): dropping
        // the converted rows' cells keeps one copy of the sheet in memory instead of two.
        for (let r = released; r <= headerRow + done && r < cells.length; r++) cells[r] = []
        released = headerRow + done + 1
      },
      ...(village !== null && sheet.villageColumn !== null
        ? { villageColumn: { index: sheet.villageColumn, villages: village.villages } }
        : {}),
    })
    let step = steps.next()
    while (step.done !== true) {
      const { rows, villageCodes, sourceRows } = step.value
      for (let i = 0; i < rows.length && preview.length < request.previewRows; i++)
        preview.push(rows[i] ?? {})
      // Once a sheet failed, nothing is imported: later sheets are still checked, for their errors.
      if (request.wantRows && rows.length > 0 && !failed) {
        const sources = sourceRows.map((row) =>
          sheetName === undefined ? { row } : { row, sheet: sheetName },
        )
        await sendRows(rows, villageCodes, sources)
      }
      step = steps.next()
    }
    results.push(step.value)
    if (!step.value.ok) failed = true
    before += Math.max(0, cells.length - headerRow - 1)
    // The sheet's cells are not needed any more.
    cells.length = 0
  }
  // The sheets' outcomes as one: all or nothing, counts and sums added, issues in sheet order.
  const result = mergeImportResults(results, request.maxErrors)
  await allTaken()
  if (!result.ok) {
    post({ type: 'done', outcome: result })
    return
  }
  const { rows: _rows, villageCodes: _codes, sourceRows: _sources, ...summary } = result
  post({ type: 'done', outcome: { ...summary, preview } })
}

parentPort?.on('message', (message: MainMessage) => {
  if (message === 'more') {
    untaken = Math.max(0, untaken - 1)
    const resolve = wantsMore
    wantsMore = null
    resolve?.()
    return
  }
  // An unexpected error is thrown outside the promise so it reaches the main thread as the worker's 'error' event
  // (the worker ends; the main thread starts another).
  handleParse(message.request).then(
    () => collectGarbage(),
    (error: unknown) => {
      setImmediate(() => {
        throw error
      })
    },
  )
})
