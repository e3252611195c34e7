import type { Models } from '../models'

/**
 * How long after the start of a read of a region's stored version (FeedVersion) the next read is due. A change
 * through any BFF instance raises the version of its village and of every region above it, so every instance serves
 * it within this time plus one read (SCALE.md). Short enough that the next read ends within VERSION_GRACE_MS of the
 * start of the last one while reads take up to (VERSION_GRACE_MS - FEED_VERSION_CHECK_MS) on a busy database.
 */
export const FEED_VERSION_CHECK_MS = 300

/**
 * While a due version check is in flight, answers built under the version last read are still served without
 * waiting for it, as long as that read started less than this long ago: a change committed anywhere is then served
 * by every instance within a second (SCALE.md), and readers do not queue behind each check.
 */
export const VERSION_GRACE_MS = 900

/** Most regions whose stored version is remembered per instance; past it the memory starts over. */
const MAX_REGIONS_KEPT = 20_000

/** How many raises of a region keep what they changed (FeedVersion.recent). */
const RECENT_CHANGES = 32

/** A raise's scope when it may change any public answer of the region. */
export const ANY_SCOPE = '*'

/**
 * What FeedVersion.recent keeps of a scope (a series key, some 60 characters): its 32-bit FNV-1a hash in base 36,
 * at most 7 characters. Two series with one hash only make an item view reload when it need not.
 */
function scopeToken(scope: string): string {
  if (scope === ANY_SCOPE) return ANY_SCOPE
  let hash = 0x811c9dc5
  for (let i = 0; i < scope.length; i += 1) hash = Math.imul(hash ^ scope.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** What is known of a region's stored version: its value, until when it is trusted, when its read started. */
interface KnownVersion {
  version: number
  checkedUntil: number
  readAt: number
  reading?: Promise<number>
  /** When the version last changed in a read: the version before, and the start of the read that last saw it. */
  changed?: { from: number; after: number }
  /** What the last raises changed, the last one being `version`'s (FeedVersion.recent). */
  recent?: readonly string[]
}

/**
 * What one BFF instance knows of the stored versions (FeedVersion) of regions' public answers: the last value read per
 * region, read again at most every FEED_VERSION_CHECK_MS, and raised here on a change. PublicReadCache keeps an answer
 * while the version it was built under is the one known here (SCALE.md: a change through any instance is served by
 * every instance within a second).
 */
export class FeedVersions {
  /** The last stored version read per region, until when it is trusted, and a read in flight. */
  private readonly known = new Map<string, KnownVersion>()

  constructor(private readonly model: Models['FeedVersion']) {}

  /** The version last read of `region`, without reading it (undefined before the first read). */
  last(region: string): number | undefined {
    return this.known.get(region)?.version
  }

  /**
   * The stored version of a region's public answers (0 before its first change), read from the database at most
   * every FEED_VERSION_CHECK_MS; concurrent callers share one read. While a due read is in flight, the version read
   * before is returned without waiting if that read started less than VERSION_GRACE_MS ago.
   */
  async stored(region: string): Promise<number> {
    const known = this.known.get(region)
    const now = Date.now()
    if (known && known.checkedUntil > now) return known.version
    const reading = known?.reading ?? this.read(region, known)
    return known && now - known.readAt < VERSION_GRACE_MS ? known.version : reading
  }

  /** Reads a region's stored version and keeps it (unless a newer read was started meanwhile). */
  private read(region: string, known: KnownVersion | undefined): Promise<number> {
    const entry: KnownVersion = known ?? { version: 0, checkedUntil: 0, readAt: 0 }
    const startedAt = Date.now()
    const reading: Promise<number> = this.model
      .findById(region, { version: 1, recent: 1 })
      .lean()
      .then((v) => {
        const version = v?.version ?? 0
        // A read that started before this instance raised the version (see `raised`) is not trusted afterwards.
        if (entry.reading === reading) {
          if (version !== entry.version) entry.changed = { from: entry.version, after: entry.readAt }
          entry.version = version
          entry.recent = v?.recent ?? []
          entry.checkedUntil = startedAt + FEED_VERSION_CHECK_MS
          entry.readAt = startedAt
        }
        return version
      })
      .finally(() => {
        if (entry.reading === reading) delete entry.reading
      })
    entry.reading = reading
    this.known.set(region, entry)
    if (this.known.size > MAX_REGIONS_KEPT) this.known.clear()
    return reading
  }

  /**
   * Until when an answer built under version `was` of `region` may still be served after the version read as
   * `now`: unchanged, forever (other limits apply); changed once since, VERSION_GRACE_MS after the start of the
   * last read that still saw `was`; otherwise 0.
   */
  changeBound(region: string | undefined, was: number | undefined, now: number | undefined): number {
    if (region === undefined || was === now) return Number.POSITIVE_INFINITY
    const changed = this.known.get(region)?.changed
    return changed !== undefined && changed.from === was ? changed.after + VERSION_GRACE_MS : 0
  }

  /**
   * Whether `stored(region)` would return `version` now without waiting: the last read started less than
   * FEED_VERSION_CHECK_MS ago, or less than VERSION_GRACE_MS ago and the next read is in flight. A due read is started
   * here, so the fast path keeps answering while it runs.
   */
  trusted(region: string, version: number, now: number): boolean {
    const known = this.known.get(region)
    if (known?.version !== version) return false
    if (known.checkedUntil > now) return true
    // Its failure is the next caller's: `stored` reads again, and a reader waiting on it gets the error.
    if (known.reading === undefined) this.read(region, known).catch(() => undefined)
    return now - known.readAt < VERSION_GRACE_MS
  }

  /**
   * Whether no change between versions `from` and `to` of `region` (as last read or raised here) had `scope`: each
   * was scoped to another series, and all of them are among the last RECENT_CHANGES. False when unknown.
   */
  unaffected(region: string, from: number, to: number, scope: string): boolean {
    if (from === to) return true
    const known = this.known.get(region)
    if (!known?.recent || from > to || to > known.version) return false
    const first = known.version - known.recent.length + 1
    if (from + 1 < first) return false
    const token = scopeToken(scope)
    return known.recent
      .slice(from + 1 - first, to + 1 - first)
      .every((changed) => changed !== token && changed !== ANY_SCOPE)
  }

  /**
   * Raises the stored version of each region (a change through this instance) and reads the raised ones at once,
   * so answers loaded from here on are kept under them. `scope`: the series whose item views the change alters
   * (ANY_SCOPE: any), kept with each raise (FeedVersion.recent).
   */
  async raise(regions: string[], scope: string = ANY_SCOPE): Promise<void> {
    if (regions.length === 0) return
    const changedAt = new Date()
    // The versions known before are out of date now (a read in flight that started before is not kept), so answers
    // loaded from here on are kept under the raised ones. Trusting the old ones until their check was due would load
    // each answer twice: now under the old version, and again once the check saw the new. A change made elsewhere
    // after these raises is seen by the next check, due FEED_VERSION_CHECK_MS after `readAt`.
    const readAt = Date.now()
    // One write for every region of the chain, then one read of what they hold: two commands where a
    // findOneAndUpdate per region was five. A raise made elsewhere between the two is read too, which only makes
    // the versions known here newer.
    await this.model.bulkWrite(
      regions.map((_id) => ({
        updateOne: {
          filter: { _id },
          update: {
            $inc: { version: 1 },
            $set: { changedAt },
            // One entry per raise, in the same write as the version, so the list lines up with the versions.
            $push: { recent: { $each: [scopeToken(scope)], $slice: -RECENT_CHANGES } },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    )
    const raised = await this.model.find({ _id: { $in: regions } }, { version: 1, recent: 1 }).lean()
    const byId = new Map(raised.map((v) => [v._id, v]))
    for (const region of regions) {
      const known: KnownVersion = this.known.get(region) ?? { version: 0, checkedUntil: 0, readAt: 0 }
      delete known.reading
      const stored = byId.get(region)
      // Stored versions only grow: a concurrent raise here may have read a newer one already.
      if ((stored?.version ?? 0) >= known.version) {
        known.version = stored?.version ?? 0
        known.recent = stored?.recent ?? []
      }
      known.checkedUntil = readAt + FEED_VERSION_CHECK_MS
      known.readAt = readAt
      this.known.set(region, known)
    }
  }
}
