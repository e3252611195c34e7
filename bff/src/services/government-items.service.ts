import { Types } from 'mongoose'
import type {
  CatalogItem,
  GovernmentItemCreateReq,
  GovernmentItemUpdateReq,
  GovernmentItemViewQuery,
} from '@cunwu/domain'
import {
  CATALOG_VERSION,
  DISCLOSURE_STATUS_LABELS,
  ErrorCode,
  findCatalogItem,
  governmentTableOf,
  isGovernmentItem,
  isPeriodKeyFor,
  levelOfCode,
} from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { RowsPage } from '../models/GovernmentRow.model'
import type { GovernmentRowsService } from './government-rows.service'
import { isDuplicateKey } from '../lib/db-writes'
import { GovernmentRosters, notDraft, rosterFields } from './government-item-rosters.service'
import type { VillageRef } from '@cunwu/tables'

/** Hooks the government item lifecycle calls after each step (alignment recompute). */
export interface GovernmentItemHooks {
  onPublished?(g: GovernmentItem, previous: GovernmentItem | null): Promise<void>
  onRetracted?(g: GovernmentItem): Promise<void>
}

/**
 * Government items (政务公开) of townships and counties: draft → published → superseded | retracted.
 * No review step: the township or county office publishing within its own region is the accountable publisher
 * (a village needs the township's review because the township is its supervisor; the government side has no such
 * supervisor in this system). Every step is audited, and a change is a new version, as for village disclosures.
 */
export class GovernmentItemsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      rows: GovernmentRowsService
      hooks?: GovernmentItemHooks
      /** The app's one notion of now (ClockService); the system time without one. */
      clock?: { now(): Date }
    },
  ) {
    this.rosters = new GovernmentRosters({
      models: deps.models,
      audit: deps.audit,
      rows: deps.rows,
      load: (id) => this.load(id),
    })
  }

  /** Rows of items: checking, storing and pointing drafts at rosters (`government-item-rosters.service.ts`). */
  private readonly rosters: GovernmentRosters

  /** A catalog item (404 if unknown). */
  private catalogItem(id: string): CatalogItem {
    const item = findCatalogItem(id)
    if (!item) throw notFound('公开事项')
    return item
  }

  /** One government item by id (404 if unknown). */
  async load(id: string): Promise<GovernmentItem> {
    const g = Types.ObjectId.isValid(id) ? await this.deps.models.GovernmentItem.findById(id).lean() : null
    if (!g) throw notFound('政府公开事项')
    return g
  }

  /** The township or county a government item belongs to (for authorization). */
  async regionOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.GovernmentItem.findById(id, { regionCode: 1 }).lean())?.regionCode
  }

  /** Creates a draft for a catalog item and period of a township or county. */
  async create(
    regionCode: string,
    req: GovernmentItemCreateReq,
    author: User,
    actor: Actor,
  ): Promise<GovernmentItem> {
    const level = levelOfCode(regionCode)
    // A village (or a province) exists but publishes no 政务公开: say so rather than that it does not exist.
    if (level !== 'township' && level !== 'county')
      throw new AppError(422, ErrorCode.UnprocessableEntity, '政务公开由乡镇或县发布，这里不是乡镇或县')
    if (!(await this.deps.models.Region.exists({ _id: regionCode }))) throw notFound('乡镇或县')
    const item = this.catalogItem(req.catalogItemId)
    if (!isGovernmentItem(item))
      throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项不由乡镇或县公开')
    const cadence = item.schedule?.cadence
    if (cadence && cadence !== 'immediate' && !isPeriodKeyFor(cadence, req.period)) {
      throw new AppError(422, ErrorCode.UnprocessableEntity, '期次格式与该事项的公开周期不符')
    }
    const checked =
      req.rows === null ? null : await this.rosters.checkRows(regionCode, governmentTableOf(item), req.rows)
    const seriesKey = `${regionCode}|${item.id}|${req.period}`
    if (await this.deps.models.GovernmentItem.exists({ seriesKey }))
      throw conflict('本期已有该事项，请在原有内容上修改或发布新版本', ErrorCode.DisclosureExists)
    // The rows are stored first under the new item's id; the item that points at them is the one write that counts.
    const _id = new Types.ObjectId()
    const written = checked ? await this.deps.rows.write(_id, checked.rows, checked.villages) : null
    try {
      const doc = await this.deps.models.GovernmentItem.create({
        _id,
        regionCode,
        level,
        catalogItemId: item.id,
        catalogVersion: CATALOG_VERSION,
        period: req.period,
        seriesKey,
        version: 1,
        openKey: seriesKey,
        status: 'draft',
        title: req.title,
        body: req.body,
        figures: req.figures,
        ...rosterFields(written),
        authorId: author._id,
      })
      await this.deps.audit.record(actor, {
        action: 'government_item.create',
        targetType: 'government_item',
        targetId: doc.id,
        regionCode,
        data: { catalogItemId: item.id, period: req.period, rows: written?.rowCount ?? 0 },
      })
      return doc.toObject()
    } catch (err) {
      await this.deps.rows.release(written?.rosterId ?? null)
      if (isDuplicateKey(err)) throw conflict('本期已有该事项', ErrorCode.DisclosureExists)
      throw err
    }
  }

  /** Edits a draft (rows are validated again, all or nothing). */
  async update(id: string, req: GovernmentItemUpdateReq, actor: Actor): Promise<GovernmentItem> {
    const current = await this.load(id)
    if (current.status !== 'draft') throw notDraft(current.status)
    const table = governmentTableOf(this.catalogItem(current.catalogItemId))
    const checked = req.rows ? await this.rosters.checkRows(current.regionCode, table, req.rows) : null
    const patch: Partial<GovernmentItem> = {}
    if (req.title !== undefined) patch.title = req.title
    if (req.body !== undefined) patch.body = req.body
    if (req.figures !== undefined) patch.figures = req.figures
    const written =
      req.rows === undefined
        ? undefined
        : checked
          ? await this.deps.rows.write(current._id, checked.rows, checked.villages)
          : null
    return this.rosters.setDraft(current, patch, written, actor, 'government_item.update', {
      fields: Object.keys(req),
      rows: written?.rowCount ?? null,
    })
  }

  /** Replaces a draft's rows with rows already converted and checked (all or none; `GovernmentRosters`). */
  replaceRows(...args: Parameters<GovernmentRosters['replaceRows']>): Promise<GovernmentItem> {
    return this.rosters.replaceRows(...args)
  }

  /** Points a draft at a roster an Excel/CSV import already wrote and checked (`GovernmentRosters`). */
  adoptRoster(...args: Parameters<GovernmentRosters['adoptRoster']>): Promise<GovernmentItem> {
    return this.rosters.adoptRoster(...args)
  }

  /** The villages below a township or county, which its rows may name. */
  villagesBelow(regionCode: string): Promise<VillageRef[]> {
    return this.rosters.villagesBelow(regionCode)
  }

  /** One page of an item's rows (of one village, or of all), or null when it has none. */
  async page(g: GovernmentItem, query: GovernmentItemViewQuery): Promise<RowsPage | null> {
    return this.deps.rows.page(g, query)
  }

  /** Publishes a draft (superseding the previous version) and recomputes the alignments of the villages covered. */
  async publish(id: string, publisher: User, actor: Actor): Promise<GovernmentItem> {
    const current = await this.load(id)
    const item = this.catalogItem(current.catalogItemId)
    if (governmentTableOf(item) && current.rowCount === 0 && current.figures.length === 0) {
      throw new AppError(422, ErrorCode.UnprocessableEntity, '请先填写或导入名单再发布')
    }
    const now = this.deps.clock?.now() ?? new Date()
    const g = await this.deps.models.GovernmentItem.findOneAndUpdate(
      { _id: current._id, status: 'draft' },
      { $set: { status: 'published', openKey: null, publishedBy: publisher._id, publishedAt: now } },
      { returnDocument: 'after' },
    ).lean()
    if (!g) {
      // Read again: another request may have moved it on since `current` was read.
      const now = await this.deps.models.GovernmentItem.findById(current._id, { status: 1 }).lean()
      const label = DISCLOSURE_STATUS_LABELS[now?.status ?? current.status]
      throw conflict(`这条内容现在是「${label}」状态，不能发布`, ErrorCode.InvalidTransition)
    }
    const previous = await this.deps.models.GovernmentItem.findOneAndUpdate(
      { seriesKey: g.seriesKey, _id: { $ne: g._id }, status: 'published' },
      { $set: { status: 'superseded', supersededAt: now } },
    ).lean()
    await this.deps.audit.record(actor, {
      action: 'government_item.publish',
      targetType: 'government_item',
      targetId: id,
      regionCode: g.regionCode,
      data: {
        version: g.version,
        supersedes: previous?._id.toHexString() ?? null,
        villages: g.villageCodes.length,
      },
    })
    await this.deps.hooks?.onPublished?.(g, previous)
    return g
  }

  /**
   * Starts a corrected version of a published item, or of a retracted one when nothing was published after it (a
   * list withdrawn because it was wrong is corrected and published again: docs/versions.md), as a draft copying
   * its content.
   */
  async newVersion(id: string, changeNote: string, author: User, actor: Actor): Promise<GovernmentItem> {
    const current = await this.load(id)
    if (current.status !== 'published' && current.status !== 'retracted')
      throw conflict('只有已发布或已撤回的内容才能发布新版本', ErrorCode.InvalidTransition)
    const [latest, published] = await Promise.all([
      this.deps.models.GovernmentItem.findOne({ seriesKey: current.seriesKey }).sort({ version: -1 }).lean(),
      current.status === 'retracted'
        ? this.deps.models.GovernmentItem.exists({ seriesKey: current.seriesKey, status: 'published' })
        : null,
    ])
    if (published)
      throw conflict('这一期已有重新发布的版本，请在最新版本上发布新版本', ErrorCode.InvalidTransition)
    try {
      // The new version shares the roster (the rows are not copied) until its own rows are replaced.
      const doc = await this.deps.models.GovernmentItem.create({
        ...current,
        _id: new Types.ObjectId(),
        version: (latest?.version ?? current.version) + 1,
        openKey: current.seriesKey,
        status: 'draft',
        changeNote,
        authorId: author._id,
        publishedBy: null,
        publishedAt: null,
        retractedAt: null,
        retractReason: null,
        createdAt: undefined,
        updatedAt: undefined,
      })
      await this.deps.audit.record(actor, {
        action: 'government_item.new_version',
        targetType: 'government_item',
        targetId: doc.id,
        regionCode: current.regionCode,
        data: { from: id, version: doc.version, changeNote },
      })
      return doc.toObject()
    } catch (err) {
      if (isDuplicateKey(err)) throw await this.openVersionExists(current.seriesKey)
      throw err
    }
  }

  /**
   * 409 disclosure_exists naming the series' open draft (as a disclosure's second new version does), so the page can
   * open it: its id, and its version, title and change note, which the officer who started it recognises.
   */
  private async openVersionExists(seriesKey: string): Promise<AppError> {
    const open = await this.deps.models.GovernmentItem.findOne(
      { openKey: seriesKey },
      { _id: 1, version: 1, title: 1, changeNote: 1 },
    ).lean()
    if (!open) return conflict('已有一个未发布的新版本，请先处理它', ErrorCode.DisclosureExists)
    const named = open.changeNote ? `第 ${open.version} 版：${open.changeNote}` : `第 ${open.version} 版`
    return new AppError(
      409,
      ErrorCode.DisclosureExists,
      `已有一个未发布的新版本（${named}），请先处理它`,
      true,
      {
        governmentItemId: open._id.toHexString(),
        version: open.version,
        title: open.title,
        changeNote: open.changeNote,
      },
    )
  }

  /** Retracts a published item with a reason; the villages it covered lose their counterpart. */
  async retract(id: string, reason: string, actor: Actor): Promise<GovernmentItem> {
    const g = await this.deps.models.GovernmentItem.findOneAndUpdate(
      { _id: Types.ObjectId.isValid(id) ? id : null, status: 'published' },
      {
        $set: {
          status: 'retracted',
          retractedAt: this.deps.clock?.now() ?? new Date(),
          retractReason: reason,
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!g) {
      await this.load(id)
      throw conflict('只有已发布的内容才能撤回', ErrorCode.InvalidTransition)
    }
    await this.deps.audit.record(actor, {
      action: 'government_item.retract',
      targetType: 'government_item',
      targetId: id,
      regionCode: g.regionCode,
      data: { reason },
    })
    await this.deps.hooks?.onRetracted?.(g)
    return g
  }

  /** Government items of a township or county (newest first), without rows. */
  async list(
    regionCode: string,
    query: {
      catalogItemId?: string | undefined
      period?: string | undefined
      status?: GovernmentItem['status'] | undefined
      limit: number
    },
  ) {
    return this.deps.models.GovernmentItem.find(
      {
        regionCode,
        ...(query.catalogItemId ? { catalogItemId: query.catalogItemId } : {}),
        ...(query.period ? { period: query.period } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
      { rosterVillages: 0 },
    )
      .sort({ updatedAt: -1 })
      .limit(query.limit)
      .lean()
  }
}

/** Builds the service (the composition root and tests call this). */
export function createGovernmentItemsService(deps: {
  models: Models
  audit: AuditService
  rows: GovernmentRowsService
  hooks?: GovernmentItemHooks
  clock?: { now(): Date }
}): GovernmentItemsService {
  return new GovernmentItemsService(deps)
}
