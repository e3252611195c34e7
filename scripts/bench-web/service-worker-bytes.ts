// What Lighthouse cannot see: the bytes the app's service worker downloads for the page (scripts/bench-web/index.ts).
//
// The H5 app registers its worker after the `load` event, and the worker takes over the open page at once
// (`clientsClaim`). A request the page makes after that (on a disclosure, the chunk of the parts below its first
// screen, loaded after the first paint) is fetched by the worker, and Lighthouse, which records the page's targets but
// not service workers, sees it answered by the worker with 0 bytes. The phone downloaded it all the same; whether the
// worker was in control by then is a race, which moved a run's total by 14 KB (BENCHMARKS.md, fifteenth session).
import type { BrowserContext, Request } from 'playwright-core'

/** One request's path and bytes transferred, as the bench's `--json` lists them. */
export interface Transfer {
  url: string
  kb: number
}

/** A response the service worker received over the network: its URL and bytes on the wire (headers and body). */
export interface WorkerDownload {
  url: string
  bytes: number
}

/**
 * The page's requests the worker answered from the network: a URL the page received only with 0 bytes (so only the
 * worker downloaded it) and that the worker fetched during the run. Each counts once, with the worker's bytes. The
 * worker's own precache of the shell (already downloaded by the page) and its script are not the page's requests.
 */
export function pageBytesViaWorker(pageTransfers: Transfer[], worker: WorkerDownload[]): Transfer[] {
  const seenByPage = new Map<string, number>()
  for (const t of pageTransfers) seenByPage.set(t.url, Math.max(seenByPage.get(t.url) ?? 0, t.kb))
  const counted = new Map<string, number>()
  for (const d of worker) {
    if (seenByPage.get(d.url) !== 0 || d.bytes <= 0) continue
    counted.set(d.url, Math.max(counted.get(d.url) ?? 0, d.bytes))
  }
  return [...counted].map(([url, bytes]) => ({ url, kb: Number((bytes / 1024).toFixed(1)) }))
}

/**
 * Records what service workers of `context` receive over the network until `stop()`, which answers their downloads
 * with URLs relative to `base` (as the page's transfers are listed).
 */
export function watchWorkerDownloads(
  context: BrowserContext,
  base: string,
): { stop: () => Promise<WorkerDownload[]> } {
  const pending: Promise<WorkerDownload | null>[] = []
  const onFinished = (request: Request) => {
    if (!request.serviceWorker()) return
    // A worker stopped meanwhile never answers for its requests' sizes: at most 5 s each.
    const sizes = Promise.race([
      request.sizes(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000).unref()),
    ])
    pending.push(
      sizes
        .then((s) =>
          s
            ? { url: request.url().replace(base, ''), bytes: s.responseHeadersSize + s.responseBodySize }
            : null,
        )
        .catch(() => null),
    )
  }
  context.on('requestfinished', onFinished)
  return {
    stop: async () => {
      context.off('requestfinished', onFinished)
      return (await Promise.all(pending)).filter((d): d is WorkerDownload => d !== null)
    },
  }
}
