import { Types } from 'mongoose'
import type { AlignmentResult } from '@cunwu/alignment'
import { ALIGNMENT_VERSION, compareTables, comparisonFingerprint } from '@cunwu/alignment'
import type { AlignmentStatus, AlignmentVerifyReq, CatalogItem, WorkingCalendar } from '@cunwu/domain'
import { ErrorCode, dueDateFor, findCatalogItem, isPeriodKeyFor, levelOfCode, parentCode, redactSensitiveNumbers, toShanghaiDate } from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Alignment, AlignmentAction } from '../models/Alignment.model'
import type { ComplianceRow } from '../models/ComplianceRow.model'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { User } from '../models/User.model'
import type { AlignmentBadge } from '../presenters/disclosure.presenter'
import { counterpartItemIds, villageItemsAlignedWith } from './alignment-catalog'
import { comparedFigures } from './alignment-figures'
import type { Actor, AuditService } from './audit.service'
import { SYSTEM_ACTOR } from './audit.service'
import type { DisclosureHooks } from './disclosures.service'
import type { GovernmentItemHooks } from './government-items.service'
import type { GovernmentRowsService } from './government-rows.service'
import type { NotificationsService } from './notifications.service'

/** How many explanations the dashboard line keeps (the alignment page has them all). */
const LINE_EXPLANATIONS = 3
const MAX_ATTEMPTS = 5

/** Who published the government side, as villagers say it. */
export function governmentSourceOf(regionCode: string): string {
  return levelOfCode(regionCode) === 'county' ? '县' : '乡镇'
}

/** The effective status: `verified` once the township confirmed or resolved the current comparison. */
export function effectiveStatus(a: Pick<Alignment, 'status' | 'verification'>): AlignmentStatus {
  return a.verification ? 'verified' : a.status
}

function shanghaiDay(at: Date): string {
  return toShanghaiDate(at)
}

/** The badge villagers see on a disclosure for its alignment (plain, short Chinese; no personal data). */
export function badgeOf(a: Pick<Alignment, 'status' | 'verification' | 'governmentRegionCode' | 'discrepancyCount'>): AlignmentBadge {
  const source = a.governmentRegionCode ? governmentSourceOf(a.governmentRegionCode) : '乡镇/县'
  const v = a.verification
  if (v?.action === 'confirmed') return { status: 'verified', label: `与${source}公开一致 · 已核验（${v.name}，${shanghaiDay(v.at)}）` }
  if (v?.action === 'resolved') return { status: 'verified', label: `已由乡镇核查说明 · 已核验（${v.name}，${shanghaiDay(v.at)}）` }
  switch (a.status) {
    case 'consistent':
      return { status: 'consistent', label: `与${source}公开一致 · 待乡镇核验` }
    case 'inconsistent':
      return { status: 'inconsistent', label: `存在 ${a.discrepancyCount} 处差异，乡镇核查中` }
    case 'government_missing':
      return { status: 'government_missing', label: '乡镇/县尚未公开对应内容' }
    case 'village_missing':
      return { status: 'village_missing', label: '本村尚未公开' }
  }
}

function actionOf(user: User, text: string | null): AlignmentAction {
  return { userId: user._id, name: user.displayName, at: new Date(), text: text === null ? null : redactSensitiveNumbers(text) }
}

/**
 * Alignments of village disclosures with the government's publications, and the compliance lines derived from
 * them. Every step is idempotent and keyed by a unique index (alignment `key`, compliance `key`): a retry, a
 * second hook or a sweep rewrites the same documents from the current state of both sides.
 */
export function createAlignmentsService(deps: {
  models: Models
  audit: AuditService
  notifications: Pick<NotificationsService, 'publishEvent'>
  /** Reads the government rows of one village (they live outside the item). */
  rows: Pick<GovernmentRowsService, 'rowsOfVillage'>
  calendar: () => WorkingCalendar
  /** Called after an alignment of a village changed (the feed cache forgets the village's badges). */
  onChanged?: (villageCode: string) => void
}) {
  const { Alignment: Alignments, Disclosure: Disclosures, GovernmentItem: GovItems, ComplianceRow: Lines, VillageCompliance: Summaries } = deps.models

  async function currentDisclosure(villageCode: string, itemId: string, period: string): Promise<Disclosure | null> {
    return Disclosures.findOne({ seriesKey: `${villageCode}|${itemId}|${period}`, status: { $in: ['published', 'expired'] } })
      .sort({ version: -1 })
      .lean()
  }

  /** The government publication compared with a village item: the nearest level first (township), then newest. */
  async function counterpartOf(villageCode: string, item: CatalogItem, period: string): Promise<GovernmentItem | null> {
    const ids = counterpartItemIds(item)
    if (ids.length === 0) return null
    const candidates = await GovItems.find({ villageCodes: villageCode, catalogItemId: { $in: ids }, period, status: 'published' }).lean()
    candidates.sort((a, b) => (a.level === b.level ? (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) : a.level === 'township' ? -1 : 1))
    return candidates[0] ?? null
  }

  /** Rewrites the compliance line of (village, item, period) and the village's counts for the period. */
  async function syncCompliance(villageCode: string, item: CatalogItem, period: string): Promise<void> {
    const key = `${villageCode}|${item.id}|${period}`
    const [series, a] = await Promise.all([
      Disclosures.find({ seriesKey: key }, { status: 1, publishedAt: 1, version: 1 }).lean(),
      Alignments.findOne({ key }, { result: 0 }).lean(),
    ])
    const current = series.filter((d) => d.status === 'published' || d.status === 'expired').sort((x, y) => y.version - x.version)[0]
    const township = parentCode(villageCode) ?? villageCode
    const county = parentCode(township) ?? township
    if (!current && !a) {
      await Lines.deleteOne({ key })
    } else {
      const firstPublished = current
        ? series.flatMap((d) => (d.publishedAt && d.status !== 'retracted' ? [d.publishedAt.getTime()] : [])).reduce((m, t) => Math.min(m, t), Infinity)
        : Infinity
      const cadence = item.schedule?.cadence
      const dueDate = item.schedule && cadence && cadence !== 'immediate' && isPeriodKeyFor(cadence, period) ? dueDateFor(item.schedule, period, deps.calendar()).date : null
      const full = a ? await Alignments.findById(a._id, { 'result.discrepancies.explanation': 1 }).lean() : null
      const line: Omit<ComplianceRow, '_id'> = {
        key,
        villageCode,
        townshipCode: township,
        countyCode: county,
        catalogItemId: item.id,
        period,
        disclosureId: current?._id ?? null,
        publishedOn: Number.isFinite(firstPublished) ? shanghaiDay(new Date(firstPublished)) : null,
        dueDate,
        alignmentId: a?._id ?? null,
        alignmentStatus: a ? effectiveStatus(a) : null,
        discrepancyCount: a?.discrepancyCount ?? 0,
        explanations: (full?.result?.discrepancies ?? []).slice(0, LINE_EXPLANATIONS).map((d) => d.explanation),
        verifiedBy: a?.verification?.name ?? null,
        verifiedAt: a?.verification?.at ?? null,
        updatedAt: new Date(),
      }
      await Lines.updateOne({ key }, { $set: line }, { upsert: true })
    }
    await summarize(villageCode, period, township, county)
  }

  /** Recounts a village's lines of one period into its summary (absolute values, never increments). */
  async function summarize(villageCode: string, period: string, townshipCode: string, countyCode: string): Promise<void> {
    const key = `${villageCode}|${period}`
    const lines = await Lines.find({ villageCode, period }, { explanations: 0 }).lean()
    if (lines.length === 0) {
      await Summaries.deleteOne({ key })
      return
    }
    const published = lines.filter((l) => l.publishedOn !== null)
    const periodic = published.filter((l) => l.dueDate !== null)
    const count = (s: AlignmentStatus) => lines.filter((l) => l.alignmentStatus === s).length
    await Summaries.updateOne(
      { key },
      {
        $set: {
          key,
          villageCode,
          townshipCode,
          countyCode,
          period,
          published: published.length,
          onTime: periodic.filter((l) => (l.publishedOn ?? '') <= (l.dueDate ?? '')).length,
          late: periodic.filter((l) => (l.publishedOn ?? '') > (l.dueDate ?? '')).length,
          publishedPeriodic: periodic.map((l) => `${l.catalogItemId}|${l.period}`),
          aligned: lines.filter((l) => l.alignmentStatus !== null).length,
          consistent: count('consistent'),
          inconsistent: count('inconsistent'),
          villageMissing: count('village_missing'),
          governmentMissing: count('government_missing'),
          verified: count('verified'),
          discrepancies: lines.reduce((s, l) => s + (l.alignmentStatus === 'inconsistent' ? l.discrepancyCount : 0), 0),
          updatedAt: new Date(),
        },
      },
      { upsert: true },
    )
  }

  async function notifyChanged(a: Alignment, item: CatalogItem): Promise<void> {
    if (!a.disclosureId || !a.governmentItemId) return
    const id = a._id.toHexString()
    const stamp = `${a.fingerprint ?? ''}:${a.disclosureVersion ?? 0}:${a.governmentVersion ?? 0}`
    if (a.status === 'inconsistent') {
      await deps.notifications.publishEvent({
        type: 'alignment.discrepancy',
        id: `alignment.discrepancy:${id}:${stamp}`,
        villageCode: a.villageCode,
        title: item.name,
        itemId: item.id,
        alignmentId: id,
        detail: `共 ${a.discrepancyCount} 处差异，请查看并更正`,
      })
    }
    await deps.notifications.publishEvent({
      type: 'verification.requested',
      id: `verification.requested:${id}:${stamp}`,
      villageCode: a.villageCode,
      title: item.name,
      itemId: item.id,
      alignmentId: id,
    })
  }

  /**
   * Recomputes the alignment of (village, village item, period) from the current published versions of both sides.
   * A verification survives only while both versions and the comparison fingerprint stay the same.
   */
  async function recompute(villageCode: string, itemId: string, period: string, options: { actor?: Actor } = {}): Promise<Alignment | null> {
    const item = findCatalogItem(itemId)
    if (!item) return null
    const key = `${villageCode}|${item.id}|${period}`
    if (counterpartItemIds(item).length === 0 || !item.table) {
      await syncCompliance(villageCode, item, period)
      return null
    }
    const township = parentCode(villageCode) ?? villageCode
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [existing, disclosure, gov] = await Promise.all([
        Alignments.findOne({ key }).lean(),
        currentDisclosure(villageCode, item.id, period),
        counterpartOf(villageCode, item, period),
      ])
      if (!disclosure && !gov) {
        if (existing) {
          await Alignments.deleteOne({ _id: existing._id, revision: existing.revision })
          deps.onChanged?.(villageCode)
        }
        await syncCompliance(villageCode, item, period)
        return null
      }
      let result: AlignmentResult | null = null
      let status: Alignment['status']
      if (disclosure && gov) {
        result = compareTables({
          schema: item.table,
          village: disclosure.rows ?? [],
          government: await deps.rows.rowsOfVillage(gov, villageCode),
          governmentSource: governmentSourceOf(gov.regionCode) === '县' ? '县里' : '乡镇',
          ...comparedFigures(disclosure, gov),
        })
        status = result.status
      } else status = disclosure ? 'government_missing' : 'village_missing'
      const fingerprint = result ? comparisonFingerprint(result) : null
      const same =
        existing !== null &&
        existing.status === status &&
        existing.fingerprint === fingerprint &&
        String(existing.disclosureId) === String(disclosure?._id ?? null) &&
        existing.disclosureVersion === (disclosure?.version ?? null) &&
        String(existing.governmentItemId) === String(gov?._id ?? null) &&
        existing.governmentVersion === (gov?.version ?? null) &&
        existing.alignmentVersion === ALIGNMENT_VERSION
      if (same) {
        await syncCompliance(villageCode, item, period)
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
        // Either side changed: an earlier verification or correction request no longer applies.
        verification: null,
        correction: null,
        computedAt: new Date(),
      }
      let saved: Alignment | null
      if (existing) {
        saved = await Alignments.findOneAndUpdate({ _id: existing._id, revision: existing.revision }, { $set: fields, $inc: { revision: 1 } }, { returnDocument: 'after' }).lean()
        if (!saved) continue
      } else {
        try {
          saved = (await Alignments.create({ ...fields, revision: 1 })).toObject()
        } catch (err) {
          if (typeof err === 'object' && err !== null && 'code' in err && err.code === 11000) continue
          throw err
        }
      }
      await deps.audit.record(options.actor ?? SYSTEM_ACTOR, {
        action: 'alignment.recompute',
        targetType: 'alignment',
        targetId: saved._id.toHexString(),
        regionCode: villageCode,
        data: { status, fingerprint, disclosureVersion: fields.disclosureVersion, governmentVersion: fields.governmentVersion, discrepancies: fields.discrepancyCount },
      })
      await syncCompliance(villageCode, item, period)
      deps.onChanged?.(villageCode)
      await notifyChanged(saved, item)
      return saved
    }
    throw conflict('对照正在更新，请稍后再试', ErrorCode.Conflict)
  }

  async function load(id: string): Promise<Alignment> {
    const a = Types.ObjectId.isValid(id) ? await Alignments.findById(id).lean() : null
    if (!a) throw notFound('对照结果')
    return a
  }

  /** Recomputes every village item a government publication is the counterpart of, in every village it covers. */
  async function onGovernmentChanged(g: GovernmentItem, previous: GovernmentItem | null): Promise<void> {
    const villages = new Set([...g.villageCodes, ...(previous?.villageCodes ?? [])])
    for (const item of villageItemsAlignedWith(g.catalogItemId)) {
      for (const village of villages) await recompute(village, item.id, g.period)
    }
  }

  /** Disclosure lifecycle hooks: recompute on publish (a new version too) and on retraction. */
  const disclosureHooks: Required<Pick<DisclosureHooks, 'onPublished' | 'onRetracted'>> = {
    async onPublished(d) {
      await recompute(d.regionCode, d.catalogItemId, d.period)
    },
    async onRetracted(d) {
      await recompute(d.regionCode, d.catalogItemId, d.period)
    },
  }

  /** Government item lifecycle hooks. */
  const governmentHooks: Required<GovernmentItemHooks> = {
    onPublished: onGovernmentChanged,
    onRetracted: (g) => onGovernmentChanged(g, null),
  }

  return {
    load,
    recompute,
    syncCompliance,
    disclosureHooks,
    governmentHooks,

    /** The government publication a village item is compared with, or null. */
    async counterpart(villageCode: string, itemId: string, period: string): Promise<GovernmentItem | null> {
      const item = findCatalogItem(itemId)
      return item ? counterpartOf(villageCode, item, period) : null
    },

    /** Names and the compared government item, for presenting an alignment. */
    async context(a: Alignment) {
      const [village, gov] = await Promise.all([
        deps.models.Region.findById(a.villageCode, { name: 1 }).lean(),
        a.governmentItemId ? GovItems.findById(a.governmentItemId, { rosterVillages: 0 }).lean() : Promise.resolve(null),
      ])
      const govRegion = gov ? await deps.models.Region.findById(gov.regionCode, { name: 1 }).lean() : null
      return {
        ...(village ? { villageName: village.name } : {}),
        government: gov,
        ...(govRegion ? { governmentRegionName: govRegion.name } : {}),
      }
    },

    /** The village an alignment belongs to (for authorization). */
    async regionOf(id: string): Promise<string | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Alignments.findById(id, { villageCode: 1 }).lean())?.villageCode
    },

    /** The alignment of a disclosure's (village, item, period), or null when there is no counterpart to compare. */
    async forDisclosure(d: Disclosure): Promise<Alignment | null> {
      return Alignments.findOne({ key: `${d.regionCode}|${d.catalogItemId}|${d.period}` }).lean()
    },

    /** Badges of a page of disclosures: only the version the alignment compared carries one. */
    async badges(list: readonly Pick<Disclosure, '_id'>[]): Promise<Map<string, AlignmentBadge>> {
      const out = new Map<string, AlignmentBadge>()
      if (list.length === 0) return out
      const found = await Alignments.find({ disclosureId: { $in: list.map((d) => d._id) } }, { result: 0 }).lean()
      for (const a of found) if (a.disclosureId) out.set(a.disclosureId.toHexString(), badgeOf(a))
      return out
    },

    /**
     * Township verification: confirm a consistent comparison, ask the village to correct discrepancies, or resolve
     * them with a reason. The request names the fingerprint and versions it saw; a changed comparison is a 409.
     */
    async verify(id: string, req: AlignmentVerifyReq, user: User, actor: Actor): Promise<Alignment> {
      const a = await load(id)
      if (!a.disclosureId || !a.governmentItemId) {
        throw conflict('村里和乡镇/县都公开后才能核验', ErrorCode.InvalidTransition)
      }
      if (req.fingerprint !== a.fingerprint || req.disclosureVersion !== a.disclosureVersion || req.governmentVersion !== a.governmentVersion) {
        throw new AppError(409, ErrorCode.AlignmentStale, '对照结果已更新（村里或政府发布了新版本），请刷新后再核验', true, {
          fingerprint: a.fingerprint,
          disclosureVersion: a.disclosureVersion,
          governmentVersion: a.governmentVersion,
        })
      }
      let set: Partial<Alignment>
      if (req.action === 'confirm') {
        if (a.status !== 'consistent') throw conflict('存在差异，不能确认一致；请要求村里更正或说明理由', ErrorCode.InvalidTransition)
        set = { verification: { ...actionOf(user, req.comment ?? null), action: 'confirmed' }, correction: null }
      } else if (req.action === 'request_correction') {
        if (a.status !== 'inconsistent') throw conflict('没有差异，不需要更正', ErrorCode.InvalidTransition)
        set = { correction: actionOf(user, req.comment), verification: null }
      } else {
        if (a.status !== 'inconsistent') throw conflict('没有差异，请直接确认一致', ErrorCode.InvalidTransition)
        set = { verification: { ...actionOf(user, req.reason), action: 'resolved' } }
      }
      const saved = await Alignments.findOneAndUpdate(
        { _id: a._id, revision: a.revision, fingerprint: a.fingerprint },
        { $set: set, $inc: { revision: 1 } },
        { returnDocument: 'after' },
      ).lean()
      if (!saved) throw new AppError(409, ErrorCode.AlignmentStale, '对照结果刚刚更新，请刷新后再核验')
      await deps.audit.record(actor, {
        action: `alignment.${req.action}`,
        targetType: 'alignment',
        targetId: id,
        regionCode: a.villageCode,
        data: { fingerprint: a.fingerprint, disclosureVersion: a.disclosureVersion, governmentVersion: a.governmentVersion, text: req.action === 'resolve' ? req.reason : (req.comment ?? null) },
      })
      const item = findCatalogItem(a.catalogItemId)
      if (req.action === 'request_correction' && item) {
        await deps.notifications.publishEvent({
          type: 'alignment.discrepancy',
          id: `alignment.correction:${id}:${saved.revision}`,
          villageCode: a.villageCode,
          title: item.name,
          itemId: item.id,
          alignmentId: id,
          detail: `乡镇要求更正：${redactSensitiveNumbers(req.comment)}`,
        })
      }
      if (item) await syncCompliance(a.villageCode, item, a.period)
      deps.onChanged?.(a.villageCode)
      return saved
    },
  }
}

export type AlignmentsService = ReturnType<typeof createAlignmentsService>

