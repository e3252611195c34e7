import { Types } from 'mongoose'
import type { DisclosureCreateReq, DisclosureUpdateReq, RowSource } from '@cunwu/domain'
import { CATALOG_VERSION, ErrorCode, isPeriodKeyFor, levelOfCode, shanghaiDateOf } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import { catalogItemOf } from './catalog.service'
import { refuseRetiredPeriod, refuseUnopenedPeriod, successorMark, type StandIn } from './disclosure-period'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { mayActIn } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import { isDuplicateKey } from '../lib/db-writes'
import { checkTableRows, DisclosureDerivations } from './disclosure-derivations.service'
import type { DisclosureHooks } from './disclosure-hooks.service'
import { DisclosurePublishing, type ReviewRequest } from './disclosure-publishing.service'
import { DisclosureEdits, type SubmitOptions } from './disclosure-edits.service'

/**
 * The key all versions of a disclosure share: village, catalog item and period, and for matters a village may
 * publish several of in one period a series of their own (each 四议两公开 decision: `decision:<id>`).
 */
export function disclosureSeriesKey(
  villageCode: string,
  itemId: string,
  period: string,
  series?: string,
): string {
  return `${villageCode}|${itemId}|${period}${series ? `|${series}` : ''}`
}

export type { StandIn } from './disclosure-period'

// The 决议公开 rule lives with the editing it restricts.
export { DECISION_RESOLUTION_ITEM, isDecisionResolution } from './disclosure-edits.service'

/** Disclosures whose village `regionOf` remembers; past it the map starts over. */
const MAX_VILLAGES_KEPT = 50_000

/**
 * The village disclosure lifecycle: draft → pending_review → published → superseded | retracted | expired. Drafting
 * is here; editing a draft and submitting it are `disclosure-edits.service.ts`, review, retraction and expiry
 * `disclosure-publishing.service.ts`, offered as this service's own. The hooks each step calls are
 * `disclosure-hooks.service.ts`.
 */
export class DisclosuresService {
  private readonly derivations: DisclosureDerivations
  private readonly publishing: DisclosurePublishing
  private readonly edits: DisclosureEdits
  /** The village of each disclosure asked about (`regionOf`). */
  private readonly villages = new Map<string, string>()

  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      hooks?: DisclosureHooks
      /** The app's one notion of now (ClockService); the system time without one (tests of other things). */
      clock?: { now(): Date }
    },
  ) {
    const hooks = deps.hooks ?? {}
    this.derivations = new DisclosureDerivations({
      models: deps.models,
      ...(hooks.searchFields ? { searchFields: hooks.searchFields } : {}),
    })
    this.publishing = new DisclosurePublishing({
      models: deps.models,
      audit: deps.audit,
      hooks,
      load: (id) => this.load(id),
      postingDates: (item, publishedAt) => this.derivations.postingDates(item, publishedAt),
      now: () => this.now(),
    })
    this.edits = new DisclosureEdits({
      models: deps.models,
      audit: deps.audit,
      derivations: this.derivations,
      load: (id) => this.load(id),
      now: () => this.now(),
    })
  }

  private now(): Date {
    return this.deps.clock?.now() ?? new Date()
  }

  /** A disclosure by id (404 when there is none). */
  async load(id: string): Promise<Disclosure> {
    const d = Types.ObjectId.isValid(id) ? await this.deps.models.Disclosure.findById(id).lean() : null
    if (!d) throw notFound('公开内容')
    return d
  }

  /**
   * The village a disclosure belongs to (for authorization), or undefined. A disclosure never changes village, so
   * the answer is remembered: each staff action on a disclosure then reads it once (in the action), not twice.
   */
  async regionOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    const known = this.villages.get(id)
    if (known) return known
    const village = (await this.deps.models.Disclosure.findById(id, { regionCode: 1 }).lean())?.regionCode
    if (village) {
      if (this.villages.size >= MAX_VILLAGES_KEPT) this.villages.clear()
      this.villages.set(id, village)
    }
    return village
  }

  /** Creates a draft for a catalog item and period; a second series for the same item and period is a 409. */
  async create(
    villageCode: string,
    req: DisclosureCreateReq,
    author: User,
    actor: Actor,
    /**
     * A series of its own within the item and period, for matters of which a village may publish several in one
     * period (each 四议两公开 decision's resolution: `decision:<id>`); the key becomes
     * `${villageCode}|${item}|${period}|${series}`, so it never meets the item's one-per-period series.
     */
    options: {
      series?: string
      /** Where imported rows came from: row errors and roster mismatches name these spreadsheet rows. */
      rowSources?: readonly RowSource[]
      /** The day the period is judged on, when the caller runs on another clock (finance statements: the pay clock). */
      today?: string
      /** Drafted in place of a retired village by the village it merged into (`successorMark`). */
      standIn?: StandIn
    } = {},
  ): Promise<Disclosure> {
    const village =
      levelOfCode(villageCode) === 'village'
        ? await this.deps.models.Region.findById(villageCode, { retirement: 1 }).lean()
        : null
    if (!village) throw notFound('村（社区）')
    const item = catalogItemOf(req.catalogItemId)
    if (!item.levels.includes('village')) {
      throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项不由村级公开')
    }
    const cadence = item.schedule?.cadence
    if (cadence && cadence !== 'immediate' && !isPeriodKeyFor(cadence, req.period)) {
      throw new AppError(
        422,
        ErrorCode.UnprocessableEntity,
        `该事项按${cadenceLabel(cadence)}公开，期次格式不符`,
      )
    }
    const today = options.today ?? shanghaiDateOf(this.now())
    refuseUnopenedPeriod(item, req.period, today)
    const successor = options.standIn
      ? await successorMark(this.deps.models, villageCode, options.standIn, item, req.period, today)
      : null
    if (!successor) await refuseRetiredPeriod(this.deps.models, village.retirement, req.period, today)
    const rows = checkTableRows(item, req.rows, options.rowSources)
    const seriesKey = disclosureSeriesKey(villageCode, item.id, req.period, options.series)
    if (await this.deps.models.Disclosure.exists({ seriesKey })) {
      throw await this.seriesExists(seriesKey, '本期已有该事项的公开内容，请在原有内容上修改或发布新版本')
    }
    try {
      const doc = await this.deps.models.Disclosure.create({
        regionCode: villageCode,
        catalogItemId: item.id,
        catalogVersion: CATALOG_VERSION,
        domainId: item.domainId,
        period: req.period,
        seriesKey,
        version: 1,
        openKey: seriesKey,
        status: 'draft',
        title: req.title,
        body: req.body,
        interpretation: req.interpretation,
        figures: req.figures ?? [],
        rows,
        authorId: author._id,
        ...(successor ? { successor } : {}),
        rosterMismatches: await this.derivations.rosterMismatchesOf(
          villageCode,
          item,
          rows,
          options.rowSources,
        ),
        ...this.derivations.derived(item, req.title, req.body, rows),
      })
      await this.deps.audit.record(actor, {
        action: 'disclosure.create',
        targetType: 'disclosure',
        targetId: doc.id,
        regionCode: villageCode,
        data: { catalogItemId: item.id, period: req.period, ...(successor ? { successor } : {}) },
      })
      return doc.toObject()
    } catch (err) {
      if (isDuplicateKey(err)) throw await this.seriesExists(seriesKey, '本期已有该事项的公开内容')
      throw err
    }
  }

  /**
   * Edits a draft (`disclosure-edits.service.ts`): only the fields sent are written, on the revision read; a copy
   * named by an older revision is 409 `disclosure_stale`.
   */
  async update(
    id: string,
    req: DisclosureUpdateReq,
    actor: Actor,
    /** Where imported rows came from: roster mismatches name these spreadsheet rows; `standIn`: see `create`. */
    options: { rowSources?: readonly RowSource[]; standIn?: StandIn } = {},
  ): Promise<Disclosure> {
    return this.edits.update(id, req, actor, options)
  }

  /** Sends a draft to the township for review, as its checks read it (`disclosure-edits.service.ts`). */
  async submit(id: string, actor: Actor, options: SubmitOptions = {}): Promise<Disclosure> {
    return this.edits.submit(id, actor, options)
  }

  /** Starts a corrected version as a draft (`disclosure-publishing.service.ts`), under `options.id` when given. */
  async newVersion(
    id: string,
    changeNote: string,
    author: User,
    actor: Actor,
    options: { id?: Types.ObjectId; standIn?: StandIn } = {},
  ): Promise<Disclosure> {
    return this.publishing.newVersion(id, changeNote, author, actor, options)
  }

  /** Re-derives documents indexed under older rules (see `disclosure-derivations.service.ts`). */
  async reindexStale(limit?: number): Promise<number> {
    return this.derivations.reindexStale(limit)
  }

  /**
   * Township review (`disclosure-publishing.service.ts`): approve publishes, return sends it back; a draft changed
   * since the reviewer's `revision` is 409 `disclosure_stale`.
   */
  async review(id: string, req: ReviewRequest, reviewer: User, actor: Actor): Promise<Disclosure> {
    return this.publishing.review(id, req, reviewer, actor)
  }

  /** Retracts a published disclosure with a reason (`disclosure-publishing.service.ts`). */
  async retract(id: string, reason: string, actor: Actor): Promise<Disclosure> {
    return this.publishing.retract(id, reason, actor)
  }

  /** Expires published rosters whose notice period ended (`disclosure-publishing.service.ts`). */
  async expireDue(now = this.now()): Promise<number> {
    return this.publishing.expireDue(now)
  }

  /**
   * Whether a user may see a disclosure that is not public (drafts): its village's staff, and for one drafted in
   * place of a retired village, the secretary of the village that did (`successor`).
   */
  canSeeDraft(user: User | undefined, d: Disclosure): boolean {
    if (!user) return false
    if (d.successor && mayActIn(user.roles, ['secretary'], d.successor.regionCode)) return true
    return mayActIn(user.roles, ['secretary', 'township', 'county', 'admin'], d.regionCode)
  }

  /**
   * For a caller acting in place of a retired village (`standIn`, on a route with no edit of its own: attachments):
   * 422 `village_retired` unless the disclosure's period is one that village still owes (`successorMark`).
   */
  async checkInPlace(id: string, standIn: StandIn | undefined): Promise<void> {
    if (!standIn) return
    const d = await this.load(id)
    const item = catalogItemOf(d.catalogItemId)
    await successorMark(this.deps.models, d.regionCode, standIn, item, d.period, shanghaiDateOf(this.now()))
  }

  /** 409 disclosure_exists naming the series' newest disclosure, so the page can open it instead. */
  private async seriesExists(seriesKey: string, message: string): Promise<AppError> {
    const existing = await this.deps.models.Disclosure.findOne({ seriesKey }, { _id: 1 })
      .sort({ version: -1 })
      .lean()
    const details = existing ? { disclosureId: existing._id.toHexString() } : undefined
    return new AppError(409, ErrorCode.DisclosureExists, message, true, details)
  }
}

function cadenceLabel(cadence: string): string {
  return (
    { monthly: '月', quarterly: '季度', half_yearly: '半年', yearly: '年', immediate: '事项' }[cadence] ??
    cadence
  )
}
