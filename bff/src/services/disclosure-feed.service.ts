import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { Types } from 'mongoose'
import type { DisclosureDto, RosterIndex } from '@cunwu/domain'
import {
  findCatalogItem,
  getCatalog,
  householdNameKey,
  householdNoKey,
  indexRoster,
  normalizeHouseholdNo,
  rankDocuments,
  rowsOfHousehold,
} from '@cunwu/domain'
import { notFound } from '../errors'
import type { Models } from '../models'
import type { Disclosure, DisclosureView } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { regionPrefix } from '../policies/region.policy'
import type { AlignmentBadge, DisclosureAudience } from '../presenters/disclosure.presenter'
import { presentDisclosure } from '../presenters/disclosure.presenter'
import { regionNames } from './regions.service'

/** Lists leave out the stored rows and search tokens: they are large and a list never shows them. */
const LIST_PROJECTION = {
  rows: 0,
  titleTokens: 0,
  bodyTokens: 0,
  categoryTokens: 0,
  searchTokens: 0,
  householdKeys: 0,
} as const

/** Statuses the public may open (a retracted one shows why it was retracted). */
const PUBLIC_STATUSES = ['published', 'superseded', 'retracted', 'expired'] as const

/** A feed page, serialised once for every request that reads it while cached. */
export interface FeedPage {
  disclosures: DisclosureDto[]
  json: string
  /** The same JSON gzipped once, for phones that accept it (every WeChat client does). */
  gzip: Buffer
  etag: string
}

/** Looks up the alignment badge of disclosures; provided by the alignment feature. */
export type AlignmentLookup = (disclosures: DisclosureView[]) => Promise<Map<string, AlignmentBadge>>

/**
 * Longest a village's feed page is served from memory: rosters leave the feed when their notice period ends
 * (`hideAfter`), which changes no stored version.
 */
const FEED_CACHE_MS = 5_000

/**
 * How often a cached page's village version (FeedVersion) is compared with the database. A change through any BFF
 * instance raises the version, so every instance serves it within this time plus one read (SCALE.md).
 */
const FEED_VERSION_CHECK_MS = 500

/** What villagers read: the village feed, an item, search, and 与我相关 (versions: disclosure-versions.service). */
export function createDisclosureFeedService(deps: {
  models: Models
  alignment?: AlignmentLookup
  search?: { queryTokens(q: string): string[] }
}) {
  const { Disclosure: Disclosures, Membership, Proxy, Household, FeedVersion } = deps.models
  // The feed is the hot path of weak phones reloading; it changes only when something is published.
  const feedCache = new Map<
    string,
    { until: number; version: number; checkedUntil: number; value: Promise<FeedPage> }
  >()

  /** The stored version of a village's feed (0 before its first change). */
  async function storedVersion(villageCode: string): Promise<number> {
    const v = await FeedVersion.findById(villageCode, { version: 1 }).lean()
    return v?.version ?? 0
  }
  const domainOrder = new Map(getCatalog().domains.map((d) => [d.id, d]))

  /** The newest public version that replaced a superseded one. */
  async function replacementOf(d: Disclosure): Promise<{ id: string; version: number } | null> {
    if (d.status !== 'superseded') return null
    const next = await Disclosures.findOne(
      { seriesKey: d.seriesKey, version: { $gt: d.version }, status: { $in: [...PUBLIC_STATUSES] } },
      { _id: 1, version: 1 },
    )
      .sort({ version: -1 })
      .lean()
    return next ? { id: next._id.toHexString(), version: next.version } : null
  }

  async function present(
    list: DisclosureView[],
    audience: DisclosureAudience,
    supersededBy: { id: string; version: number } | null = null,
  ): Promise<DisclosureDto[]> {
    const [names, badges] = await Promise.all([
      regionNames(
        deps.models,
        list.map((d) => d.regionCode),
      ),
      deps.alignment ? deps.alignment(list) : Promise.resolve(new Map<string, AlignmentBadge>()),
    ])
    return list.flatMap((d) => {
      const item = findCatalogItem(d.catalogItemId)
      if (!item) return []
      const regionName = names.get(d.regionCode)
      const alignment = badges.get(d._id.toHexString())
      return [
        presentDisclosure(d, item, {
          audience,
          ...(regionName ? { regionName } : {}),
          ...(alignment ? { alignment } : {}),
          supersededBy,
        }),
      ]
    })
  }

  /** Reads the feed from the database (see `feed`). */
  async function loadFeed(
    villageCode: string,
    query: { domainId?: string; limit: number },
  ): Promise<DisclosureDto[]> {
    const now = new Date()
    const list = await Disclosures.find(
      {
        regionCode: villageCode,
        status: 'published',
        ...(query.domainId ? { domainId: query.domainId } : {}),
        $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }],
      },
      LIST_PROJECTION,
    )
      .sort({ publishedAt: -1 })
      .limit(200)
      .lean()
    // Only the newest version of a series, in case a crash left an older one published.
    const seen = new Set<string>()
    const current = list.filter((d) => (seen.has(d.seriesKey) ? false : (seen.add(d.seriesKey), true)))
    current.sort((a, b) => {
      const fa = domainOrder.get(a.domainId)?.focus ? 1 : 0
      const fb = domainOrder.get(b.domainId)?.focus ? 1 : 0
      return fb - fa || (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0)
    })
    const page = current.slice(0, query.limit)
    // Tables are not part of the feed: rows stay out of the list payload for weak phones.
    const dtos = await present(
      page.map((d) => ({ ...d, rows: null })),
      'public',
    )
    return dtos
  }

  return {
    /**
     * The village feed: the current published version of each matter, focus categories first, then newest.
     * Rosters whose notice period ended are left out (kept for alignment and 与我相关).
     */
    async feed(villageCode: string, query: { domainId?: string; limit: number }): Promise<FeedPage> {
      const key = `${villageCode}|${query.domainId ?? ''}|${query.limit}`
      const hit = feedCache.get(key)
      const now = Date.now()
      if (hit && hit.until > now && hit.checkedUntil > now) return hit.value
      // Read before the page, so a change committed while the page loads shows up as a newer version next time.
      const version = await storedVersion(villageCode)
      if (hit && hit.until > now && hit.version === version) {
        hit.checkedUntil = Date.now() + FEED_VERSION_CHECK_MS
        return hit.value
      }
      const value = loadFeed(villageCode, query).then((disclosures) => {
        const json = JSON.stringify({ disclosures })
        return {
          disclosures,
          json,
          gzip: gzipSync(json),
          etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`,
        }
      })
      const entry = {
        until: Date.now() + FEED_CACHE_MS,
        version,
        checkedUntil: Date.now() + FEED_VERSION_CHECK_MS,
        value,
      }
      feedCache.set(key, entry)
      // A failed load is not kept.
      value.catch(() => {
        if (feedCache.get(key) === entry) feedCache.delete(key)
      })
      if (feedCache.size > 5_000) feedCache.clear()
      return value
    },

    /**
     * Forgets the cached feed pages of a village here at once and raises its stored version, so every other BFF
     * instance reloads them within FEED_VERSION_CHECK_MS (after a publish, retraction or alignment change).
     */
    async invalidateVillage(villageCode: string): Promise<void> {
      for (const key of feedCache.keys()) if (key.startsWith(`${villageCode}|`)) feedCache.delete(key)
      await FeedVersion.updateOne(
        { _id: villageCode },
        { $inc: { version: 1 }, $set: { changedAt: new Date() } },
        { upsert: true },
      )
    },

    /** One disclosure: the public view, or the whole draft for the village's staff. */
    async get(id: string, viewerMayEdit: boolean): Promise<DisclosureDto> {
      const d = Types.ObjectId.isValid(id) ? await Disclosures.findById(id).lean() : null
      if (!d) throw notFound('公开内容')
      const isPublic = (PUBLIC_STATUSES as readonly string[]).includes(d.status)
      if (!isPublic && !viewerMayEdit) throw notFound('公开内容')
      const [dto] = await present([d], viewerMayEdit ? 'staff' : 'public', await replacementOf(d))
      if (!dto) throw notFound('公开事项')
      return dto
    },

    /** The secretary's list of the village's disclosures (all statuses, newest first). */
    async listForVillage(villageCode: string, status: Disclosure['status'] | undefined, limit: number) {
      const list = await Disclosures.find(
        { regionCode: villageCode, ...(status ? { status } : {}) },
        LIST_PROJECTION,
      )
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean()
      return present(
        list.map((d) => ({ ...d, rows: null })),
        'staff',
      )
    },

    /** The township's review queue: disclosures pending review in villages within its region. */
    async reviewQueue(regionCode: string, limit: number) {
      const list = await Disclosures.find(
        { regionCode: { $regex: `^${regionPrefix(regionCode)}` }, status: 'pending_review' },
        LIST_PROJECTION,
      )
        .sort({ submittedAt: 1 })
        .limit(limit)
        .lean()
      return present(
        list.map((d) => ({ ...d, rows: null })),
        'staff',
      )
    },

    /** Keyword search within a village or all villages below a township/county, ranked by relevance. */
    async search(q: string, regionCode: string, limit: number): Promise<DisclosureDto[]> {
      if (!deps.search) return []
      const tokens = deps.search.queryTokens(q)
      if (tokens.length === 0) return []
      const now = new Date()
      const candidates = await Disclosures.find(
        {
          regionCode: { $regex: `^${regionPrefix(regionCode)}` },
          status: 'published',
          searchTokens: { $in: tokens },
          $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }],
        },
        { rows: 0 },
      )
        .sort({ publishedAt: -1 })
        .limit(500)
        .lean()
      // BM25F over the candidates (title, category, body), recency only breaking ties.
      const ranked = rankDocuments(
        tokens,
        candidates.map((d) => ({ ...d, publishedAt: d.publishedAt ?? d.createdAt })),
      ).slice(0, limit)
      return present(
        ranked.map((x) => ({ ...x.doc, rows: null })),
        'public',
      )
    },

    /**
     * 与我相关: published entries with rows provably about the user's own household (or one they are proxy for),
     * with that household's rows only. A row is the household's when its 户号 and name agree with the village
     * roster, or, without a 户号, when its name belongs to that household alone (`rowsOfHousehold`).
     */
    async related(user: User): Promise<DisclosureDto[]> {
      const [memberships, proxies] = await Promise.all([
        Membership.find({ userId: user._id, status: 'approved' }).lean(),
        Proxy.find({ userId: user._id }).lean(),
      ])
      const households = [
        ...memberships.map((m) => ({ villageCode: m.villageCode, householdNo: m.householdNo })),
        ...proxies.map((p) => ({ villageCode: p.villageCode, householdNo: p.householdNo })),
      ]
      const rosters = new Map<string, RosterIndex>()
      const out: DisclosureDto[] = []
      for (const h of households) {
        let roster = rosters.get(h.villageCode)
        if (!roster) {
          const list = await Household.find(
            { villageCode: h.villageCode },
            { householdNo: 1, headName: 1, memberNames: 1 },
          ).lean()
          roster = indexRoster(list)
          rosters.set(h.villageCode, roster)
        }
        const names = roster.namesByNo.get(normalizeHouseholdNo(h.householdNo))
        // A household missing from the roster cannot be proved to own any row.
        if (!names) continue
        const keys = [householdNoKey(h.householdNo), ...[...names].map(householdNameKey)]
        const list = await Disclosures.find({
          regionCode: h.villageCode,
          status: { $in: ['published', 'expired'] },
          householdKeys: { $in: keys },
        })
          .sort({ publishedAt: -1 })
          .limit(50)
          .lean()
        for (const d of list) {
          const item = findCatalogItem(d.catalogItemId)
          if (!item?.table) continue
          const own = rowsOfHousehold(item.table, d.rows ?? [], h.householdNo, roster)
          if (own.length === 0) continue
          const [dto] = await present([{ ...d, rows: own }], 'household')
          if (dto) out.push(dto)
        }
      }
      return out
    },
  }
}

export type DisclosureFeedService = ReturnType<typeof createDisclosureFeedService>
