import { selfAndAncestors } from '@cunwu/domain'
import type { PublicAnswerKind, PublicJson } from '../lib/public-json'
import type { Models } from '../models'
import { ANY_SCOPE, FeedVersions, VERSION_GRACE_MS } from './feed-versions.service'

/**
 * How long a public answer (feed page, item, search) is served from memory before it is loaded again: rosters leave
 * the feed and searches when their notice period ends (`hideAfter`), which changes no stored version until the upkeep
 * marks them expired and raises it (`disclosure-maintenance.job.ts`). While it loads again, readers keep the answer
 * before for up to VERSION_GRACE_MS.
 */
export const PUBLIC_CACHE_MS = 5_000

/**
 * Most kept answers of a village (and the regions above it) reloaded at once when it changes here, of those read in
 * the last RELOAD_IF_READ_WITHIN_MS; the others are forgotten and load on their next request.
 */
const MAX_RELOADS = 16
const RELOAD_IF_READ_WITHIN_MS = 2_000
/** Longest the change's request waits for those reloads (see `invalidateVillage`). */
const RELOAD_WAIT_MS = 100

/** Most public answers of each kind kept per instance; past it the kind's cache starts over. */
const MAX_CACHED = 5_000
/**
 * Most bytes of JSON kept per instance in all: an item's public view of a long roster is far larger than a feed
 * page. Checked every CACHE_BYTES_CHECK_EVERY loads; past it the largest kind's cache starts over.
 */
const MAX_CACHED_BYTES = 64 * 1024 * 1024
const CACHE_BYTES_CHECK_EVERY = 100

/** Most request URLs remembered for the fast path (see `rememberUrl`); past it the memory starts over. */
const MAX_URLS_KEPT = 20_000
/**
 * Longest URL remembered for the fast path. A feed, item or search URL the app sends is far shorter (a search of
 * 100 characters is about 900 percent-encoded); longer ones (junk query strings the routes ignore) take the
 * ordinary way, so 20,000 of them cannot hold hundreds of megabytes.
 */
export const MAX_REMEMBERED_URL_LENGTH = 1_024

interface CacheEntry<T> {
  /** The region whose stored version the entry was built under (a village; a search's region). */
  region: string
  version: number
  /** A second stored version the answer depends on (a search's county service guides), and its value. */
  also?: { key: string; version: number }
  /**
   * For an item's public view: its disclosure's series, the only changes of its village it depends on (see
   * `invalidateVillage`). A change of another series moves the entry to the new version without reloading it.
   */
  scope?: string
  until: number
  value: Promise<T>
  /** How the answer is loaded (again after a change here: see `invalidateVillage`). */
  load: () => Promise<T>
  /** The answer once loaded (what `value` resolved to), for `peekUrl`. */
  settled?: T
  /**
   * While the answer is reloaded after a change, the answer before, served until the new one is ready but not past
   * `previousUntil`: within VERSION_GRACE_MS of the change made here (`invalidateVillage`), or of the start of the
   * last version read that did not see a change made elsewhere (`cached`).
   */
  previous?: T
  previousUntil?: number
  /** Length of the JSON once loaded. */
  bytes?: number
  /** When the answer was last served (Date.now()). */
  readAt?: number
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
  /** The stored versions of regions, as last read or raised here. */
  private readonly versions: FeedVersions
  private loadsSinceBytesCheck = 0
  /** Request URLs (path and query as sent) whose public answer is a kept entry: see `rememberUrl`. */
  private readonly urls = new Map<string, { kind: PublicAnswerKind; key: string }>()

  constructor(
    feedVersions: Models['FeedVersion'],
    /** Bytes of JSON kept in all, checked every `checkEvery` loads (default MAX_CACHED_BYTES, every 100). */
    private readonly limits?: { bytes: number; checkEvery: number },
  ) {
    this.versions = new FeedVersions(feedVersions)
  }

  /**
   * Serves `key` from the `kind`'s answers while its region's stored version is unchanged and it is younger than
   * PUBLIC_CACHE_MS; otherwise loads it again. The version is read before the load, so a change committed while it
   * loads shows up as a newer version at the next check. A failed load is not kept. `depends.also` names a second
   * stored version the answer depends on (raised with `invalidate`), checked the same way; `depends.scope`, the one
   * series of its region whose changes alter the answer (an item's), when that is all it depends on there.
   */
  async cached<T extends PublicJson>(
    kind: PublicAnswerKind,
    key: string,
    region: string,
    load: () => Promise<T>,
    depends: { also?: string | undefined; scope?: string | undefined } = {},
  ): Promise<T> {
    const { also, scope } = depends
    const cache = this.caches[kind] as Map<string, CacheEntry<T>>
    const version = await this.versions.stored(region)
    const alsoVersion = also === undefined ? undefined : await this.versions.stored(also)
    // Read after the version: requests that waited on the same version read share the first one's load.
    const hit = cache.get(key)
    if (hit && hit.region === region && hit.scope === scope) this.rebase(hit, version)
    if (
      hit &&
      hit.until > Date.now() &&
      hit.version === version &&
      hit.region === region &&
      hit.also?.key === also &&
      hit.also?.version === alsoVersion
    ) {
      const now = Date.now()
      hit.readAt = now
      return hit.settled === undefined && hit.previous !== undefined && now < (hit.previousUntil ?? 0)
        ? Promise.resolve(hit.previous)
        : hit.value
    }
    // Changed elsewhere: readers keep the answer before while one of them reloads it, as long as the change may
    // have been made less than VERSION_GRACE_MS ago (it came after the last read that did not see it started).
    // Unchanged but older than PUBLIC_CACHE_MS: the same until VERSION_GRACE_MS past its time, so readers do not all
    // wait on it; an answer further past (nobody read it meanwhile) is not served, as it may show what has since
    // left the board (a roster past its `hideAfter`): its reader waits for the load.
    // While the kept entry still loads (a change seen just before), the answer it serves meanwhile, no longer than
    // it would have.
    const changed = hit !== undefined && (hit.version !== version || hit.also?.version !== alsoVersion)
    const sameAnswer = hit !== undefined && hit.region === region && hit.also?.key === also
    const servedBefore =
      sameAnswer && hit.settled === undefined && Date.now() < (hit.previousUntil ?? 0)
        ? hit.previous
        : undefined
    const before = sameAnswer ? (hit.settled ?? servedBefore) : undefined
    const bound = changed
      ? Math.min(
          this.versions.changeBound(region, hit?.version, version),
          this.versions.changeBound(also, hit?.also?.version, alsoVersion),
        )
      : (hit?.until ?? 0) + VERSION_GRACE_MS
    const previousUntil =
      before === undefined ? 0 : servedBefore !== undefined ? Math.min(bound, hit?.previousUntil ?? 0) : bound
    const entry: CacheEntry<T> = {
      region,
      version,
      ...(also === undefined || alsoVersion === undefined
        ? {}
        : { also: { key: also, version: alsoVersion } }),
      ...(scope === undefined ? {} : { scope }),
      until: Date.now() + PUBLIC_CACHE_MS,
      load,
      value: load(),
    }
    const stale = before !== undefined && Date.now() < previousUntil
    if (stale) {
      entry.previous = before
      entry.previousUntil = previousUntil
    }
    if (cache.size >= MAX_CACHED) cache.clear()
    cache.set(key, entry)
    this.settle(kind, key, entry)
    if (++this.loadsSinceBytesCheck >= (this.limits?.checkEvery ?? CACHE_BYTES_CHECK_EVERY)) this.limitBytes()
    return stale && before ? Promise.resolve(before) : entry.value
  }

  /**
   * Moves a scoped entry (an item's view) built under an older version of its region to `version` when no change
   * in between was of its series, as known here (FeedVersions.unaffected): it would load the same answer again.
   */
  private rebase(entry: CacheEntry<PublicJson>, version: number | undefined): void {
    if (entry.scope === undefined || version === undefined || entry.version === version) return
    if (this.versions.unaffected(entry.region, entry.version, version, entry.scope)) entry.version = version
  }

  /** Marks `entry` loaded once its value resolves; a failed load is forgotten. */
  private settle<T extends PublicJson>(
    kind: PublicAnswerKind,
    key: string,
    entry: CacheEntry<T>,
  ): Promise<void> {
    const cache = this.caches[kind] as Map<string, CacheEntry<T>>
    return entry.value.then(
      (answer) => {
        entry.bytes = answer.json.length
        entry.settled = answer
        delete entry.previous
        delete entry.previousUntil
        answer.kept = { kind, key }
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key)
      },
    )
  }

  /**
   * Remembers that the public answer of an anonymous GET of `url` (path and query exactly as sent) is the kept
   * answer `answer` came from. Only routes whose answer depends on nothing but the URL call this (the feed, an
   * item's public view, a search), after validating it; `peekUrl` then finds the answer without routing the request.
   */
  rememberUrl(url: string, answer: PublicJson): void {
    if (!answer.kept || url.length > MAX_REMEMBERED_URL_LENGTH || this.urls.has(url)) return
    if (this.urls.size >= MAX_URLS_KEPT) this.urls.clear()
    this.urls.set(url, answer.kept)
  }

  /**
   * The kept answer for a URL `rememberUrl` saw, when `cached` would return it right now without waiting for
   * anything: loaded, younger than PUBLIC_CACHE_MS, and built under the stored versions last read, which are still
   * trusted (see `FeedVersions.trusted`, which starts a due read).
   * While this instance reloads it after a change made here, the answer before. Otherwise undefined, and the request takes the ordinary way
   * (which reads the version or loads the answer).
   */
  peekUrl(url: string): PublicJson | undefined {
    const at = this.urls.get(url)
    if (!at) return undefined
    const entry = this.caches[at.kind].get(at.key)
    const now = Date.now()
    const answer =
      entry?.settled ?? (entry?.previous && now < (entry.previousUntil ?? 0) ? entry.previous : undefined)
    if (!entry || !answer) return undefined
    this.rebase(entry, this.versions.last(entry.region))
    if (entry.until <= now || !this.versions.trusted(entry.region, entry.version, now)) return undefined
    if (entry.also && !this.versions.trusted(entry.also.key, entry.also.version, now)) return undefined
    entry.readAt = now
    return answer
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
   * After a change to a village through this instance (a publish, retraction or alignment change): raises the
   * stored version of the village and of every region above it, so every other BFF instance reloads its feed,
   * items and searches within FEED_VERSION_CHECK_MS, and reloads the answers kept here that were read lately under
   * the new versions (up to MAX_RELOADS, the others are forgotten). Readers keep the answers before until the new ones are ready, so
   * they do not all wait on the reload at once; this resolves once they are kept (or after RELOAD_WAIT_MS), so
   * whoever made the change reads it right after. `scope`: the series whose disclosures' public views the change
   * alters (ANY_SCOPE: it may alter any); item views of other series are kept, here and on every other instance.
   */
  async invalidateVillage(villageCode: string, scope: string = ANY_SCOPE): Promise<void> {
    const regions = selfAndAncestors(villageCode)
    const started = Date.now()
    const hot: Array<{ kind: PublicAnswerKind; key: string; entry: CacheEntry<PublicJson> }> = []
    const untouched: Array<CacheEntry<PublicJson>> = []
    for (const [kind, cache] of Object.entries(this.caches) as Array<
      [PublicAnswerKind, Map<string, CacheEntry<PublicJson>>]
    >)
      for (const [key, entry] of cache) {
        if (!regions.includes(entry.region)) continue
        if (entry.scope !== undefined && scope !== ANY_SCOPE && entry.scope !== scope) {
          untouched.push(entry)
          continue
        }
        const read = entry.readAt !== undefined && entry.readAt > started - RELOAD_IF_READ_WITHIN_MS
        if ((entry.settled ?? entry.previous) && read && hot.length < MAX_RELOADS)
          hot.push({ kind, key, entry })
        else cache.delete(key)
      }
    await this.versions.raise(regions, scope)
    // Unless a change of their series made elsewhere came in between (read with the raise), they stay as they are.
    for (const entry of untouched) this.rebase(entry, this.versions.last(entry.region))
    const now = Date.now()
    const reloads = hot.map(({ kind, key, entry: old }) => {
      const cache = this.caches[kind]
      // What is kept now: the entry seen before the raise, or one that replaced it meanwhile (another change's reload
      // or a load under the version before): reloaded unless it was built under the versions just read.
      const current = cache.get(key)
      if (!current || current.region !== old.region || current.also?.key !== old.also?.key)
        return Promise.resolve()
      const version = this.versions.last(old.region) ?? 0
      const alsoVersion = old.also && this.versions.last(old.also.key)
      if (current.version === version && current.also?.version === alsoVersion) return Promise.resolve()
      // The answer before: the current one once kept, served up to VERSION_GRACE_MS from now; while it still loads,
      // the one it serves meanwhile, no longer than it would have (that answer is older than an earlier change).
      const before: Pick<CacheEntry<PublicJson>, 'previous' | 'previousUntil'> = current.settled
        ? { previous: current.settled, previousUntil: now + VERSION_GRACE_MS }
        : current.previous && now < (current.previousUntil ?? 0)
          ? { previous: current.previous, previousUntil: current.previousUntil ?? 0 }
          : {}
      const entry: CacheEntry<PublicJson> = {
        region: old.region,
        version,
        ...(old.also && alsoVersion !== undefined
          ? { also: { key: old.also.key, version: alsoVersion } }
          : {}),
        until: now + PUBLIC_CACHE_MS,
        load: current.load,
        value: current.load(),
        ...before,
        ...(current.readAt === undefined ? {} : { readAt: current.readAt }),
      }
      cache.set(key, entry)
      return this.settle(kind, key, entry)
    })
    // Only this change's own reloads: waiting also for those of changes made meanwhile (publishers of one village
    // approving one after another) would chain every approval to the next one's reloads. A later change's reload
    // that took an entry over serves the answer before until it is kept, like this one. The wait is bounded: on a
    // busy database the change's request answers after RELOAD_WAIT_MS and the reloads finish behind it.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(reloads),
      new Promise((resolve) => (timer = setTimeout(resolve, RELOAD_WAIT_MS))),
    ])
    clearTimeout(timer)
  }

  /**
   * Forgets the answers here that depend on the stored version `key` (an answer's `also`) and raises it, so every
   * other instance reloads them within FEED_VERSION_CHECK_MS.
   */
  async invalidate(key: string): Promise<void> {
    for (const cache of Object.values(this.caches))
      for (const [k, entry] of cache) if (entry.also?.key === key) cache.delete(k)
    await this.versions.raise([key])
  }

  /**
   * Forgets this instance's cached searches (after the upkeep re-derived stored search tokens, which raises no
   * version: other instances rank again within PUBLIC_CACHE_MS).
   */
  forgetSearches(): void {
    this.caches.search.clear()
  }
}
