import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ImportedRow } from '@cunwu/tables'
import type { ParseOutcome, ParseRequest, SheetFacts, WorkerMessage } from './table-import-protocol'

/**
 * Runs a table import's parse in a worker thread (table-import.worker.ts), so reading a 30 MB workbook and
 * checking 200,000 rows never blocks the event loop, and a file that still needs too much memory ends the worker
 * (its own heap limit) instead of the server. See docs/spreadsheet-imports.md.
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

/**
 * Young generation of a parse worker. A worker given resource limits starts with a small one, and reading a sheet
 * allocates millions of short-lived strings: reading a 200,000-row roster took 31 s with the default and 9-10 s
 * with 64 MB on the same loaded machine. 32 MB keeps that speed with less resident memory: a worker refusing a
 * million-row sheet grew by 110-114 MB with 32, 110-125 with 16 and 137-145 with 64 in one run (BENCHMARKS.md,
 * spreadsheet imports).
 */
const YOUNG_GENERATION_MB = 32

const here = import.meta.url
// Under tsx or vitest this file is TypeScript and so is the worker; compiled, both are .js.
const RUNS_FROM_SOURCE = here.endsWith('.ts')
const WORKER_URL = new URL(`./table-import.worker.${RUNS_FROM_SOURCE ? 'ts' : 'js'}`, here)

/**
 * Worker bootstrap. From compiled JavaScript the worker file is loaded as is; from TypeScript sources (tsx,
 * vitest) the worker first registers tsx's loader in its own thread (loader hooks of the parent do not reach a
 * worker started by a test runner), then imports the worker file.
 */
function workerSource(): { source: URL | string; evaluate: boolean } {
  if (!RUNS_FROM_SOURCE) return { source: WORKER_URL, evaluate: false }
  // require.resolve finds the CommonJS build of tsx/esm/api; its ES module build sits next to it.
  const cjs = createRequire(here).resolve('tsx/esm/api')
  const tsxApi = pathToFileURL(path.join(path.dirname(cjs), 'index.mjs')).href
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}) })`
  return { source, evaluate: true }
}

/** One parse in flight: the sheet facts as soon as they are known, then the whole result. */
export class ParseRun {
  /** Resolves with the sheet as found (or rejects with ParseRefused / ParsePlanInvalid). */
  readonly sheet: Promise<SheetFacts>
  /** Resolves with everything once the rows are converted. */
  readonly result: Promise<ParseResult>
  /** Called on each progress report of the conversion. */
  onProgress: ((progress: { done: number; total: number }) => void) | null = null
  private readonly worker: Worker
  private cancelled = false
  /** Where converted rows go once `streamRows` is called; until then they are collected into the result. */
  private sink: RowSink | null = null
  /** `streamRows` is handing collected rows to its sink; a batch that arrives meanwhile waits for its 'more'. */
  private draining = false
  private moreHeld = false
  private readonly collected: { rows: ImportedRow[]; villageCodes: string[] | null } = {
    rows: [],
    villageCodes: null,
  }

  constructor(request: ParseRequest, resources: ParseResources) {
    const { source, evaluate } = workerSource()
    this.worker = new Worker(source, {
      eval: evaluate,
      resourceLimits: {
        maxOldGenerationSizeMb: resources.heapMb,
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      },
      stdout: false,
      stderr: false,
    })
    // A parse never keeps the process alive on its own (shutdown, tests).
    this.worker.unref()
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
      const fail = (error: Error): void => {
        rejectSheet(error)
        reject(error)
        void this.worker.terminate()
      }
      const timer = setTimeout(() => {
        fail(new ParseRefused('import_timeout', '表格太大，检查超时，请拆分成几个文件分别导入'))
      }, resources.timeoutMs)
      timer.unref()
      this.worker.on('message', (message: WorkerMessage) => {
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
              if (message.villageCodes !== null) {
                collected.villageCodes ??= []
                for (const code of message.villageCodes) collected.villageCodes.push(code)
              }
              // While collected rows are handed to a new sink, the worker waits for them to be taken.
              if (this.draining) this.moreHeld = true
              // The next batch once the event loop has served whatever else is waiting.
              else setImmediate(() => this.worker.postMessage('more'))
              return
            }
            // The next batch once the sink has taken this one: the worker waits, nothing piles up here.
            sink(message.rows, message.villageCodes).then(
              () => this.worker.postMessage('more'),
              (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
            )
            return
          }
          case 'done':
            clearTimeout(timer)
            void this.worker.terminate()
            if (sheet === null) {
              fail(new Error('parse finished without a sheet'))
              return
            }
            resolve({ sheet, outcome: message.outcome, ...collected })
            return
          case 'refused':
            clearTimeout(timer)
            fail(new ParseRefused(message.code, message.message))
            return
          case 'invalid':
            clearTimeout(timer)
            fail(new ParsePlanInvalid(message.message))
        }
      })
      this.worker.on('error', (error: Error & { code?: string }) => {
        clearTimeout(timer)
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          fail(new ParseRefused('file_too_large', '表格内容太多，无法读取；请删掉无关的工作表或拆分后再导入'))
          return
        }
        fail(error)
      })
      this.worker.on('exit', (code) => {
        clearTimeout(timer)
        if (this.cancelled) {
          fail(new ParseRefused('cancelled', '导入已取消'))
          return
        }
        // After 'done', 'refused' or 'invalid' the promise is settled and this does nothing.
        fail(new Error(`parse worker exited with code ${code}`))
      })
    })
    this.result.catch(() => undefined)
    // A copy of the file moves to the worker (transferred, not cloned); the caller keeps its own buffer, which
    // may be a view into Node's shared pool.
    const bytes = new Uint8Array(request.bytes)
    this.worker.postMessage({ ...request, bytes }, [bytes.buffer])
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
      if (this.moreHeld) {
        this.moreHeld = false
        this.worker.postMessage('more')
      }
    }
  }

  /** Stops the worker (the rows are not needed after all); `result` rejects with ParseRefused('cancelled'). */
  cancel(): void {
    this.cancelled = true
    void this.worker.terminate()
  }
}

/** Starts parsing a file in a new worker thread. */
export function startParse(request: ParseRequest, resources: ParseResources): ParseRun {
  return new ParseRun(request, resources)
}
