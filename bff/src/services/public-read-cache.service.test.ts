import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import { intercept } from '../testing/intercept'
import type { TestApp } from '../testing/build-app'
import { publicJson } from '../lib/public-json'
import { MAX_REMEMBERED_URL_LENGTH, PublicReadCache } from './public-read-cache.service'
import type { PublicJson } from '../lib/public-json'

const VILLAGE = '360999100299'

/** A load the test finishes when it wants, counting how often it was started. */
function controlledLoad() {
  let calls = 0
  let release: ((answer: PublicJson) => void) | undefined
  return {
    get calls() {
      return calls
    },
    load: () => {
      calls++
      return new Promise<PublicJson>((resolve) => (release = resolve))
    },
    /** Finishes the load in flight, once it started (cached() starts it after reading the version). */
    async finish(value: unknown) {
      for (let i = 0; i < 200 && !release; i++) await new Promise((r) => setTimeout(r, 5))
      release?.(publicJson(value))
      release = undefined
    },
  }
}

/**
 * Makes `cache`'s check of the village's version due now (rather than after FEED_VERSION_CHECK_MS, so the time a test
 * takes is not counted), reads `key` through it, which is answered without waiting (the last check started well
 * within VERSION_GRACE_MS) and gives `expected`, and waits until the read of the version it started is back.
 */
async function dueCheck(
  cache: PublicReadCache,
  key: string,
  load: () => Promise<PublicJson>,
  expected: string,
) {
  const versions = (cache as unknown as { versions: { known: Map<string, { checkedUntil: number }> } })
    .versions.known
  const known = versions.get(VILLAGE)
  if (known) known.checkedUntil = 0
  expect((await cache.cached('search', key, VILLAGE, load)).json).toBe(expected)
  for (let i = 0; i < 100 && (versions.get(VILLAGE)?.checkedUntil ?? 0) === 0; i++)
    await new Promise((r) => setTimeout(r, 5))
}

describe('PublicReadCache', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
  })
  afterAll(async () => {
    await t.close()
  })

  /** Two instances on one database; `key`'s search answered {"v":1} on the first (`here`), its URL `/key` remembered. */
  async function twoInstancesWithKeptSearch(key: string) {
    const here = new PublicReadCache(t.services!.models.FeedVersion)
    const elsewhere = new PublicReadCache(t.services!.models.FeedVersion)
    const search = controlledLoad()
    const first = here.cached('search', key, VILLAGE, search.load)
    await search.finish({ v: 1 })
    here.rememberUrl(`/${key}`, await first)
    return { here, elsewhere, search }
  }

  it('does not remember URLs longer than MAX_REMEMBERED_URL_LENGTH for the fast path', async () => {
    const cache = new PublicReadCache(t.services!.models.FeedVersion)
    const item = controlledLoad()
    const kept = cache.cached('item', 'long', VILLAGE, item.load)
    await item.finish({ n: 1 })
    const short = `/long?x=${'a'.repeat(MAX_REMEMBERED_URL_LENGTH - 8)}`
    const long = `${short}a`
    expect(short.length).toBe(MAX_REMEMBERED_URL_LENGTH)
    cache.rememberUrl(short, await kept)
    cache.rememberUrl(long, await kept)
    expect(cache.peekUrl(short)?.json).toBe('{"n":1}')
    expect(cache.peekUrl(long)).toBeUndefined()
  })

  it('reloads the answers read lately when a change is made here, serving the ones before until then', async () => {
    const cache = new PublicReadCache(t.services!.models.FeedVersion)
    const item = controlledLoad()
    const kept = cache.cached('item', 'a', VILLAGE, item.load)
    await item.finish({ n: 1 })
    expect((await kept).json).toBe('{"n":1}')
    cache.rememberUrl('/a', await kept)
    expect(cache.peekUrl('/a')?.json).toBe('{"n":1}')
    // Loaded but never read since: forgotten on the change, not reloaded.
    const cold = controlledLoad()
    const coldKept = cache.cached('item', 'cold', VILLAGE, cold.load)
    await cold.finish({ cold: 1 })
    await coldKept

    let changed = false
    const change = cache.invalidateVillage(VILLAGE).then(() => (changed = true))
    // The reload starts once the raised version is read; readers get the answer before meanwhile.
    for (let i = 0; i < 100 && item.calls < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(item.calls).toBe(2)
    expect(cold.calls).toBe(1)
    expect(changed).toBe(false)
    const other = controlledLoad()
    expect((await cache.cached('item', 'a', VILLAGE, other.load)).json).toBe('{"n":1}')
    expect(cache.peekUrl('/a')?.json).toBe('{"n":1}')

    // The change's request answers once the new answer is kept.
    await item.finish({ n: 2 })
    await change
    expect((await cache.cached('item', 'a', VILLAGE, other.load)).json).toBe('{"n":2}')
    expect(cache.peekUrl('/a')?.json).toBe('{"n":2}')
    expect(other.calls).toBe(0)
    const coldNext = cache.cached('item', 'cold', VILLAGE, cold.load)
    await cold.finish({ cold: 2 })
    expect((await coldNext).json).toBe('{"cold":2}')
    expect(cold.calls).toBe(2)
  })

  it('reloads again for a change whose raise ends after another change’s reload began, serving throughout', async () => {
    const stored = t.services!.models.FeedVersion
    // The first change's raises of the stored versions wait until the test lets them go.
    let hold: Promise<void> | undefined
    let letGo = () => {}
    const held = intercept(stored, 'bulkWrite', (bulkWrite) => {
      return (...args: Parameters<typeof bulkWrite>) => {
        const wait = hold ?? Promise.resolve()
        return wait.then(() => bulkWrite(...args))
      }
    })
    const cache = new PublicReadCache(held)
    const pending: Array<(answer: PublicJson) => void> = []
    let calls = 0
    const load = () => {
      calls++
      return new Promise<PublicJson>((resolve) => pending.push(resolve))
    }
    const first = cache.cached('item', 'c', VILLAGE, load)
    for (let i = 0; i < 200 && calls < 1; i++) await new Promise((r) => setTimeout(r, 5))
    pending.shift()?.(publicJson({ n: 1 }))
    cache.rememberUrl('/c', await first)
    expect(cache.peekUrl('/c')?.json).toBe('{"n":1}')
    hold = new Promise((resolve) => (letGo = resolve))
    const one = cache.invalidateVillage(VILLAGE)
    hold = undefined
    const two = cache.invalidateVillage(VILLAGE)
    for (let i = 0; i < 200 && calls < 2; i++) await new Promise((r) => setTimeout(r, 5))
    expect(calls).toBe(2)
    expect(cache.peekUrl('/c')?.json).toBe('{"n":1}')
    // The first change's raise ends now, after the second's reload began under the version before it.
    letGo()
    for (let i = 0; i < 200 && calls < 3; i++) {
      expect(cache.peekUrl('/c')?.json).toBe('{"n":1}')
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(calls).toBe(3)
    expect(cache.peekUrl('/c')?.json).toBe('{"n":1}')
    pending.shift()?.(publicJson({ n: 2 }))
    pending.shift()?.(publicJson({ n: 3 }))
    await Promise.all([one, two])
    expect(cache.peekUrl('/c')?.json).toBe('{"n":3}')
    // Kept under the newest version: read again, it is not loaded again.
    expect((await cache.cached('item', 'c', VILLAGE, load)).json).toBe('{"n":3}')
    expect(calls).toBe(3)
  })

  it('serves an answer past its time while one reader loads it again', async () => {
    const cache = new PublicReadCache(t.services!.models.FeedVersion)
    const feed = controlledLoad()
    const first = cache.cached('feed', 'old', VILLAGE, feed.load)
    await feed.finish({ n: 1 })
    cache.rememberUrl('/old', await first)
    // Just past PUBLIC_CACHE_MS (made so here rather than waited for).
    const caches = (cache as unknown as { caches: Record<string, Map<string, { until: number }>> }).caches
    const entry = caches.feed?.get('old')
    if (entry) entry.until = Date.now() - 1
    expect(cache.peekUrl('/old')).toBeUndefined()
    expect((await cache.cached('feed', 'old', VILLAGE, feed.load)).json).toBe('{"n":1}')
    expect(feed.calls).toBe(2)
    expect(cache.peekUrl('/old')?.json).toBe('{"n":1}')
    await feed.finish({ n: 2 })
    await new Promise((r) => setTimeout(r, 5))
    expect(cache.peekUrl('/old')?.json).toBe('{"n":2}')
    expect(feed.calls).toBe(2)
  })

  it('does not serve an answer long past its time (nobody read it meanwhile): its reader waits for the load', async () => {
    const cache = new PublicReadCache(t.services!.models.FeedVersion)
    const search = controlledLoad()
    const first = cache.cached('search', 'idle', VILLAGE, search.load)
    await search.finish({ n: 1 })
    await first
    // Its time ended a minute ago (a roster listed then may have left the board since).
    const caches = (cache as unknown as { caches: Record<string, Map<string, { until: number }>> }).caches
    const entry = caches.search?.get('idle')
    if (entry) entry.until = Date.now() - 60_000
    const again = cache.cached('search', 'idle', VILLAGE, search.load)
    let answered: string | undefined
    void again.then((a) => (answered = a.json))
    await new Promise((r) => setTimeout(r, 20))
    expect(answered).toBeUndefined()
    await search.finish({ n: 2 })
    expect((await again).json).toBe('{"n":2}')
  })

  it('loads each answer once per change made here (the raised version is read at once)', async () => {
    const cache = new PublicReadCache(t.services!.models.FeedVersion)
    let loads = 0
    const load = async () => publicJson({ loads: ++loads })
    await cache.cached('feed', 'f', VILLAGE, load)
    await cache.invalidateVillage(VILLAGE)
    // Read after the change, and again once the old version's check would have been due.
    await cache.cached('feed', 'f', VILLAGE, load)
    await new Promise((r) => setTimeout(r, 700))
    await cache.cached('feed', 'f', VILLAGE, load)
    await new Promise((r) => setTimeout(r, 50))
    expect((await cache.cached('feed', 'f', VILLAGE, load)).json).toBe('{"loads":2}')
    expect(loads).toBe(2)
  })

  it('keeps serving the answer before while it reloads a change made elsewhere, within a second of it', async () => {
    const { here, elsewhere, search } = await twoInstancesWithKeptSearch('x')
    await elsewhere.invalidateVillage(VILLAGE)
    // The due check runs; meanwhile the answer before is served.
    await dueCheck(here, 'x', search.load, '{"v":1}')
    // The check saw the change: one reload starts, and readers keep the answer before until it is kept.
    const during = await Promise.race([
      here.cached('search', 'x', VILLAGE, search.load),
      new Promise<'waited'>((r) => setTimeout(() => r('waited'), 200)),
    ])
    expect(during === 'waited' ? during : during.json).toBe('{"v":1}')
    expect(here.peekUrl('/x')?.json).toBe('{"v":1}')
    expect(search.calls).toBe(2)
    await search.finish({ v: 2 })
    await new Promise((r) => setTimeout(r, 5))
    expect(here.peekUrl('/x')?.json).toBe('{"v":2}')
    expect((await here.cached('search', 'x', VILLAGE, search.load)).json).toBe('{"v":2}')
    expect(search.calls).toBe(2)
  })

  it('keeps serving the answer before when a second change elsewhere is seen while the first one reloads', async () => {
    const { here, elsewhere, search } = await twoInstancesWithKeptSearch('y')
    const served = () =>
      Promise.race([
        here.cached('search', 'y', VILLAGE, search.load).then((a) => a.json),
        new Promise<string>((r) => setTimeout(() => r('waited'), 200)),
      ])
    await elsewhere.invalidateVillage(VILLAGE)
    await dueCheck(here, 'y', search.load, '{"v":1}')
    // The first change is seen: its reload starts, readers get the answer before.
    expect(await served()).toBe('{"v":1}')
    expect(search.calls).toBe(2)
    // A second change elsewhere is seen while that reload is still running: a new reload, and still no wait.
    await elsewhere.invalidateVillage(VILLAGE)
    await dueCheck(here, 'y', search.load, '{"v":1}')
    expect(await served()).toBe('{"v":1}')
    expect(here.peekUrl('/y')?.json).toBe('{"v":1}')
    expect(search.calls).toBe(3)
    await search.finish({ v: 3 })
    await new Promise((r) => setTimeout(r, 5))
    expect(here.peekUrl('/y')?.json).toBe('{"v":3}')
  })

  it('serves a change made through another instance within a second, without readers waiting on each check', async () => {
    const here = new PublicReadCache(t.services!.models.FeedVersion)
    const elsewhere = new PublicReadCache(t.services!.models.FeedVersion)
    let value = 1
    const load = async () => publicJson({ value })
    await here.cached('search', 's', VILLAGE, load)
    here.rememberUrl('/s', await here.cached('search', 's', VILLAGE, load))
    value = 2
    await elsewhere.invalidateVillage(VILLAGE)
    const changedAt = Date.now()
    let seen = 1
    while (Date.now() - changedAt < 1_000 && seen !== 2) {
      seen = (JSON.parse((await here.cached('search', 's', VILLAGE, load)).json) as { value: number }).value
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(seen).toBe(2)
  })
})
