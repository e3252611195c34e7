import { Worker } from 'node:worker_threads'
import { workerSource } from '../lib/worker-source'

/**
 * Warm parse workers (table-import.worker.ts). Starting a worker costs an isolate and loading the reader (under
 * tsx 1-3 s and about 50 MB), so workers are started ahead (`warm`, at server start) and reused: a parse takes an
 * idle worker of its heap size, and gives it back once the worker answered. A worker that was stopped (timeout,
 * cancel, a sink that failed), ran out of memory or crashed is never given back; the pool starts a fresh one for a
 * heap size it keeps warm. Workers never keep the process alive on their own (`unref`). The number of parses
 * running at once is bounded by the import slots (table-import-slots.ts), not here.
 */

/**
 * Young generation of a parse worker. A worker given resource limits starts with a small one, and reading a sheet
 * allocates millions of short-lived strings: reading a 200,000-row roster took 31 s with the default and 9-10 s
 * with 64 MB on the same loaded machine. 32 MB keeps that speed with less resident memory: a worker refusing a
 * million-row sheet grew by 110-114 MB with 32, 110-125 with 16 and 137-145 with 64 in one run (BENCHMARKS.md,
 * spreadsheet imports).
 */
const YOUNG_GENERATION_MB = 32

/** A parse worker and the heap limit it was started with. */
export interface ParseWorker {
  readonly worker: Worker
  readonly heapMb: number
  /** Removes the pool's listeners while it waited (removeAllListeners would also drop Node's own ones). */
  unpark?: () => void
}

/** An 'error' event with no listener would be thrown in this process. */
const ignore = (): void => undefined

/** Idle workers per heap size, started ahead and reused. */
export class ParseWorkerPool {
  private readonly idle = new Map<number, ParseWorker[]>()
  /** Heap sizes for which one worker is kept waiting. */
  private readonly kept = new Set<number>()
  private closed = false
  /** Workers started so far (for tests and the bench). */
  started = 0

  /**
   * Starts a worker for each heap size that has none waiting, and keeps one waiting for each from now on (a
   * server's import kinds; see IMPORT_LIMITS).
   */
  warm(heapsMb: readonly number[]): void {
    // A server started again in the same process (tests) opens the pool again.
    this.closed = false
    for (const heapMb of heapsMb) {
      this.kept.add(heapMb)
      if ((this.idle.get(heapMb)?.length ?? 0) === 0) this.park(this.spawn(heapMb))
    }
  }

  /** An idle worker with this heap limit, or a new one. The caller gives it back or discards it. */
  take(heapMb: number): ParseWorker {
    const waiting = this.idle.get(heapMb)?.shift()
    if (waiting) {
      waiting.unpark?.()
      return waiting
    }
    return this.spawn(heapMb)
  }

  /**
   * A worker that answered its parse (the caller removed its listeners): kept for the next one, or stopped when one
   * is waiting already.
   */
  give(parser: ParseWorker): void {
    if (this.closed || (this.idle.get(parser.heapMb)?.length ?? 0) >= 1) {
      void parser.worker.terminate()
      return
    }
    this.park(parser)
  }

  /** A worker that must not be reused (stopped, out of memory, crashed): stopped, and replaced if kept warm. */
  discard(parser: ParseWorker): void {
    parser.worker.on('error', ignore)
    void parser.worker.terminate()
    this.replenish(parser.heapMb)
  }

  /** Workers waiting now, in all. */
  get waiting(): number {
    let n = 0
    for (const list of this.idle.values()) n += list.length
    return n
  }

  /** Stops every waiting worker and keeps none from now on (server shutdown); parses still start their own. */
  async close(): Promise<void> {
    this.closed = true
    this.kept.clear()
    const all = [...this.idle.values()].flat()
    this.idle.clear()
    await Promise.all(all.map((p) => p.worker.terminate()))
  }

  private spawn(heapMb: number): ParseWorker {
    const { source, evaluate } = workerSource(import.meta.url, './table-import.worker')
    const worker = new Worker(source, {
      eval: evaluate,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      stdout: false,
      stderr: false,
    })
    // A parse worker never keeps the process alive on its own (shutdown, tests).
    worker.unref()
    this.started += 1
    return { worker, heapMb }
  }

  /**
   * Puts a worker among the waiting ones. One that dies while waiting (a failed start) is dropped, not replaced: a
   * start that keeps failing must not loop; the next parse starts a worker of its own.
   */
  private park(parser: ParseWorker): void {
    const list = this.idle.get(parser.heapMb) ?? []
    this.idle.set(parser.heapMb, list)
    list.push(parser)
    const exited = (): void => {
      const at = list.indexOf(parser)
      if (at >= 0) list.splice(at, 1)
    }
    parser.worker.on('error', ignore)
    parser.worker.once('exit', exited)
    parser.unpark = () => {
      parser.worker.off('error', ignore)
      parser.worker.off('exit', exited)
      parser.unpark = undefined
    }
  }

  private replenish(heapMb: number): void {
    if (this.closed || !this.kept.has(heapMb) || (this.idle.get(heapMb)?.length ?? 0) > 0) return
    // Not in the same turn: the worker that ended is still releasing its memory.
    setImmediate(() => {
      if (this.closed || (this.idle.get(heapMb)?.length ?? 0) > 0) return
      this.park(this.spawn(heapMb))
    })
  }
}

/** The server's parse workers. */
export const parseWorkers = new ParseWorkerPool()
