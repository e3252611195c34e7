import { Types } from 'mongoose'
import type { AlignmentResult } from '@cunwu/alignment'
import { ALIGNMENT_VERSION, comparisonFingerprint } from '@cunwu/alignment'
import type { AlignmentBadge, AlignmentBadgeInput, CatalogItem } from '@cunwu/domain'
import {
  ErrorCode,
  badgeOf,
  counterpartItemIds,
  findCatalogItem,
  parentCode,
  summarizeDifferences,
  villageItemsAlignedWith,
} from '@cunwu/domain'
import { conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Alignment, PublicView } from '../models/Alignment.model'
import { publicComparisonOf } from '../models/Alignment.model'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import { compareSides } from './alignment-comparison'
import type { Actor, AuditService } from './audit.service'
import { SYSTEM_ACTOR } from './audit.service'
import type { ComplianceService } from './compliance.service'
import { isDuplicateKey } from '../lib/db-writes'
import type { DisclosureHooks } from './disclosure-hooks.service'
import { disclosureSeriesKey } from './disclosures.service'
import type { GovernmentItemHooks } from './government-items.service'
import type { GovernmentRowsService } from './government-rows.service'
import type { NotificationsService } from './notifications.service'

const MAX_ATTEMPTS = 5

/** What the alignments service works with. */
export interface AlignmentsDeps {
  models: Models
  audit: AuditService
  notifications: Pick<NotificationsService, 'publishEvent'> &
    Partial<Pick<NotificationsService, 'noticeGovernmentOnly'>>
  /** Reads the government rows of one village (they live outside the item). */
  rows: Pick<GovernmentRowsService, 'rowsOfVillage'>
  /** Rewrites the compliance line and the village's counts after an alignment or a disclosure changed. */
  compliance: Pick<ComplianceService, 'sync'>
  /**
   * Called after an alignment of a village changed (the feed cache forgets the village's badges), with its key:
   * `village|item|period`, the seriesKey of the disclosures whose badge it is.
   */
  onChanged?: (villageCode: string, series: string) => void
}

/**
 * What a page's badges are read with: what `badgeOf` reads and the disclosure it belongs to. The stored comparison,
 * the fingerprint and the township's notes stay in the database.
 */
const BADGE_PROJECTION = {
  disclosureId: 1,
  status: 1,
  verification: 1,
  governmentRegionCode: 1,
  discrepancyCount: 1,
  differences: 1,
  // The badge is public: its counts are the public view's (`publicComparisonOf`), without the stored comparison.
  'publicView.hiddenRows': 1,
  'publicView.status': 1,
  'publicView.discrepancyCount': 1,
  'publicView.differences': 1,
} as const satisfies Record<keyof AlignmentBadgeInput | 'disclosureId', 1> & Record<string, 1>

/**
 * Alignments of village disclosures with the government's publications. Every step is idempotent and keyed by a
 * unique index (alignment `key`): a retry, a second hook or a sweep rewrites the same document from the current
 * state of both sides, then has the compliance line of the same (village, item, period) rewritten. The township's
 * verification of an alignment is `AlignmentVerificationsService`.
 */
export class AlignmentsService {
  /** Disclosure lifecycle hooks: recompute on publish (a new version too) and on retraction. */
  readonly disclosureHooks: Required<Pick<DisclosureHooks, 'onPublished' | 'onRetracted'>> = {
    onPublished: async (d) => {
      await this.recompute(d.regionCode, d.catalogItemId, d.period)
    },
    onRetracted: async (d) => {
      await this.recompute(d.regionCode, d.catalogItemId, d.period)
    },
  }

  /** Government item lifecycle hooks. */
  readonly governmentHooks: Required<GovernmentItemHooks> = {
    onPublished: (g, previous) => this.onGovernmentChanged(g, previous),
    onRetracted: (g) => this.onGovernmentChanged(g, null),
  }

  constructor(private readonly deps: AlignmentsDeps) {}

  /**
   * Recomputes the alignment of (village, village item, period) from the current published versions of both sides.
   * A verification survives only while both versions and the comparison result stay the same (under newer comparison
   * rules too: docs/catalog.md, "When the comparison rules change").
   */
  async recompute(
    villageCode: string,
    itemId: string,
    period: string,
    options: { actor?: Actor } = {},
  ): Promise<Alignment | null> {
    const { Alignment: Alignments } = this.deps.models
    const item = findCatalogItem(itemId)
    if (!item) return null
    // The alignment's key is its disclosures' series key: the read cache scopes badge changes by it.
    const key = disclosureSeriesKey(villageCode, item.id, period)
    if (counterpartItemIds(item).length === 0 || !item.table) {
      await this.deps.compliance.sync(villageCode, item, period)
      return null
    }
    const township = parentCode(villageCode) ?? villageCode
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [existing, disclosure, gov] = await Promise.all([
        Alignments.findOne({ key }).lean(),
        this.currentDisclosure(villageCode, item.id, period),
        this.counterpartOf(villageCode, item, period),
      ])
      if (!disclosure && !gov) {
        if (existing) {
          await Alignments.deleteOne({ _id: existing._id, revision: existing.revision })
          this.deps.onChanged?.(villageCode, key)
        }
        await this.deps.compliance.sync(villageCode, item, period)
        return null
      }
      const compared =
        disclosure && gov
          ? compareSides(item, disclosure, gov, await this.deps.rows.rowsOfVillage(gov, villageCode))
          : null
      const result = compared?.result ?? null
      const status: Alignment['status'] =
        result?.status ?? (disclosure ? 'government_missing' : 'village_missing')
      const publicView: PublicView = compared?.publicView ?? {
        hiddenRows: 0,
        status,
        discrepancyCount: 0,
        differences: null,
        result: null,
      }
      const fingerprint = result ? comparisonFingerprint(result) : null
      const sameSides =
        existing !== null &&
        existing.status === status &&
        String(existing.disclosureId) === String(disclosure?._id ?? null) &&
        existing.disclosureVersion === (disclosure?.version ?? null) &&
        String(existing.governmentItemId) === String(gov?._id ?? null) &&
        existing.governmentVersion === (gov?.version ?? null)
      const same =
        sameSides && existing.fingerprint === fingerprint && existing.alignmentVersion === ALIGNMENT_VERSION
      // Stored under older rules, and the new rules give the same result: the fingerprint taken under the stored
      // version is the stored one (docs/catalog.md, "When the comparison rules change").
      const sameResult =
        sameSides &&
        !same &&
        existing.fingerprint === (result ? comparisonFingerprint(result, existing.alignmentVersion) : null)
      if (sameResult) {
        const upgraded = await this.upgrade(existing, { fingerprint, result, publicView }, options.actor)
        if (!upgraded) continue
        await this.deps.compliance.sync(villageCode, item, period)
        this.deps.onChanged?.(villageCode, key)
        return upgraded
      }
      if (same) {
        // Stored before the public view existed: add it without touching the verification.
        if (existing.publicView === undefined) {
          await Alignments.updateOne(
            { _id: existing._id, revision: existing.revision },
            { $set: { publicView }, $inc: { revision: 1 } },
          )
          this.deps.onChanged?.(villageCode, key)
        }
        await this.deps.compliance.sync(villageCode, item, period)
        // A crash after the write lost nothing: households told before are not told again.
        await this.deps.notifications.noticeGovernmentOnly?.(existing)
        return existing
      }
      const fields = {
        key,
        villageCode,
        townshipCode: township,
        countyCode: parentCode(township) ?? township,
        catalogItemId: item.id,
        period,
        status,
        disclosureId: disclosure?._id ?? null,
        disclosureVersion: disclosure?.version ?? null,
        governmentItemId: gov?._id ?? null,
        governmentVersion: gov?.version ?? null,
        governmentRegionCode: gov?.regionCode ?? null,
        fingerprint,
        alignmentVersion: ALIGNMENT_VERSION,
        result,
        discrepancyCount: result?.discrepancies.length ?? 0,
        // Counted once here as villagers count them (households, money), for the badge and the alignment view.
        differences: summarizeDifferences(result),
        publicView,
        // Either side changed: an earlier verification or correction request no longer applies.
        verification: null,
        correction: null,
        computedAt: new Date(),
      }
      let saved: Alignment | null
      if (existing) {
        saved = await Alignments.findOneAndUpdate(
          { _id: existing._id, revision: existing.revision },
          { $set: fields, $inc: { revision: 1 } },
          { returnDocument: 'after' },
        ).lean()
        if (!saved) continue
      } else {
        try {
          saved = (await Alignments.create({ ...fields, revision: 1 })).toObject()
        } catch (err) {
          if (isDuplicateKey(err)) continue
          throw err
        }
      }
      await this.deps.audit.record(options.actor ?? SYSTEM_ACTOR, {
        action: 'alignment.recompute',
        targetType: 'alignment',
        targetId: saved._id.toHexString(),
        regionCode: villageCode,
        data: {
          status,
          fingerprint,
          disclosureVersion: fields.disclosureVersion,
          governmentVersion: fields.governmentVersion,
          discrepancies: fields.discrepancyCount,
        },
      })
      await this.deps.compliance.sync(villageCode, item, period)
      this.deps.onChanged?.(villageCode, key)
      await this.notifyChanged(saved, item)
      return saved
    }
    throw conflict('对照正在更新，请稍后再试', ErrorCode.Conflict)
  }

  /**
   * Moves an alignment stored under older rules whose result the current rules give again to the current version,
   * keeping the verification and the correction request: nothing anyone saw or checked changed, so nobody is told.
   * The public view is written again (what the public is shown is compared under the current rules too).
   */
  private async upgrade(
    existing: Alignment,
    now: { fingerprint: string | null; result: AlignmentResult | null; publicView: PublicView },
    actor: Actor | undefined,
  ): Promise<Alignment | null> {
    const saved = await this.deps.models.Alignment.findOneAndUpdate(
      { _id: existing._id, revision: existing.revision },
      {
        $set: { ...now, alignmentVersion: ALIGNMENT_VERSION, differences: summarizeDifferences(now.result) },
        $inc: { revision: 1 },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!saved) return null
    await this.deps.audit.record(actor ?? SYSTEM_ACTOR, {
      action: 'alignment.recompute',
      targetType: 'alignment',
      targetId: existing._id.toHexString(),
      regionCode: existing.villageCode,
      data: { status: existing.status, fingerprint: now.fingerprint, rulesFrom: existing.alignmentVersion },
    })
    return saved
  }

  /** The alignment, or 404. */
  async load(id: string): Promise<Alignment> {
    const a = Types.ObjectId.isValid(id) ? await this.deps.models.Alignment.findById(id).lean() : null
    if (!a) throw notFound('对照结果')
    return a
  }

  /** The government publication a village item is compared with, or null. */
  async counterpart(villageCode: string, itemId: string, period: string): Promise<GovernmentItem | null> {
    const item = findCatalogItem(itemId)
    return item ? this.counterpartOf(villageCode, item, period) : null
  }

  /** Names and the compared government item, for presenting an alignment. */
  async context(a: Alignment) {
    const { Region, GovernmentItem: GovItems } = this.deps.models
    const [village, gov] = await Promise.all([
      Region.findById(a.villageCode, { name: 1 }).lean(),
      a.governmentItemId
        ? GovItems.findById(a.governmentItemId, { rosterVillages: 0 }).lean()
        : Promise.resolve(null),
    ])
    const govRegion = gov ? await Region.findById(gov.regionCode, { name: 1 }).lean() : null
    return {
      ...(village ? { villageName: village.name } : {}),
      government: gov,
      ...(govRegion ? { governmentRegionName: govRegion.name } : {}),
    }
  }

  /** The village an alignment belongs to (for authorization). */
  async regionOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.Alignment.findById(id, { villageCode: 1 }).lean())?.villageCode
  }

  /** The alignment of a disclosure's (village, item, period), or null when there is no counterpart to compare. */
  async forDisclosure(d: Disclosure): Promise<Alignment | null> {
    return this.deps.models.Alignment.findOne({
      key: `${d.regionCode}|${d.catalogItemId}|${d.period}`,
    }).lean()
  }

  /** Badges of a page of disclosures: only the version the alignment compared carries one. */
  async badges(list: readonly Pick<Disclosure, '_id'>[]): Promise<Map<string, AlignmentBadge>> {
    const out = new Map<string, AlignmentBadge>()
    if (list.length === 0) return out
    const found = await this.deps.models.Alignment.find(
      { disclosureId: { $in: list.map((d) => d._id) } },
      BADGE_PROJECTION,
    ).lean()
    for (const a of found) {
      if (a.disclosureId) out.set(a.disclosureId.toHexString(), badgeOf({ ...a, ...publicComparisonOf(a) }))
    }
    return out
  }

  private async currentDisclosure(
    villageCode: string,
    itemId: string,
    period: string,
  ): Promise<Disclosure | null> {
    return this.deps.models.Disclosure.findOne({
      seriesKey: disclosureSeriesKey(villageCode, itemId, period),
      status: { $in: ['published', 'expired'] },
    })
      .sort({ version: -1 })
      .lean()
  }

  /** The government publication compared with a village item: the nearest level first (township), then newest. */
  private async counterpartOf(
    villageCode: string,
    item: CatalogItem,
    period: string,
  ): Promise<GovernmentItem | null> {
    const ids = counterpartItemIds(item)
    if (ids.length === 0) return null
    const candidates = await this.deps.models.GovernmentItem.find({
      villageCodes: villageCode,
      catalogItemId: { $in: ids },
      period,
      status: 'published',
    }).lean()
    candidates.sort((a, b) =>
      a.level === b.level
        ? (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0)
        : a.level === 'township'
          ? -1
          : 1,
    )
    return candidates[0] ?? null
  }

  /** Recomputes every village item a government publication is the counterpart of, in every village it covers. */
  private async onGovernmentChanged(g: GovernmentItem, previous: GovernmentItem | null): Promise<void> {
    const villages = new Set([...g.villageCodes, ...(previous?.villageCodes ?? [])])
    for (const item of villageItemsAlignedWith(g.catalogItemId)) {
      for (const village of villages) await this.recompute(village, item.id, g.period)
    }
  }

  private async notifyChanged(a: Alignment, item: CatalogItem): Promise<void> {
    if (!a.disclosureId || !a.governmentItemId) return
    const id = a._id.toHexString()
    const stamp = `${a.fingerprint ?? ''}:${a.disclosureVersion ?? 0}:${a.governmentVersion ?? 0}`
    if (a.status === 'inconsistent') {
      await this.deps.notifications.publishEvent({
        type: 'alignment.discrepancy',
        id: `alignment.discrepancy:${id}:${stamp}`,
        villageCode: a.villageCode,
        title: item.name,
        itemId: item.id,
        alignmentId: id,
        detail: `共 ${a.discrepancyCount} 处差异，请查看并更正`,
      })
      // A household the government's list names and the village's lacks is told too, once per finding.
      await this.deps.notifications.noticeGovernmentOnly?.(a)
    }
    await this.deps.notifications.publishEvent({
      type: 'verification.requested',
      id: `verification.requested:${id}:${stamp}`,
      villageCode: a.villageCode,
      title: item.name,
      itemId: item.id,
      alignmentId: id,
    })
  }
}
