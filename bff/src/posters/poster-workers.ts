import { Worker } from 'node:worker_threads'
import { ErrorCode } from '@cunwu/domain'
import { AppError, rateLimited, serviceUnavailable } from '../errors'
import { workerSource } from '../lib/worker-source'
import type { Logger } from '../logger'
import type { PosterAnswer, PosterJob } from './poster-protocol'

/**
 * Posters are drawn in worker threads (poster.worker.ts), never on the server's event loop: a 12,500-row list on A3
 * is seconds of pdfkit work. At most MAX_POSTERS_IN_FLIGHT poster requests are served at once per server process,
 * counted from the moment a request arrives (`posterSlots`), and a worker is kept warm for each. See
 * docs/posters.md, "Drawing off the event loop".
 */

/** Poster requests (disclosure, region, guide and invite posters together) served at once per process. */
export const MAX_POSTERS_IN_FLIGHT = 2
/** A drawing that takes longer is stopped (its worker ended) and answered 503. */
export const POSTER_TIMEOUT_MS = 60_000
/** Heap of a poster worker (V8 old generation): a 12,500-row A3 poster with every page buffered fits. */
const POSTER_HEAP_MB = 512

/** An 'error' event with no listener would be thrown in this process. */
const ignore = (): void => undefined

/** The poster requests in flight; a request beyond the cap is refused at once with 429 rate_limited. */
export class PosterSlots {
  inFlight = 0
  constructor(readonly max = MAX_POSTERS_IN_FLIGHT) {}

  /** Takes a slot for the request, or throws 429; call the returned function once the request is answered. */
  take(): () => void {
    if (this.inFlight >= this.max) throw rateLimited(5)
    this.inFlight++
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight--
    }
  }
}

/** Warm poster workers; a drawing takes an idle one (or starts one) and gives it back once it answered. */
export class PosterWorkerPool {
  private readonly idle: Worker[] = []
  private readonly busy = new Set<Worker>()
  /** Removes the listeners a waiting worker has while it waits. */
  private readonly unpark = new Map<Worker, () => void>()
  /** Missing fallback fonts are logged once per process. */
  private fontsReported = false
  /** Workers started so far (for tests and the bench). */
  started = 0

  constructor(private readonly keep = MAX_POSTERS_IN_FLIGHT) {}

  /** Starts workers until `count` are waiting (server start). */
  warm(count = this.keep): void {
    while (this.idle.length < count) this.park(this.spawn())
  }

  /** Workers drawing now. */
  get drawing(): number {
    return this.busy.size
  }
  /** Workers waiting now. */
  get waiting(): number {
    return this.idle.length
  }

  /** Draws a poster in a worker; 503 when it takes longer than `timeoutMs`, runs out of memory or the font is missing. */
  draw(job: PosterJob, logger?: Logger, timeoutMs = POSTER_TIMEOUT_MS): Promise<Buffer> {
    const worker = this.idle.shift() ?? this.spawn()
    this.unpark.get(worker)?.()
    this.busy.add(worker)
    return new Promise<Buffer>((resolve, reject) => {
      const settle = (answered: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        this.busy.delete(worker)
        if (answered && this.idle.length < this.keep) this.park(worker)
        else {
          worker.on('error', ignore)
          void worker.terminate()
        }
      }
      const onMessage = (answer: PosterAnswer) => {
        settle(true)
        if (!answer.ok) {
          reject(new AppError(answer.status, answer.code, answer.message))
          return
        }
        if (answer.missingFonts.length && !this.fontsReported) {
          this.fontsReported = true
          logger?.warn(
            { missing: answer.missingFonts },
            'poster fallback fonts missing: their characters print as 〓',
          )
        }
        resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength))
      }
      const onError = (error: Error & { code?: string }) => {
        settle(false)
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
          reject(serviceUnavailable('公示内容太多，海报生成不了，请按乡镇分别下载或下载 Excel 表格'))
        else reject(error)
      }
      const onExit = (code: number) => {
        settle(false)
        reject(new AppError(503, ErrorCode.ServiceUnavailable, `海报生成中断，请稍后再试（${code}）`))
      }
      const timer = setTimeout(() => {
        settle(false)
        reject(serviceUnavailable('海报生成超时，请稍后再试，或按乡镇分别下载'))
      }, timeoutMs)
      timer.unref()
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
      worker.postMessage(job)
    })
  }

  /** Stops every worker, waiting and drawing (server shutdown, after in-flight requests had their time). */
  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy]
    this.idle.length = 0
    await Promise.all(all.map((w) => w.terminate()))
  }

  private spawn(): Worker {
    const { source, evaluate } = workerSource(import.meta.url, './poster.worker')
    const worker = new Worker(source, {
      eval: evaluate,
      resourceLimits: { maxOldGenerationSizeMb: POSTER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    })
    // A poster worker never keeps the process alive on its own (shutdown, tests).
    worker.unref()
    this.started += 1
    return worker
  }

  /** A waiting worker that dies (a failed start) is dropped; the next drawing starts its own. */
  private park(worker: Worker): void {
    this.idle.push(worker)
    const exited = (): void => {
      const at = this.idle.indexOf(worker)
      if (at >= 0) this.idle.splice(at, 1)
      this.unpark.delete(worker)
    }
    worker.on('error', ignore).once('exit', exited)
    this.unpark.set(worker, () => {
      worker.off('error', ignore).off('exit', exited)
      this.unpark.delete(worker)
    })
  }
}

/** The server's poster workers and the cap on poster requests, shared by the posters and service-guides routers. */
export const posterWorkers = new PosterWorkerPool()
export const posterSlots = new PosterSlots()
