import { describe, expect, it } from 'vitest'
import { pageBytesViaWorker } from './service-worker-bytes'

describe('pageBytesViaWorker', () => {
  // The page's records of a disclosure run in which the worker took over before the below-fold chunk was asked for
  // (BENCHMARKS.md, fifteenth session): Lighthouse lists the chunk with 0 bytes, the worker downloaded it.
  const page = [
    { url: '/', kb: 1.4 },
    { url: '/js/app.js', kb: 53.3 },
    { url: '/js/below-fold.js', kb: 0 },
    { url: '/js/app.js', kb: 0 },
  ]

  it('should count what the worker downloaded for a request the page received only from it', () => {
    const worker = [
      { url: '/js/below-fold.js', bytes: 13_246 },
      { url: '/js/below-fold.js', bytes: 13_246 },
    ]
    expect(pageBytesViaWorker(page, worker)).toEqual([{ url: '/js/below-fold.js', kb: 12.9 }])
  })

  it("should not count the worker's own script and precache, nor what the page downloaded itself", () => {
    const worker = [
      { url: '/sw.js', bytes: 938 },
      { url: '/index.html', bytes: 1412 },
      { url: '/js/app.js', bytes: 54_000 },
      { url: '/js/below-fold.js', bytes: 0 },
    ]
    expect(pageBytesViaWorker(page, worker)).toEqual([])
  })
})
