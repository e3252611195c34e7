import v8 from 'node:v8'
import vm from 'node:vm'
import { parentPort } from 'node:worker_threads'
import type { ImportedRow } from '@cunwu/tables'
import {
  TableFileError,
  detectAmountUnits,
  detectSheet,
  importRowsInSteps,
  readTableFile,
} from '@cunwu/tables'
import type { MainMessage, ParseRequest, SheetFacts, WorkerMessage } from './table-import-protocol'
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
async function sendRows(rows: ImportedRow[], villageCodes: string[] | null): Promise<void> {
  post({ type: 'rows', rows, villageCodes })
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

/** The sheet facts for a plan, or the reason a given plan does not fit the sheet. */
function planSheet(
  request: ParseRequest,
  sheets: { rows: string[][]; hidden: boolean }[],
): { facts: SheetFacts; cells: string[][] } | { invalid: string } {
  const { schema, plan, village } = request
  const villageKey = village?.key ?? null
  if (plan.mode === 'detect') {
    const found = detectSheet(sheets, schema, { villageColumn: village !== null })
    const cells = (found ? sheets[found.sheetIndex]?.rows : undefined) ?? []
    const detection = found?.detection
    const headerRow = detection?.headerRow ?? null
    const mapping = detection?.mapping ?? Object.fromEntries(schema.columns.map((c) => [c.key, null]))
    const villageColumn = village === null ? null : (detection?.villageColumn ?? null)
    return {
      cells,
      facts: {
        sheetIndex: found?.sheetIndex ?? null,
        headerRow,
        sourceLabels: detection?.sourceLabels ?? [],
        mapping,
        villageColumn,
        amountUnits: detection?.amountUnits ?? {},
        unmappedRequired: unmappedOf(schema, mapping, villageColumn, villageKey),
        dataRows: Math.max(0, cells.length - (headerRow ?? 0) - 1),
      },
    }
  }
  const cells = sheets[plan.sheetIndex]?.rows ?? []
  const { headerRow, mapping, villageColumn } = plan
  if (plan.checkBounds) {
    const width = cells.reduce((w, r) => Math.max(w, r.length), 0)
    if (headerRow >= cells.length) return { invalid: '表头行超出表格范围' }
    for (const [key, index] of Object.entries(mapping)) {
      if (!schema.columns.some((c) => c.key === key)) return { invalid: `未知的列：${key}` }
      if (index !== null && index >= width) return { invalid: `列 ${key} 超出表格范围` }
    }
    if (villageColumn !== null && villageColumn >= width) return { invalid: '所属村一列超出表格范围' }
    const twin =
      villageColumn === null ? undefined : schema.columns.find((c) => mapping[c.key] === villageColumn)
    if (twin) return { invalid: `所属村和「${twin.label}」对应了同一列` }
  }
  return {
    cells,
    facts: {
      sheetIndex: plan.sheetIndex,
      headerRow,
      sourceLabels: [...(cells[headerRow] ?? [])],
      mapping,
      villageColumn,
      amountUnits: plan.amountUnits ?? detectAmountUnits(cells, headerRow, schema, mapping),
      unmappedRequired: unmappedOf(schema, mapping, villageColumn, villageKey),
      dataRows: Math.max(0, cells.length - headerRow - 1),
    },
  }
}

/** Handles one parse request, posting its messages. */
export async function handleParse(request: ParseRequest): Promise<void> {
  const { limits, schema, village } = request
  let sheets
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
  const planned = planSheet(request, sheets)
  // Only the chosen sheet's cells are needed from here on.
  sheets = null
  if ('invalid' in planned) {
    post({ type: 'invalid', message: planned.invalid })
    return
  }
  const { facts, cells } = planned
  post({ type: 'sheet', sheet: facts })
  if (facts.headerRow === null || facts.unmappedRequired.length > 0) {
    post({ type: 'done', outcome: null })
    return
  }
  const { headerRow } = facts
  let released = headerRow + 1
  untaken = 0
  const steps = importRowsInSteps(cells, schema, facts.mapping, {
    headerRow,
    amountUnits: facts.amountUnits,
    maxErrors: request.maxErrors,
    keepRows: false,
    onProgress: ({ done, total }) => {
      post({ type: 'progress', done, total })
      // Rows are converted in order and never read again (a closing totals row is kept by reference): dropping
      // the converted rows' cells keeps one copy of the sheet in memory instead of two.
      for (let r = released; r <= headerRow + done && r < cells.length; r++) cells[r] = []
      released = headerRow + done + 1
    },
    ...(village !== null && facts.villageColumn !== null
      ? { villageColumn: { index: facts.villageColumn, villages: village.villages } }
      : {}),
  })
  // Rows go to the main thread as they pass, in sheet order, while the rest is checked (a roster is stored
  // meanwhile, where no reader sees it until the import is applied); once a row fails no more are sent, and the
  // outcome tells the main thread to drop what it got.
  // The worker keeps only the preview: the rows themselves are the main thread's once sent.
  const preview: ImportedRow[] = []
  let step = steps.next()
  while (step.done !== true) {
    const { rows, villageCodes } = step.value
    for (let i = 0; i < rows.length && preview.length < request.previewRows; i++) preview.push(rows[i] ?? {})
    if (request.wantRows && rows.length > 0) await sendRows(rows, villageCodes)
    step = steps.next()
  }
  const result = step.value
  // The sheet's cells are not needed any more.
  planned.cells.length = 0
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
