import { Types } from 'mongoose'
import type { DisclosureDto, ReviewQueueQuery } from '@cunwu/domain'
import {
  findCatalogItem,
  getCatalog,
  isPublicDisclosureStatus,
  PUBLIC_DISCLOSURE_STATUSES,
  rankDocuments,
} from '@cunwu/domain'
import { notFound } from '../errors'
import type { Models } from '../models'
import type { Disclosure, DisclosureView } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { regionPrefix } from '../policies/region.policy'
import type { AlignmentBadge, DisclosureAudience } from '../presenters/disclosure.presenter'
import { presentDisclosure } from '../presenters/disclosure.presenter'
import { RegionNameMemo } from './regions.service'
import { publicJson, type PublicJson } from '../lib/public-json'
import { PUBLIC_CACHE_MS, PublicReadCache } from './public-read-cache.service'
import { KeptDisclosures } from './kept-disclosures.service'
import { VillageSearchNames } from './village-search-names.service'
import { RelatedDisclosures } from './disclosure-related'
import { ReviewQueue } from './review-queue'

/** Lists leave out the stored rows and search tokens: they are large and a list never shows them. */
export const LIST_PROJECTION = {
  rows: 0,
  titleTokens: 0,
  bodyTokens: 0,
  categoryTokens: 0,
  searchTokens: 0,
  householdKeys: 0,
} as const

/** Distinct query texts whose tokens are kept, and items whose village is; past it the map starts over. */
const MAX_QUERIES_KEPT = 5_000
const MAX_ITEMS_KEPT = 50_000

/** A feed page, serialised once for every request that reads it while cached. */
export interface FeedPage extends PublicJson {
  disclosures: DisclosureDto[]
}

/** Looks up the alignment badge of disclosures; provided by the alignment feature. */
export type AlignmentLookup = (disclosures: DisclosureView[]) => Promise<Map<string, AlignmentBadge>>

/**
 * What villagers read: the village feed, an item's public view, search, and 与我相关 (versions:
 * disclosure-versions.service). The public answers (no personal data beyond what the public view shows, the same
 * for every reader) are kept in memory as serialised JSON and checked against the stored version of their region
 * at most every FEED_VERSION_CHECK_MS; views for staff and households are read per request.
 */
export class DisclosureFeedService {
  /** The public answers kept in memory (feed pages, items' public views, searches). */
  private readonly cache: PublicReadCache
  /**
   * The documents feeds list and searches rank, kept by their write count (`writes`): a feed or search loaded again
   * reads only what changed.
   */
  private readonly kept: KeptDisclosures
  /** Region names as old as a kept public answer may be. */
  private readonly regionNames: RegionNameMemo
  /** The villages a search word names, as old as a kept public answer may be. */
  private readonly villageNames: VillageSearchNames
  private readonly domainOrder = new Map(getCatalog().domains.map((d) => [d.id, d]))
  /**
   * The village and series of each item read (a disclosure never changes either): after a publication forgets the
   * village's answers, the readers of its items wait for one load each, not for a database read each to learn them.
   */
  private readonly villageOfItem = new Map<string, { region: string; series: string }>()
  /** Search tokens per query text (see `queryTokens`). */
  private readonly tokensOfQuery = new Map<string, string[]>()
  private loadsSinceBytesCheck = 0
  private readonly relatedDisclosures: RelatedDisclosures
  private readonly queue: ReviewQueue

  constructor(
    private readonly deps: {
      models: Models
      alignment?: AlignmentLookup
      search?: { queryTokens(q: string): string[] }
      /** Bytes of JSON kept in all, checked every `checkEvery` loads (default MAX_CACHED_BYTES, every 100). */
      cacheLimits?: { bytes: number; checkEvery: number }
      now?: () => Date // the app's clock (ClockService); the system time without one
    },
  ) {
    this.cache = new PublicReadCache(deps.models.FeedVersion, deps.cacheLimits)
    this.kept = new KeptDisclosures(deps.models.Disclosure)
    this.regionNames = new RegionNameMemo(deps.models, PUBLIC_CACHE_MS)
    this.villageNames = new VillageSearchNames(deps.models, PUBLIC_CACHE_MS)
    this.relatedDisclosures = new RelatedDisclosures({
      models: deps.models,
      present: (list, audience) => this.present(list, audience),
    })
    this.queue = new ReviewQueue({
      models: deps.models,
      present: (list, audience) => this.present(list, audience),
    })
  }

  /** The newest public version that replaced a superseded one. */
  private async replacementOf(d: Disclosure): Promise<{ id: string; version: number } | null> {
    if (d.status !== 'superseded') return null
    const statuses = [...PUBLIC_DISCLOSURE_STATUSES]
    const next = await this.deps.models.Disclosure.findOne(
      { seriesKey: d.seriesKey, version: { $gt: d.version }, status: { $in: statuses } },
      { _id: 1, version: 1 },
    )
      .sort({ version: -1 })
      .lean()
    return next ? { id: next._id.toHexString(), version: next.version } : null
  }

  private async present(
    list: DisclosureView[],
    audience: DisclosureAudience,
    supersededBy: { id: string; version: number } | null = null,
  ): Promise<DisclosureDto[]> {
    const [names, badges] = await Promise.all([
      this.regionNames.names(list.map((d) => d.regionCode)),
      this.deps.alignment ? this.deps.alignment(list) : Promise.resolve(new Map<string, AlignmentBadge>()),
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
  private async loadFeed(
    villageCode: string,
    query: { domainId?: string; limit: number },
  ): Promise<DisclosureDto[]> {
    const now = this.deps.now?.() ?? new Date()
    // Read again after every change of the village: only the documents that changed come from the database.
    const list = await this.kept.load(
      {
        regionCode: villageCode,
        status: 'published',
        ...(query.domainId ? { domainId: query.domainId } : {}),
        $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }],
      },
      200,
    )
    // Only the newest version of a series, in case a crash left an older one published.
    const seen = new Set<string>()
    const current = list.filter((d) => (seen.has(d.seriesKey) ? false : (seen.add(d.seriesKey), true)))
    current.sort((a, b) => {
      const fa = this.domainOrder.get(a.domainId)?.focus ? 1 : 0
      const fb = this.domainOrder.get(b.domainId)?.focus ? 1 : 0
      return fb - fa || (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0)
    })
    const page = current.slice(0, query.limit)
    // Tables are not part of the feed: rows stay out of the list payload for weak phones.
    return this.present(
      page.map((d) => ({ ...d, rows: null })),
      'public',
    )
  }

  /**
   * The village feed: the current published version of each matter, focus categories first, then newest.
   * Rosters whose notice period ended are left out (kept for alignment and 与我相关).
   */
  async feed(villageCode: string, query: { domainId?: string; limit: number }): Promise<FeedPage> {
    const key = `${villageCode}|${query.domainId ?? ''}|${query.limit}`
    return this.cache.cached('feed', key, villageCode, async () => {
      const disclosures = await this.loadFeed(villageCode, query)
      return { disclosures, ...publicJson({ disclosures }) }
    })
  }

  /**
   * The public view of one disclosure as `open` presents it (for readers who may not edit it), serialised and kept
   * while its village's version is unchanged: the same bytes for every such reader, signed in or not. Per-household
   * and staff views never come from here.
   */
  async publicItem(id: string, open: () => Promise<DisclosureDto>): Promise<PublicJson> {
    let at = this.villageOfItem.get(id)
    if (!at) {
      const d = Types.ObjectId.isValid(id)
        ? await this.deps.models.Disclosure.findById(id, { regionCode: 1, seriesKey: 1 }).lean()
        : null
      if (!d) throw notFound('公开内容')
      at = { region: d.regionCode, series: d.seriesKey }
      if (this.villageOfItem.size >= MAX_ITEMS_KEPT) this.villageOfItem.clear()
      this.villageOfItem.set(id, at)
    }
    // The view depends on its series alone (its versions, their alignment badge) and on the region's name, which
    // PUBLIC_CACHE_MS bounds: changes of the village's other series leave it kept (invalidateVillage).
    return this.cache.cached('item', id, at.region, async () => publicJson(await open()), {
      scope: at.series,
    })
  }

  /**
   * Forgets the cached public answers of a village on every instance (after a publish, retraction or alignment
   * change): see PublicReadCache.invalidateVillage.
   */
  invalidateVillage(villageCode: string, series?: string): Promise<void> {
    return this.cache.invalidateVillage(villageCode, series)
  }

  /**
   * Remembers that an anonymous GET of `url` is answered with the kept public answer `answer` (the feed, an item's
   * public view and searches, whose answers depend on the URL alone): see PublicReadCache.rememberUrl.
   */
  rememberPublicUrl(url: string, answer: PublicJson): void {
    this.cache.rememberUrl(url, answer)
  }

  /** The kept public answer of an anonymous GET of `url`, when it can be sent right now: PublicReadCache.peekUrl. */
  publicAnswerAt(url: string): PublicJson | undefined {
    return this.cache.peekUrl(url)
  }

  /** Forgets this instance's cached searches (after the upkeep re-derived stored search tokens). */
  forgetSearches(): void {
    this.cache.forgetSearches()
  }

  /** One disclosure: the public view, or the whole draft for the village's staff. */
  async get(id: string, viewerMayEdit: boolean): Promise<DisclosureDto> {
    return (await this.getWithDocument(id, viewerMayEdit)).dto
  }

  /** `get`, with the stored document it presented (its series and rows, for the versions service). */
  async getWithDocument(
    id: string,
    viewerMayEdit: boolean,
  ): Promise<{ dto: DisclosureDto; doc: Disclosure }> {
    const d = Types.ObjectId.isValid(id) ? await this.deps.models.Disclosure.findById(id).lean() : null
    if (!d) throw notFound('公开内容')
    const isPublic = isPublicDisclosureStatus(d.status)
    if (!isPublic && !viewerMayEdit) throw notFound('公开内容')
    const [dto] = await this.present([d], viewerMayEdit ? 'staff' : 'public', await this.replacementOf(d))
    if (!dto) throw notFound('公开事项')
    return { dto, doc: d }
  }

  /** The secretary's list of the village's disclosures (all statuses, newest first). */
  async listForVillage(villageCode: string, status: Disclosure['status'] | undefined, limit: number) {
    const list = await this.deps.models.Disclosure.find(
      { regionCode: villageCode, ...(status ? { status } : {}) },
      LIST_PROJECTION,
    )
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean()
    return this.present(
      list.map((d) => ({ ...d, rows: null })),
      'staff',
    )
  }

  /** A page of the township's (or county's) review queue (`ReviewQueue.page`). */
  reviewQueue(regionCode: string, query: ReviewQueueQuery) {
    return this.queue.page(regionCode, query)
  }

  /** Keyword search within a village or all villages below a township/county, ranked by relevance. */
  async search(q: string, regionCode: string, limit: number): Promise<DisclosureDto[]> {
    if (!this.deps.search) return []
    return this.searchTokens(this.deps.search.queryTokens(q), regionCode, limit)
  }

  /**
   * `search` serialised as `{ disclosures }` (with `guides`, `{ disclosures, guides }`) and kept while the region's
   * version is unchanged, and the guides' version `guides.key` (see `invalidateGuides`): the same query in the same
   * region (补贴, 低保) is ranked once per change, not once per reader.
   */
  async publicSearch(
    q: string,
    regionCode: string,
    limit: number,
    guides?: { key: string | null; load: () => Promise<unknown> },
  ): Promise<PublicJson> {
    const tokens = this.queryTokens(q)
    const key = `${regionCode}|${limit}|${guides ? 'g' : ''}|${tokens.join(' ')}`
    return this.cache.cached(
      'search',
      key,
      regionCode,
      async () => {
        const [disclosures, guideList] = await Promise.all([
          this.searchTokens(tokens, regionCode, limit),
          guides?.load(),
        ])
        return publicJson(guides ? { disclosures, guides: guideList } : { disclosures })
      },
      { also: guides?.key ?? undefined },
    )
  }

  /** A query's search tokens, segmented once per distinct query while kept (jieba is the costly part of a hit). */
  private queryTokens(q: string): string[] {
    const known = this.tokensOfQuery.get(q)
    if (known) return known
    const tokens = this.deps.search?.queryTokens(q) ?? []
    if (this.tokensOfQuery.size >= MAX_QUERIES_KEPT) this.tokensOfQuery.clear()
    this.tokensOfQuery.set(q, tokens)
    return tokens
  }

  /**
   * Forgets the searches that show the service guides of `key` on every instance (after a county edited a guide):
   * see PublicReadCache.invalidate.
   */
  invalidateGuides(key: string): Promise<void> {
    return this.cache.invalidate(key)
  }

  private async searchTokens(tokens: string[], regionCode: string, limit: number): Promise<DisclosureDto[]> {
    if (tokens.length === 0) return []
    const now = this.deps.now?.() ?? new Date()
    // A query word naming a village (云溪, 云溪村, 枫林 村) finds its items, as if its name were one of their
    // categories, and is not also matched by its pieces (村); `words` are the query's words as matched and ranked.
    const { villages, words } = await this.villageNames.named(regionCode, tokens)
    const shown = { $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }] }
    const candidates = await this.kept.load(
      {
        regionCode: { $regex: `^${regionPrefix(regionCode)}` },
        status: 'published',
        ...(villages.size === 0
          ? { searchTokens: { $in: words }, ...shown }
          : {
              $and: [
                { $or: [{ searchTokens: { $in: words } }, { regionCode: { $in: [...villages.keys()] } }] },
                shown,
              ],
            }),
      },
      500,
    )
    // BM25F over the candidates (title, category, body), recency only breaking ties.
    const ranked = rankDocuments(
      words,
      candidates.map((d) => {
        const naming = villages.get(d.regionCode)
        return {
          ...d,
          categoryTokens: naming ? [...d.categoryTokens, ...naming] : d.categoryTokens,
          publishedAt: d.publishedAt ?? d.createdAt,
        }
      }),
    ).slice(0, limit)
    return this.present(
      ranked.map((x) => ({ ...x.doc, rows: null })),
      'public',
    )
  }

  /** 与我相关: the published rows provably about the user's own households (RelatedDisclosures). */
  related(user: User): Promise<DisclosureDto[]> {
    return this.relatedDisclosures.list(user)
  }
}

/** Builds the service (the composition root and tests call this). */
export function createDisclosureFeedService(deps: ConstructorParameters<typeof DisclosureFeedService>[0]) {
  return new DisclosureFeedService(deps)
}
