import type {
  AlignmentStatus,
  CatalogItem,
  ComplianceCounts,
  ComplianceDto,
  ExpectedDisclosure,
  WorkingCalendar,
} from '@cunwu/domain'
import {
  ErrorCode,
  dueDateFor,
  effectiveStatus,
  expectedDisclosures,
  findCatalogItem,
  isPeriodKeyFor,
  levelOfCode,
  listCatalogItems,
  owedGivenRetirement,
  parentCode,
  periodBounds,
  retirementStanding,
  toShanghaiDate,
} from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { ComplianceRow } from '../models/ComplianceRow.model'
import type { ComplianceBoard, ComplianceLine } from '../models/compliance-views'
import type { VillageCompliance } from '../models/VillageCompliance.model'
import { regionPrefix } from '../policies/region.policy'
import { add, byNeed, emptyCounts, healthOf } from './compliance-counts'
import { periodsWithin } from './compliance-periods'
import { disclosureSeriesKey } from './disclosures.service'

// The periods a period holds, imported from here by the cross-village checks too.
export { periodsWithin }

/** How many explanations the dashboard line keeps (the alignment page has them all). */
const LINE_EXPLANATIONS = 3

/**
 * The compliance dashboard of a county, township or village for a period: counts per child region read from the
 * per-village summaries (one small document per village), overdue periodic items from the catalog schedules, and
 * item lines for a village and for the Excel export. The lines and summaries are written here too (`sync`), from
 * the current disclosures and alignments, whenever either changes; each write is absolute and keyed by a unique
 * index, so a retry or a second call rewrites the same documents.
 */
export class ComplianceService {
  private readonly villageItems = listCatalogItems({ level: 'village' })

  constructor(private readonly deps: { models: Models; calendar: () => WorkingCalendar }) {}

  private scopeField(code: string): 'countyCode' | 'townshipCode' | 'villageCode' {
    const level = levelOfCode(code)
    if (level === 'county') return 'countyCode'
    if (level === 'township') return 'townshipCode'
    if (level === 'village') return 'villageCode'
    throw new AppError(422, ErrorCode.UnprocessableEntity, '请选择县、乡镇或村')
  }

  private expectedIn(period: string): ExpectedDisclosure[] {
    const { start, end } = periodBounds(period)
    return expectedDisclosures(
      this.villageItems,
      { regionCode: '', level: 'village', from: start, to: end },
      this.deps.calendar(),
    )
  }

  private villageCounts(
    summaries: readonly Omit<VillageCompliance, 'updatedAt'>[],
    expected: readonly ExpectedDisclosure[],
    today: string,
  ): ComplianceCounts {
    const c = emptyCounts()
    c.villages = 1
    const published = new Set<string>()
    for (const s of summaries) {
      c.published += s.published
      c.onTime += s.onTime
      c.late += s.late
      c.aligned += s.aligned
      c.consistent += s.consistent
      c.inconsistent += s.inconsistent
      c.villageMissing += s.villageMissing
      c.governmentMissing += s.governmentMissing
      c.verified += s.verified
      c.discrepancies += s.discrepancies
      for (const k of s.publishedPeriodic) published.add(k)
    }
    c.expected = expected.length
    c.overdue = expected.filter(
      (e) => e.dueDate < today && !published.has(`${e.itemId}|${e.periodKey}`),
    ).length
    return c
  }

  async lines(code: string, period: string, today: string): Promise<ComplianceLine[]> {
    const field = this.scopeField(code)
    const periods = periodsWithin(period)
    const [stored, villages] = await Promise.all([
      this.deps.models.ComplianceRow.find({ [field]: code, period: { $in: periods } })
        .sort({ villageCode: 1, catalogItemId: 1, period: 1 })
        .lean(),
      this.deps.models.Region.find(
        { _id: { $regex: `^${regionPrefix(code)}` }, level: 'village' },
        { name: 1, retirement: 1 },
      ).lean(),
    ])
    const names = new Map(villages.map((v) => [v._id, v.name]))
    const retiredOn = new Map(villages.map((v) => [v._id, v.retirement?.retiredOn ?? null]))
    const out: ComplianceLine[] = stored.map((l) => {
      // A period a retired village no longer owes (retirementStanding) is neither overdue nor upcoming.
      const owed =
        l.dueDate !== null &&
        retirementStanding(
          {
            periodStart: periodBounds(l.period).start,
            periodEnd: periodBounds(l.period).end,
            dueDate: l.dueDate,
          },
          retiredOn.get(l.villageCode),
        ) === 'owed'
      const dueStatus =
        l.dueDate === null
          ? null
          : l.publishedOn !== null
            ? l.publishedOn <= l.dueDate
              ? 'on_time'
              : 'late'
            : !owed
              ? null
              : l.dueDate < today
                ? 'overdue'
                : 'upcoming'
      return {
        villageCode: l.villageCode,
        villageName: names.get(l.villageCode) ?? l.villageCode,
        catalogItemId: l.catalogItemId,
        catalogItemName: findCatalogItem(l.catalogItemId)?.name ?? l.catalogItemId,
        period: l.period,
        disclosureId: l.disclosureId,
        publishedOn: l.publishedOn,
        dueDate: l.dueDate,
        dueStatus,
        alignmentId: l.alignmentId,
        alignmentStatus: l.alignmentStatus,
        discrepancyCount: l.discrepancyCount,
        explanations: l.explanations,
        verifiedBy: l.verifiedBy,
        verifiedAt: l.verifiedAt,
      }
    })
    // Periodic items owed and never published have no stored line: they are added from the schedule.
    const seen = new Set(out.map((l) => `${l.villageCode}|${l.catalogItemId}|${l.period}`))
    const expected = this.expectedIn(period)
    for (const v of villages) {
      for (const e of owedGivenRetirement(expected, v.retirement?.retiredOn)) {
        if (seen.has(`${v._id}|${e.itemId}|${e.periodKey}`)) continue
        out.push({
          villageCode: v._id,
          villageName: v.name,
          catalogItemId: e.itemId,
          catalogItemName: findCatalogItem(e.itemId)?.name ?? e.itemId,
          period: e.periodKey,
          disclosureId: null,
          publishedOn: null,
          dueDate: e.dueDate,
          dueStatus: e.dueDate < today ? 'overdue' : 'upcoming',
          alignmentId: null,
          alignmentStatus: null,
          discrepancyCount: 0,
          explanations: [],
          verifiedBy: null,
          verifiedAt: null,
        })
      }
    }
    return out.sort(
      (a, b) =>
        a.villageCode.localeCompare(b.villageCode) ||
        a.catalogItemId.localeCompare(b.catalogItemId) ||
        a.period.localeCompare(b.period),
    )
  }

  /** Rewrites the compliance line of (village, item, period) and the village's counts for the period. */
  async sync(villageCode: string, item: CatalogItem, period: string): Promise<void> {
    const key = disclosureSeriesKey(villageCode, item.id, period)
    const [series, a] = await Promise.all([
      this.deps.models.Disclosure.find({ seriesKey: key }, { status: 1, publishedAt: 1, version: 1 }).lean(),
      this.deps.models.Alignment.findOne({ key }, { result: 0 }).lean(),
    ])
    const current = series
      .filter((d) => d.status === 'published' || d.status === 'expired')
      .sort((x, y) => y.version - x.version)[0]
    const township = parentCode(villageCode) ?? villageCode
    const county = parentCode(township) ?? township
    if (!current && !a) {
      await this.deps.models.ComplianceRow.deleteOne({ key })
    } else {
      const firstPublished = current
        ? series
            .flatMap((d) => (d.publishedAt && d.status !== 'retracted' ? [d.publishedAt.getTime()] : []))
            .reduce((m, t) => Math.min(m, t), Infinity)
        : Infinity
      const cadence = item.schedule?.cadence
      const dueDate =
        item.schedule && cadence && cadence !== 'immediate' && isPeriodKeyFor(cadence, period)
          ? dueDateFor(item.schedule, period, this.deps.calendar()).date
          : null
      const full = a
        ? await this.deps.models.Alignment.findById(a._id, { 'result.discrepancies.explanation': 1 }).lean()
        : null
      const line: Omit<ComplianceRow, '_id'> = {
        key,
        villageCode,
        townshipCode: township,
        countyCode: county,
        catalogItemId: item.id,
        period,
        disclosureId: current?._id ?? null,
        publishedOn: Number.isFinite(firstPublished) ? toShanghaiDate(new Date(firstPublished)) : null,
        dueDate,
        alignmentId: a?._id ?? null,
        alignmentStatus: a ? effectiveStatus(a) : null,
        discrepancyCount: a?.discrepancyCount ?? 0,
        explanations: (full?.result?.discrepancies ?? [])
          .slice(0, LINE_EXPLANATIONS)
          .map((d) => d.explanation),
        verifiedBy: a?.verification?.name ?? null,
        verifiedAt: a?.verification?.at ?? null,
        updatedAt: new Date(),
      }
      await this.deps.models.ComplianceRow.updateOne({ key }, { $set: line }, { upsert: true })
    }
    await this.summarize(villageCode, period, township, county)
  }

  /** Recounts a village's lines of one period into its summary (absolute values, never increments). */
  private async summarize(
    villageCode: string,
    period: string,
    townshipCode: string,
    countyCode: string,
  ): Promise<void> {
    const key = `${villageCode}|${period}`
    const lines = await this.deps.models.ComplianceRow.find(
      { villageCode, period },
      { explanations: 0 },
    ).lean()
    if (lines.length === 0) {
      await this.deps.models.VillageCompliance.deleteOne({ key })
      return
    }
    const published = lines.filter((l) => l.publishedOn !== null)
    const periodic = published.filter((l) => l.dueDate !== null)
    const count = (s: AlignmentStatus) => lines.filter((l) => l.alignmentStatus === s).length
    await this.deps.models.VillageCompliance.updateOne(
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
          discrepancies: lines.reduce(
            (s, l) => s + (l.alignmentStatus === 'inconsistent' ? l.discrepancyCount : 0),
            0,
          ),
          updatedAt: new Date(),
        },
      },
      { upsert: true },
    )
  }

  /**
   * The year the dashboard opens on when none is asked for: the one holding the most recent period already overdue
   * on the app's clock (`now`, ClockService), so in January, while last year's December and fourth quarter are still
   * owed, it is last year; the current year when nothing of it or of last year is due yet.
   */
  defaultYear(now: Date): string {
    const today = toShanghaiDate(now)
    const year = Number(today.slice(0, 4))
    const overdueIn = (y: number) => this.expectedIn(String(y)).some((e) => e.dueDate < today)
    return String(overdueIn(year) || !overdueIn(year - 1) ? year : year - 1)
  }

  /**
   * Counts of the region and of each child (townships of a county, villages of a township), children worst first
   * (`byNeed`); lines of a village. `now` is the app's clock (ClockService), read by the route: overdue is counted on
   * it. `crossChecks`, when given, answers each child's open cross-village findings by kind (null: the viewer may not
   * see them); they are shown on the child and count in its order.
   */
  async dashboard(
    code: string,
    period: string,
    now: Date,
    crossChecks?: (childCodes: string[]) => Promise<Map<string, Record<string, number>> | null>,
  ): Promise<ComplianceBoard> {
    const field = this.scopeField(code)
    const level = levelOfCode(code)
    if (level !== 'county' && level !== 'township' && level !== 'village')
      throw new AppError(422, ErrorCode.UnprocessableEntity, '请选择县、乡镇或村')
    const today = toShanghaiDate(now)
    const [region, villages, summaries] = await Promise.all([
      this.deps.models.Region.findById(code, { name: 1 }).lean(),
      this.deps.models.Region.find(
        { _id: { $regex: `^${regionPrefix(code)}` }, level: 'village' },
        { name: 1, parentCode: 1, retirement: 1 },
      ).lean(),
      this.deps.models.VillageCompliance.find(
        { [field]: code, period: { $in: periodsWithin(period) } },
        { updatedAt: 0 },
      ).lean(),
    ])
    if (!region) throw notFound('地区')
    const expected = this.expectedIn(period)
    const byVillage = new Map<string, Omit<VillageCompliance, 'updatedAt'>[]>()
    for (const s of summaries) byVillage.set(s.villageCode, [...(byVillage.get(s.villageCode) ?? []), s])
    const total = emptyCounts()
    const children = new Map<string, ComplianceCounts>()
    const periodStart = periodBounds(period).start
    for (const v of villages) {
      // A village retired (撤并) before the period began is no village of it, unless it published in it; one
      // retired during it owes only what fell due, or ended, before its retirement date (retirementStanding).
      const retiredOn = v.retirement?.retiredOn ?? null
      if (retiredOn !== null && retiredOn <= periodStart && !byVillage.has(v._id)) continue
      const owed = owedGivenRetirement(expected, retiredOn)
      const c = this.villageCounts(byVillage.get(v._id) ?? [], owed, today)
      add(total, c)
      const childCode = level === 'county' ? (v.parentCode ?? v._id) : v._id
      const into = children.get(childCode) ?? emptyCounts()
      add(into, c)
      children.set(childCode, into)
    }
    let childList: ComplianceDto['children'] = []
    if (level === 'county') {
      const townships = await this.deps.models.Region.find({ parentCode: code }, { name: 1 }).lean()
      const names = new Map(townships.map((t) => [t._id, t.name]))
      childList = [...children].map(([c, counts]) => ({
        code: c,
        name: names.get(c) ?? c,
        level: 'township' as const,
        counts,
        health: healthOf(counts),
      }))
    } else if (level === 'township') {
      // A retired village is marked so, by its name, once its retirement has taken effect.
      const names = new Map(
        villages.map((v) => [
          v._id,
          v.retirement && v.retirement.retiredOn <= today ? `${v.name}（已撤并）` : v.name,
        ]),
      )
      childList = [...children].map(([c, counts]) => ({
        code: c,
        name: names.get(c) ?? c,
        level: 'village' as const,
        counts,
        health: healthOf(counts),
      }))
    }
    const checks = crossChecks ? await crossChecks(childList.map((c) => c.code)) : null
    if (checks) childList = childList.map((c) => ({ ...c, crossChecks: checks.get(c.code) ?? {} }))
    childList.sort(byNeed)
    return {
      regionCode: code,
      regionName: region.name,
      level,
      period,
      // When the figures were counted, on the app's clock (统计时间 on the dashboard).
      asOf: now,
      counts: total,
      health: healthOf(total),
      children: childList,
      rows: level === 'village' ? await this.lines(code, period, today) : [],
    }
  }
}
