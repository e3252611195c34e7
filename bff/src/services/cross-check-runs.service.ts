import { Types } from 'mongoose'
import {
  exitReasonOf,
  exclusivePartners,
  linkKeysOf,
  runCrossChecks,
  STANDARD_RULES,
  type CrossCheckList,
  type PublishedStandard,
  type RosterExit,
} from '@cunwu/alignment'
import { codePrefix, periodsContaining, shanghaiDateOf, type DisclosureStatus } from '@cunwu/domain'
import type { Models } from '../models'
import type { CrossCheckRun } from '../models/CrossCheckRun.model'
import type { Actor, AuditService } from './audit.service'
import { periodsWithin } from './compliance.service'
import { CrossCheckFindingWrites, keyOf } from './cross-check-findings.service'

/**
 * Runs the cross-village checks (docs/cross-checks.md) over the published village lists of a county and period
 * and keeps the findings current: a finding found again is updated (its key is unique), a closed one found again
 * reopens, and one no longer found is closed with the reason. A full run covers a region's villages; a re-check
 * after one village's list changed reads only that village's lists and the lists linked to them.
 */

/** The county a division code lies in (its first six digits). */
export function countyOf(code: string): string {
  return code.slice(0, 6).padEnd(12, '0')
}

/** The status of village lists the checks read: still that period's list when off the public board (expired). */
const LIST_STATUSES: DisclosureStatus[] = ['published', 'expired']

/**
 * The matter a catalog item belongs to (social-assistance.dibao.approval → social-assistance.dibao): a county's
 * named figures on any item of the matter (its policy, its roster) are the standard for the villages' lists.
 */
function matterOf(itemId: string): string {
  const parts = itemId.split('.')
  return parts.length >= 3 ? parts.slice(0, -1).join('.') : itemId
}

type ListDoc = {
  _id: Types.ObjectId
  regionCode: string
  catalogItemId: string
  period: string
  rows: CrossCheckList['rows'] | null
}

const toList = (d: ListDoc): CrossCheckList => ({
  listId: d._id.toHexString(),
  villageCode: d.regionCode,
  catalogItemId: d.catalogItemId,
  period: d.period,
  rows: d.rows ?? [],
})

export class CrossCheckRunsService {
  private readonly findings: CrossCheckFindingWrites

  constructor(private readonly deps: { models: Models; audit: AuditService }) {
    this.findings = new CrossCheckFindingWrites(deps)
  }

  /**
   * Published village lists (with rows) of a county and period, optionally of some items only: a list whose
   * posting window ended (`expired`) is still the period's list.
   */
  private async lists(filter: Record<string, unknown>): Promise<CrossCheckList[]> {
    const docs = await this.deps.models.Disclosure.find(
      { status: { $in: LIST_STATUSES }, rows: { $ne: null }, ...filter },
      { regionCode: 1, catalogItemId: 1, period: 1, rows: 1 },
    ).lean<ListDoc[]>()
    return docs.map(toList)
  }

  /**
   * Named figures published by the county and its townships for the lists' periods and the periods containing them,
   * by publishing region and village item (`standardFor` picks the one binding each list).
   */
  private async standards(
    countyCode: string,
    lists: readonly CrossCheckList[],
  ): Promise<PublishedStandard[]> {
    const itemIds = [...new Set(lists.map((l) => l.catalogItemId))].filter((id) => STANDARD_RULES.has(id))
    if (itemIds.length === 0) return []
    const periods = [...new Set(lists.flatMap((l) => periodsContaining(l.period)))]
    const items = await this.deps.models.GovernmentItem.find(
      {
        regionCode: { $regex: `^${codePrefix(countyCode)}` },
        period: { $in: periods },
        status: 'published',
        'figures.0': { $exists: true },
      },
      { regionCode: 1, catalogItemId: 1, period: 1, figures: 1 },
    ).lean()
    const out: PublishedStandard[] = []
    const bySource = new Map<string, typeof items>()
    for (const g of items) {
      const key = `${g.regionCode}|${g.period}`
      bySource.set(key, [...(bySource.get(key) ?? []), g])
    }
    for (const same of bySource.values()) {
      const first = same[0]
      if (!first) continue
      for (const itemId of itemIds) {
        const figures = same
          .filter((g) => matterOf(g.catalogItemId) === matterOf(itemId))
          .flatMap((g) => g.figures)
        if (figures.length > 0)
          out.push({ regionCode: first.regionCode, catalogItemId: itemId, period: first.period, figures })
      }
    }
    return out
  }

  /** People whose membership ended with 去世 or 户口迁出 in these villages (the date they were removed). */
  private async exits(villageFilter: Record<string, unknown>): Promise<RosterExit[]> {
    const ended = await this.deps.models.Membership.find(
      {
        ...villageFilter,
        status: 'ended',
        $or: [{ endKind: { $in: ['died', 'moved_out'] } }, { endKind: null, reason: { $ne: null } }],
      },
      { villageCode: 1, name: 1, householdNo: 1, reason: 1, endKind: 1, endedAt: 1 },
    ).lean()
    const out: RosterExit[] = []
    for (const m of ended) {
      // The kind the secretary chose; a removal recorded before kinds existed is read from its words.
      const reason = m.endKind
        ? m.endKind === 'died' || m.endKind === 'moved_out'
          ? m.endKind
          : null
        : exitReasonOf(m.reason)
      if (reason && m.endedAt) {
        out.push({
          villageCode: m.villageCode,
          name: m.name,
          householdNo: m.householdNo,
          reason,
          endedOn: shanghaiDateOf(m.endedAt),
        })
      }
    }
    return out
  }

  private async villageNames(codes: Iterable<string>): Promise<Map<string, string>> {
    const regions = await this.deps.models.Region.find(
      { _id: { $in: [...new Set(codes)] } },
      { name: 1 },
    ).lean()
    return new Map(regions.map((r) => [String(r._id), r.name]))
  }

  /** Stores the link keys of lists (replacing older versions' keys of the same village, item and period). */
  private async saveKeys(countyCode: string, lists: readonly CrossCheckList[]): Promise<void> {
    const { CrossCheckKeys } = this.deps.models
    if (lists.length === 0) return
    await CrossCheckKeys.bulkWrite(
      lists.map((l) => ({
        updateOne: {
          filter: { villageCode: l.villageCode, catalogItemId: l.catalogItemId, period: l.period },
          update: { $set: { disclosureId: new Types.ObjectId(l.listId), countyCode, ...linkKeysOf(l) } },
          upsert: true,
        },
      })),
      { ordered: false },
    )
  }

  /**
   * Full run of a started `run`: every published list of the county for the period and the periods within it (a
   * run of 2026 checks each month's lists too, as the list of findings of 2026 shows them), or of the item and the
   * items that exclude it; findings kept for the villages of the run's region.
   */
  async execute(run: CrossCheckRun, actor: Actor): Promise<CrossCheckRun['counts']> {
    const { CrossCheckRun: Runs } = this.deps.models
    const countyCode = countyOf(run.regionCode)
    const prefix = codePrefix(countyCode)
    const itemIds = run.catalogItemId
      ? [run.catalogItemId, ...exclusivePartners(run.catalogItemId).flatMap((p) => [p.a, p.b])]
      : null
    const periods = periodsWithin(run.period)
    const lists = await this.lists({
      regionCode: { $regex: `^${prefix}` },
      period: { $in: periods },
      ...(itemIds ? { catalogItemId: { $in: [...new Set(itemIds)] } } : {}),
    })
    await Runs.updateOne({ _id: run._id }, { $set: { 'progress.lists': lists.length } })
    const standards = await this.standards(countyCode, lists)
    const results = runCrossChecks({
      lists,
      standards,
      exits: await this.exits({ villageCode: { $regex: `^${prefix}` } }),
      villageNames: await this.villageNames(lists.map((l) => l.villageCode)),
    })
    await Runs.updateOne({ _id: run._id }, { $set: { 'progress.listsChecked': lists.length } })
    const region = codePrefix(run.regionCode)
    const inRegion = (codes: readonly string[]) => codes.some((c) => c.startsWith(region))
    // A run over some items keeps the findings of those items; a finding over all items (a shared account) only
    // closes in a run over all items.
    const scope: Record<string, unknown> = {
      countyCode,
      period: { $in: periods },
      villageCodes: { $regex: `^${region}` },
      ...(itemIds ? { catalogItemId: { $in: [...new Set([...itemIds, ...pairIds(itemIds)])] } } : {}),
    }
    const counts = await this.findings.apply(
      countyCode,
      results.filter((r) => inRegion(r.villageCodes)),
      scope,
      actor,
      { listIds: new Set(lists.map((l) => l.listId)), standards },
    )
    // Link keys are written when a list is published (recheckVillage); a run adds only the missing ones (lists
    // published before the checks existed), so a repeated run writes none.
    const stored = await this.deps.models.CrossCheckKeys.find(
      { countyCode, period: { $in: periods } },
      { disclosureId: 1 },
    ).lean()
    const have = new Set(stored.map((k) => k.disclosureId.toHexString()))
    await this.saveKeys(
      countyCode,
      lists.filter((l) => l.villageCode.startsWith(region) && !have.has(l.listId)),
    )
    return counts
  }

  /**
   * Re-check after one village's list of a period changed (published, corrected, retracted): its lists, the lists
   * sharing an ID or account with them, and the lists of the findings it is part of; nothing else is read.
   */
  async recheckVillage(villageCode: string, period: string, actor: Actor): Promise<CrossCheckRun['counts']> {
    const { CrossCheckKeys, CrossCheckFinding: Findings } = this.deps.models
    const countyCode = countyOf(villageCode)
    const own = await this.lists({ regionCode: villageCode, period })
    // Keys of lists no longer published (retracted) go; the current ones are stored.
    await CrossCheckKeys.deleteMany({
      villageCode,
      period,
      disclosureId: { $nin: own.map((l) => new Types.ObjectId(l.listId)) },
    })
    await this.saveKeys(countyCode, own)
    const idKeys = new Set<string>()
    const accountKeys = new Set<string>()
    for (const l of own) {
      const k = linkKeysOf(l)
      for (const x of k.idKeys) idKeys.add(x)
      for (const x of k.accountKeys) accountKeys.add(x)
    }
    // Two index lookups (one per multikey index) instead of one $or, which the engine answers by scanning.
    const base = { countyCode, period, villageCode: { $ne: villageCode } }
    const linked = [
      ...(await CrossCheckKeys.find(
        { ...base, idKeys: { $in: [...idKeys] } },
        { villageCode: 1, catalogItemId: 1 },
      ).lean()),
      ...(await CrossCheckKeys.find(
        { ...base, accountKeys: { $in: [...accountKeys] } },
        { villageCode: 1, catalogItemId: 1 },
      ).lean()),
    ]
    const existing = await Findings.find(
      { villageCodes: villageCode, period, status: { $ne: 'closed' } },
      { key: 1, rows: 1 },
    ).lean()
    const others = new Set<string>()
    for (const k of linked) others.add(`${k.villageCode}|${k.catalogItemId}`)
    for (const f of existing)
      for (const r of f.rows)
        if (r.villageCode !== villageCode) others.add(`${r.villageCode}|${r.catalogItemId}`)
    const otherLists =
      others.size === 0
        ? []
        : await this.lists({
            period,
            $or: [...others].map((k) => ({ regionCode: k.split('|')[0], catalogItemId: k.split('|')[1] })),
          })
    const lists = [...own, ...otherLists]
    const standards = await this.standards(countyCode, lists)
    const results = runCrossChecks({
      lists,
      standards,
      exits: await this.exits({ villageCode }),
      villageNames: await this.villageNames(lists.map((l) => l.villageCode)),
    })
    const known = new Set(existing.map((f) => f.key))
    const kept = results.filter((r) => r.villageCodes.includes(villageCode) || known.has(keyOf(r)))
    return this.findings.apply(countyCode, kept, { _id: { $in: existing.map((f) => f._id) } }, actor, {
      listIds: new Set(lists.map((l) => l.listId)),
      standards,
    })
  }
}

/** The `a+b` item ids of exclusive pairs among `itemIds`. */
function pairIds(itemIds: readonly string[]): string[] {
  return itemIds.flatMap((id) => exclusivePartners(id).map((p) => `${p.a}+${p.b}`))
}
