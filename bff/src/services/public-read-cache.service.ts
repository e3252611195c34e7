import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { isDivisionCode, parentCode } from '@cunwu/domain'
import type { Models } from '../models'

/** A public answer serialised once for every request that reads it while cached (a feed page, an item, a search). */
export interface PublicJson {
  json: string
  etag: string
  /** The same JSON gzipped, made on the first request that accepts it (every WeChat client does) and kept. */
  gzip(): Buffer
}

/** The kinds of public answers kept: a village's feed pages, items' public views, searches. */
export type PublicAnswerKind = 'feed' | 'item' | 'search'

/**
 * Longest a public answer (feed page, item, search) is served from memory: rosters leave the feed when their notice
 * period ends (`hideAfter`) and the upkeep then marks them expired, which changes no stored version.
 */
const PUBLIC_CACHE_MS = 5_000

/**
 * How often a region's stored version (FeedVersion) is compared with the database. A change through any BFF
 * instance raises the version of its village and of every region above it, so every instance serves it within
 * this time plus one read (SCALE.md).
 */
export const FEED_VERSION_CHECK_MS = 500

/** Most public answers of each kind kept per instance; past it the kind's cache starts over. */
const MAX_CACHED = 5_000

/**
 * Most bytes of JSON kept per instance in all: an item's public view of a long roster is far larger than a feed
 * page. Checked every CACHE_BYTES_CHECK_EVERY loads; past it the largest kind's cache starts over.
 */
const MAX_CACHED_BYTES = 64 * 1024 * 1024
const CACHE_BYTES_CHECK_EVERY = 100

/** Serialises a public answer once: its JSON, a weak ETag of it, and gzip when first asked for. */
export function publicJson(value: unknown): PublicJson {
  const json = JSON.stringify(value)
  let gzip: Buffer | undefined
  return {
    json,
    etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`,
    gzip: () => (gzip ??= gzipSync(json)),
  }
}

/** The village and every region above it (township, county, city, province): whose searches a change affects. */
function regionsAbove(villageCode: string): string[] {
  if (!isDivisionCode(villageCode)) return [villageCode]
  const out: string[] = []
  for (let code: string | null = villageCode; code; code = parentCode(code)) out.push(code)
  return out
}

interface CacheEntry<T> {
  /** The region whose stored version the entry was built under (a village; a search's region). */
  region: string
  version: number
  /** A second stored version the answer depends on (a search's county service guides), and its value. */
  also?: { key: string; version: number }
  until: number
  value: Promise<T>
  /** Length of the JSON once loaded. */
  bytes?: number
}

/**
 * The public read model's memory: public answers (the same for every reader, no personal data beyond the public
 * view) kept per BFF instance as serialised JSON, each checked against the stored version (FeedVersion) of its
 * region at most every FEED_VERSION_CHECK_MS, so a change through any instance shows on every instance within a
 * second (SCALE.md). The feed service decides what is public and loads it; this class decides how long it is kept.
 */
export class PublicReadCache {
  private readonly caches: Record<PublicAnswerKind, Map<string, CacheEntry<PublicJson>>> = {
    feed: new Map(),
    item: new Map(),
    search: new Map(),
  }
  /** The last stored version read per region, until when it is trusted, and a read in flight. */
  private readonly versions = new Map<
    string,
    { version: number; checkedUntil: number; reading?: Promise<number> }
  >()
  private loadsSinceBytesCheck = 0

  constructor(
    private readonly feedVersions: Models['FeedVersion'],
    /** Bytes of JSON kept in all, checked every `checkEvery` loads (default MAX_CACHED_BYTES, every 100). */
    private readonly limits?: { bytes: number; checkEvery: number },
  ) {}

  /** The region a kept answer was built under, if it is kept (an item's village, without reading the item). */
  regionOf(kind: PublicAnswerKind, key: string): string | undefined {
    return this.caches[kind].get(key)?.region
  }

  /**
   * The stored version of a region's public answers (0 before its first change), read from the database at most
   * every FEED_VERSION_CHECK_MS; concurrent callers share one read.
   */
  private async storedVersion(region: string): Promise<number> {
    const known = this.versions.get(region)
    const now = Date.now()
    if (known && known.checkedUntil > now) return known.version
    if (known?.reading) return known.reading
    const entry = known ?? { version: 0, checkedUntil: 0 }
    const reading = this.feedVersions
      .findById(region, { version: 1 })
      .lean()
      .then((v) => {
        entry.version = v?.version ?? 0
        entry.checkedUntil = Date.now() + FEED_VERSION_CHECK_MS
        return entry.version
      })
      .finally(() => {
        delete entry.reading
      })
    entry.reading = reading
    this.versions.set(region, entry)
    if (this.versions.size > MAX_CACHED * 4) this.versions.clear()
    return reading
  }

  /**
   * Serves `key` from the `kind`'s answers while its region's stored version is unchanged and it is younger than
   * PUBLIC_CACHE_MS; otherwise loads it again. The version is read before the load, so a change committed while it
   * loads shows up as a newer version at the next check. A failed load is not kept. `also` names a second stored
   * version the answer depends on (raised with `invalidate`), checked the same way.
   */
  async cached<T extends PublicJson>(
    kind: PublicAnswerKind,
    key: string,
    region: string,
    load: () => Promise<T>,
    also?: string,
  ): Promise<T> {
    const cache = this.caches[kind] as Map<string, CacheEntry<T>>
    const version = await this.storedVersion(region)
    const alsoVersion = also === undefined ? undefined : await this.storedVersion(also)
    // Read after the version: requests that waited on the same version read share the first one's load.
    const hit = cache.get(key)
    if (
      hit &&
      hit.until > Date.now() &&
      hit.version === version &&
      hit.region === region &&
      hit.also?.key === also &&
      hit.also?.version === alsoVersion
    )
      return hit.value
    const entry: CacheEntry<T> = {
      region,
      version,
      ...(also === undefined || alsoVersion === undefined
        ? {}
        : { also: { key: also, version: alsoVersion } }),
      until: Date.now() + PUBLIC_CACHE_MS,
      value: load(),
    }
    if (cache.size >= MAX_CACHED) cache.clear()
    cache.set(key, entry)
    entry.value.then(
      (answer) => {
        entry.bytes = answer.json.length
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key)
      },
    )
    if (++this.loadsSinceBytesCheck >= (this.limits?.checkEvery ?? CACHE_BYTES_CHECK_EVERY)) this.limitBytes()
    return entry.value
  }

  /** Starts the largest cache over when all of them together hold more than MAX_CACHED_BYTES of JSON. */
  private limitBytes(): void {
    this.loadsSinceBytesCheck = 0
    const caches = Object.values(this.caches)
    const sizes = caches.map((c) => [...c.values()].reduce((n, e) => n + (e.bytes ?? 0), 0))
    if (sizes.reduce((a, b) => a + b, 0) <= (this.limits?.bytes ?? MAX_CACHED_BYTES)) return
    caches[sizes.indexOf(Math.max(...sizes))]?.clear()
  }

  /**
   * Forgets the cached public answers of a village here at once and raises the stored version of the village and
   * of every region above it, so every other BFF instance reloads its feed, items and searches within
   * FEED_VERSION_CHECK_MS (after a publish, retraction or alignment change).
   */
  async invalidateVillage(villageCode: string): Promise<void> {
    const regions = regionsAbove(villageCode)
    for (const cache of Object.values(this.caches))
      for (const [key, entry] of cache) if (regions.includes(entry.region)) cache.delete(key)
    await this.raise(regions)
  }

  /**
   * Forgets the answers here that depend on the stored version `key` (an answer's `also`) and raises it, so every
   * other instance reloads them within FEED_VERSION_CHECK_MS.
   */
  async invalidate(key: string): Promise<void> {
    for (const cache of Object.values(this.caches))
      for (const [k, entry] of cache) if (entry.also?.key === key) cache.delete(k)
    await this.raise([key])
  }

  private async raise(regions: string[]): Promise<void> {
    const changedAt = new Date()
    await this.feedVersions.bulkWrite(
      regions.map((_id) => ({
        updateOne: {
          filter: { _id },
          update: { $inc: { version: 1 }, $set: { changedAt } },
          upsert: true,
        },
      })),
      { ordered: false },
    )
  }

  /**
   * Forgets this instance's cached searches (after the upkeep re-derived stored search tokens, which raises no
   * version: other instances rank again within PUBLIC_CACHE_MS).
   */
  forgetSearches(): void {
    this.caches.search.clear()
  }
}
