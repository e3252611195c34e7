import type { RowSource } from '@cunwu/domain'
import type { ImportedRow } from '@cunwu/tables'
import type {
  MainMessage,
  ParseOutcome,
  ParseRequest,
  SheetFacts,
  WorkerMessage,
} from './table-import-protocol'
import type { ParseWorker, ParseWorkerPool } from './table-import-workers'
import { parseWorkers } from './table-import-workers'

/**
 * Runs a table import's parse in a worker thread (table-import.worker.ts, kept warm by table-import-workers.ts), so
 * reading a 30 MB workbook and checking 200,000 rows never blocks the event loop, and a file that still needs too
 * much memory ends the worker (its own heap limit) instead of the server. See docs/spreadsheet-imports.md.
 */

/** The file was refused (unreadable, too large, too many rows or columns…); the message is for the uploader. */
export class ParseRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ParseRefused'
  }
}

/** A given plan (corrected header row or columns) does not fit the sheet. */
export class ParsePlanInvalid extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ParsePlanInvalid'
  }
}

/** Everything a parse produced. */
export interface ParseResult {
  sheet: SheetFacts
  /** null when the rows were not converted (no header, required columns unmapped) or the run was cancelled. */
  outcome: ParseOutcome | null
  /** Every converted row when asked for (`wantRows`) and not streamed (`streamRows`), else empty. */
  rows: ImportedRow[]
  villageCodes: string[] | null
  /** The spreadsheet row (and sheet, with several) of each row in `rows`. */
  sources: RowSource[]
}

/** Takes a batch of converted rows (and their villages' division codes, for a roster). */
export type RowSink = (rows: ImportedRow[], villageCodes: string[] | null) => Promise<void>

/** Rows per call when rows collected before `streamRows` are handed to the sink. */
const STREAMED_BATCH = 1_000

/** Resources of one parse worker. */
export interface ParseResources {
  /** Heap of the worker (V8 old generation). */
  heapMb: number
  /** The worker is stopped after this long. */
  timeoutMs: number
}

/** One parse in flight: the sheet facts as soon as they are known, then the whole result. */
export class ParseRun {
  /** Resolves with the sheet as found (or rejects with ParseRefused / ParsePlanInvalid). */
  readonly sheet: Promise<SheetFacts>
  /** Resolves with everything once the rows are converted. */
  readonly result: Promise<ParseResult>
  /** Called on each progress report of the conversion. */
  onProgress: ((progress: { done: number; total: number }) => void) | null = null
  private readonly parser: ParseWorker
  /** The run answered or failed: the worker is back in the pool (or stopped) and is not this run's any more. */
  private settled = false
  /** Ends the run with an error; the worker is stopped, never given back (set once the run has started). */
  private stop: (error: Error) => void = () => undefined
  /** Where converted rows go once `streamRows` is called; until then they are collected into the result. */
  private sink: RowSink | null = null
  /** `streamRows` is handing collected rows to its sink; a batch that arrives meanwhile waits for its 'more'. */
  private draining = false
  /** Batches collected while draining, whose 'more' is sent once the drain is over. */
  private moresHeld = 0
  /** The sink takes one batch at a time: each waits for the one before (the worker may send a few ahead). */
  private sinking: Promise<void> = Promise.resolve()
  private readonly collected: { rows: ImportedRow[]; villageCodes: string[] | null; sources: RowSource[] } = {
    rows: [],
    villageCodes: null,
    sources: [],
  }

  constructor(
    request: ParseRequest,
    resources: ParseResources,
    private readonly pool: ParseWorkerPool = parseWorkers,
  ) {
    this.parser = pool.take(resources.heapMb)
    const { worker } = this.parser
    let resolveSheet: (sheet: SheetFacts) => void = () => undefined
    let rejectSheet: (error: Error) => void = () => undefined
    this.sheet = new Promise((resolve, reject) => {
      resolveSheet = resolve
      rejectSheet = reject
    })
    // The caller may wait only for `result`; the sheet's rejection is seen there too.
    this.sheet.catch(() => undefined)
    this.result = new Promise<ParseResult>((resolve, reject) => {
      let sheet: SheetFacts | null = null
      const { collected } = this
      // Ends the run. A worker that answered goes back to the pool for the next parse; one stopped in the middle
      // of a parse is not reused: the pool stops it and starts another.
      const settle = (error: Error | null, answered: boolean): void => {
        clearTimeout(timer)
        if (this.settled) return
        this.settled = true
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        if (answered) pool.give(this.parser)
        else pool.discard(this.parser)
        if (error === null) return
        rejectSheet(error)
        reject(error)
      }
      const fail = (error: Error): void => settle(error, false)
      this.stop = fail
      const timer = setTimeout(() => {
        fail(new ParseRefused('import_timeout', '表格太大，检查超时，请拆分成几个文件分别导入'))
      }, resources.timeoutMs)
      timer.unref()
      const onMessage = (message: WorkerMessage): void => {
        if (this.settled) return
        switch (message.type) {
          case 'sheet':
            sheet = message.sheet
            resolveSheet(message.sheet)
            return
          case 'progress':
            this.onProgress?.({ done: message.done, total: message.total })
            return
          case 'rows': {
            const { sink } = this
            if (sink === null) {
              for (const row of message.rows) collected.rows.push(row)
              for (const source of message.sources) collected.sources.push(source)
              if (message.villageCodes !== null) {
                collected.villageCodes ??= []
                for (const code of message.villageCodes) collected.villageCodes.push(code)
              }
              // While collected rows are handed to a new sink, the worker waits for them to be taken.
              if (this.draining) this.moresHeld++
              // The next batch once the event loop has served whatever else is waiting.
              else setImmediate(() => this.more())
              return
            }
            // Taken after the batches before it; its 'more' once the sink has it, so the worker never has more
            // than a few batches waiting here.
            const { rows, villageCodes } = message
            this.sinking = this.sinking.then(async () => {
              if (this.settled) return
              try {
                await sink(rows, villageCodes)
                this.more()
              } catch (error) {
                fail(error instanceof Error ? error : new Error(String(error)))
              }
            })
            return
          }
          case 'done':
            if (sheet === null) {
              fail(new Error('parse finished without a sheet'))
              return
            }
            settle(null, true)
            resolve({ sheet, outcome: message.outcome, ...collected })
            return
          case 'refused':
            settle(new ParseRefused(message.code, message.message), true)
            return
          case 'invalid':
            settle(new ParsePlanInvalid(message.message), true)
        }
      }
      const onError = (error: Error & { code?: string }): void => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          fail(new ParseRefused('file_too_large', '表格内容太多，无法读取；请删掉无关的工作表或拆分后再导入'))
          return
        }
        fail(error)
      }
      const onExit = (code: number): void => {
        fail(new Error(`parse worker exited with code ${code}`))
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    })
    this.result.catch(() => undefined)
    // A copy of the file moves to the worker (transferred, not cloned); the caller keeps its own buffer, which
    // may be a view into Node's shared pool.
    const bytes = new Uint8Array(request.bytes)
    const message: MainMessage = { type: 'parse', request: { ...request, bytes } }
    worker.postMessage(message, [bytes.buffer])
  }

  /**
   * Sends the converted rows to `sink` instead of collecting them into the result: rows collected before this
   * call go first, then each batch as it comes, the next one only once the sink has taken the last (a roster of
   * any size is stored without being held whole). A sink that throws fails the parse with its error.
   */
  async streamRows(sink: RowSink): Promise<void> {
    this.draining = true
    try {
      for (;;) {
        const { rows, villageCodes } = this.collected
        if (rows.length === 0) break
        this.collected.rows = []
        this.collected.villageCodes = null
        this.collected.sources = []
        for (let at = 0; at < rows.length; at += STREAMED_BATCH) {
          await sink(
            rows.slice(at, at + STREAMED_BATCH),
            villageCodes?.slice(at, at + STREAMED_BATCH) ?? null,
          )
        }
      }
      // Nothing was collected since the check above: from here on batches go straight to the sink.
      this.sink = sink
    } finally {
      this.draining = false
      for (; this.moresHeld > 0; this.moresHeld--) this.more()
    }
  }

  /**
   * Stops the worker (the rows are not needed after all): the run ends at once, `result` (and `sheet`, if still
   * waiting) rejects with ParseRefused('cancelled'), and the pool stops the worker. Whatever the worker sent before
   * it stopped is ignored: an answer already on its way must not give a stopping worker back to the pool, where
   * the next parse would take it and fail as it exits.
   */
  cancel(): void {
    // Once the worker answered it may be serving another parse: nothing to stop.
    if (this.settled) return
    this.stop(new ParseRefused('cancelled', '导入已取消'))
  }

  /** Asks the worker for its next batch of rows, unless the run is over (the worker may be another's by then). */
  private more(): void {
    if (!this.settled) this.parser.worker.postMessage('more' satisfies MainMessage)
  }
}

/** Starts parsing a file in a warm worker thread (or a new one when none is waiting). */
export function startParse(
  request: ParseRequest,
  resources: ParseResources,
  pool: ParseWorkerPool = parseWorkers,
): ParseRun {
  return new ParseRun(request, resources, pool)
}
