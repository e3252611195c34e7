import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicJson } from '../lib/public-json'
import type { PublicJson } from '../lib/public-json'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { ANY_SCOPE } from './feed-versions.service'
import { PublicReadCache } from './public-read-cache.service'

const VILLAGE = '360999100298'

/** The known versions of `cache` (FeedVersions' memory), to make their checks due. */
function known(cache: PublicReadCache): Map<string, { checkedUntil: number; readAt: number }> {
  return (cache as unknown as { versions: { known: Map<string, { checkedUntil: number; readAt: number }> } })
    .versions.known
}

/**
 * Makes every version check of `cache` due now and its last read old, so the next read waits for the stored
 * version and is served nothing from before it (no grace): what a reader sees a second after a change.
 */
function checkNow(cache: PublicReadCache): void {
  for (const k of known(cache).values()) {
    k.checkedUntil = 0
    k.readAt = 0
  }
}

/** Item views of a few series in one village: what their stored rows say now, and how often each was loaded. */
function village(seriesCount: number) {
  const series = Array.from({ length: seriesCount }, (_, i) => `${VILLAGE}|item-${i}|2026`)
  const stored = new Map(series.map((s) => [s, 0]))
  const loads = new Map(series.map((s) => [s, 0]))
  return {
    series,
    /** A change to one series (or to all, ANY_SCOPE), as committed before the change's hooks run. */
    change(scope: string) {
      for (const s of series) if (scope === ANY_SCOPE || s === scope) stored.set(s, (stored.get(s) ?? 0) + 1)
    },
    /** The item view of series `s` through `cache` (keyed by the series; its answer: the series' stored count). */
    read(cache: PublicReadCache, s: string): Promise<PublicJson> {
      return cache.cached(
        'item',
        s,
        VILLAGE,
        async () => {
          loads.set(s, (loads.get(s) ?? 0) + 1)
          return publicJson({ v: stored.get(s) })
        },
        { scope: s },
      )
    },
    stored: (s: string) => stored.get(s) ?? 0,
    loads: (s: string) => loads.get(s) ?? 0,
  }
}

describe('PublicReadCache: item views scoped to their series', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
  })
  afterAll(async () => {
    await t.close()
  })
  const newCache = () => new PublicReadCache(t.services!.models.FeedVersion)

  it('reloads only the changed series’ item views and the village’s lists when a change is made here', async () => {
    const cache = newCache()
    const v = village(2)
    const [a, b] = v.series as [string, string]
    let feedLoads = 0
    const feed = async () => publicJson({ feed: ++feedLoads })
    await cache.cached('feed', 'f', VILLAGE, feed)
    cache.rememberUrl('/b', await v.read(cache, b))
    await v.read(cache, a)
    v.change(a)
    await cache.invalidateVillage(VILLAGE, a)
    await new Promise((r) => setTimeout(r, 20))
    expect((await v.read(cache, a)).json).toBe('{"v":1}')
    expect((await cache.cached('feed', 'f', VILLAGE, feed)).json).toBe('{"feed":2}')
    // b's view is kept under the new version: served on the fast path, not loaded again.
    expect(cache.peekUrl('/b')?.json).toBe('{"v":0}')
    expect((await v.read(cache, b)).json).toBe('{"v":0}')
    expect([v.loads(a), v.loads(b)]).toEqual([2, 1])
    // A change that may alter anything (no series) reloads every view.
    v.change(ANY_SCOPE)
    await cache.invalidateVillage(VILLAGE)
    await new Promise((r) => setTimeout(r, 20))
    expect((await v.read(cache, b)).json).toBe('{"v":1}')
    expect(v.loads(b)).toBe(2)
  })

  it('keeps the other series’ item views on every instance after a change made elsewhere', async () => {
    const here = newCache()
    const elsewhere = newCache()
    const v = village(2)
    const [a, b] = v.series as [string, string]
    await v.read(here, a)
    await v.read(here, b)
    v.change(b)
    await elsewhere.invalidateVillage(VILLAGE, b)
    checkNow(here)
    expect((await v.read(here, a)).json).toBe('{"v":0}')
    expect((await v.read(here, b)).json).toBe('{"v":1}')
    expect([v.loads(a), v.loads(b)]).toEqual([1, 2])
  })

  it('reloads a view when more changes came since it was loaded than the stored version keeps', async () => {
    const here = newCache()
    const elsewhere = newCache()
    const v = village(2)
    const [a, b] = v.series as [string, string]
    await v.read(here, a)
    // 33 changes, all of b: more than FeedVersion.recent keeps, so whether a changed is not known.
    for (let i = 0; i < 33; i++) {
      v.change(b)
      await elsewhere.invalidateVillage(VILLAGE, b)
    }
    checkNow(here)
    expect((await v.read(here, a)).json).toBe('{"v":0}')
    expect(v.loads(a)).toBe(2)
  })

  it('serves every series’ latest view on both instances, whatever the changes and reads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 1 }),
            // 0–2: a change of series 0–2; 3: a change of anything; 4–6: a read of series 0–2.
            op: fc.integer({ min: 0, max: 6 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        async (steps) => {
          const caches = [newCache(), newCache()]
          const v = village(3)
          for (const { at, op } of steps) {
            const cache = caches[at] as PublicReadCache
            if (op <= 3) {
              const scope = op === 3 ? ANY_SCOPE : (v.series[op] as string)
              v.change(scope)
              await cache.invalidateVillage(VILLAGE, scope)
            } else {
              const s = v.series[op - 4] as string
              checkNow(cache)
              expect((await v.read(cache, s)).json).toBe(`{"v":${v.stored(s)}}`)
            }
          }
          // In the end, on both instances, every series as stored.
          for (const cache of caches) {
            checkNow(cache)
            for (const s of v.series) expect((await v.read(cache, s)).json).toBe(`{"v":${v.stored(s)}}`)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})
