import type { Types } from 'mongoose'
import type { RosterIndex, TableRow } from '@cunwu/domain'
import { findCatalogItem, indexRoster, officeOf, rosterHousehold, rowOwner } from '@cunwu/domain'
import type { Models } from '../models'
import type { Alignment } from '../models/Alignment.model'
import type { HouseholdAlignmentView, HouseholdDiscrepancyView } from '../models/household-alignment-views'
import { householdMemberships } from './household-proof.service'

/** A household whose rows a user is shown as their own. */
export interface UserHousehold {
  villageCode: string
  householdNo: string
}

/**
 * The households whose rows a user reads as their own (与我相关, and the government list's differences on them): the
 * household of each membership the roster proves (`householdMemberships`) and each household the user holds a proxy
 * for. docs/households.md, "Which household a member has".
 */
export async function householdsOfUser(
  models: Models,
  userId: Types.ObjectId,
  villageCode?: string,
): Promise<UserHousehold[]> {
  const [memberships, proxies] = await Promise.all([
    householdMemberships(models, userId, villageCode),
    models.Proxy.find({ userId, ...(villageCode ? { villageCode } : {}) }).lean(),
  ])
  return [
    ...memberships.map((m) => ({ villageCode: m.villageCode, householdNo: m.householdNo })),
    ...proxies.map((p) => ({ villageCode: p.villageCode, householdNo: p.householdNo })),
  ]
}

/** Village rosters, each read once (per request: a roster changes when the secretary edits it). */
export class RosterReader {
  private readonly rosters = new Map<string, RosterIndex>()
  constructor(private readonly models: Pick<Models, 'Household'>) {}

  async of(villageCode: string): Promise<RosterIndex> {
    const known = this.rosters.get(villageCode)
    if (known) return known
    const list = await this.models.Household.find(
      { villageCode },
      { householdNo: 1, headName: 1, memberNames: 1 },
    ).lean()
    const roster = indexRoster(list)
    this.rosters.set(villageCode, roster)
    return roster
  }
}

/** Row-level differences a household is told of on its own row: a figure differs, or the government has no such row. */
const OWN_KINDS = new Set<HouseholdDiscrepancyView['kind']>([
  'amount_differs',
  'field_differs',
  'only_in_village',
])

/**
 * What a household is told of the alignment of a list it is on: the differences on rows provably its own
 * (`rowOwner` against the current roster, the rule of 与我相关) with both figures, and who is checking them.
 * Everyone else sees only the public alignment (counts and table-level differences). docs/households.md.
 */
export class HouseholdAlignmentsService {
  constructor(private readonly deps: { models: Models }) {}

  /** The 对照 page for a signed-in reader: the differences on their own households' rows; null when none. */
  async forUser(userId: Types.ObjectId, a: Alignment): Promise<HouseholdAlignmentView | null> {
    if (!a.disclosureId || !a.result || a.status !== 'inconsistent') return null
    const households = await householdsOfUser(this.deps.models, userId, a.villageCode)
    if (households.length === 0) return null
    const d = await this.deps.models.Disclosure.findById(a.disclosureId, { rows: 1 }).lean()
    if (!d) return null
    const roster = await new RosterReader(this.deps.models).of(a.villageCode)
    return this.of(
      a,
      d.rows ?? [],
      households.map((h) => h.householdNo),
      roster,
    )
  }

  /** The alignments that compared these disclosures (the version each compared), by disclosure id. */
  async comparing(ids: readonly Types.ObjectId[]): Promise<Map<string, Alignment>> {
    if (ids.length === 0) return new Map()
    const list = await this.deps.models.Alignment.find({
      disclosureId: { $in: [...ids] },
      status: 'inconsistent',
    }).lean()
    return new Map(list.flatMap((a) => (a.disclosureId ? [[a.disclosureId.toHexString(), a]] : [])))
  }

  /**
   * The differences of `a` on rows of the households `householdNos` (of `roster`), `rows` being the stored rows of the
   * version `a` compared (the comparison's row indexes are theirs). A row's `row` is its place among its household's
   * own rows, as 与我相关 lists them. Null when none of their rows differs.
   */
  async of(
    a: Alignment,
    rows: readonly TableRow[],
    householdNos: readonly string[],
    roster: RosterIndex,
  ): Promise<HouseholdAlignmentView | null> {
    const table = findCatalogItem(a.catalogItemId)?.table
    if (!table || !a.result || a.status !== 'inconsistent') return null
    const keys = new Set(householdNos.flatMap((no) => rosterHousehold(roster, no)?.key ?? []))
    if (keys.size === 0) return null
    // Each own row's place among its household's rows.
    const place = new Map<number, number>()
    const seen = new Map<string, number>()
    rows.forEach((row, i) => {
      const owner = rowOwner(table, row, roster)
      if (owner === null || !keys.has(owner)) return
      const n = seen.get(owner) ?? 0
      seen.set(owner, n + 1)
      place.set(i, n)
    })
    const discrepancies: HouseholdDiscrepancyView[] = []
    for (const d of a.result.discrepancies) {
      const [ref, other] = d.village
      if (!OWN_KINDS.has(d.kind as HouseholdDiscrepancyView['kind']) || !ref || other) continue
      const row = place.get(ref.index)
      if (row === undefined) continue
      discrepancies.push({
        kind: d.kind as HouseholdDiscrepancyView['kind'],
        row,
        name: ref.name,
        column: table.columns.find((c) => c.key === d.column) ?? null,
        village: d.villageValue,
        government: d.governmentValue,
      })
    }
    if (discrepancies.length === 0) return null
    const v = a.verification?.action === 'resolved' ? a.verification : null
    const byCounty = v?.level === 'county'
    const codes = [a.townshipCode, a.countyCode, a.governmentRegionCode].filter((c): c is string => !!c)
    const regions = await this.deps.models.Region.find({ _id: { $in: codes } }, { name: 1 }).lean()
    const name = (code: string | null) => regions.find((r) => r._id === code)?.name ?? null
    return {
      office: a.governmentRegionCode ? officeOf(a.governmentRegionCode) : '乡镇',
      officeName: name(a.governmentRegionCode),
      checkedBy: (byCounty ? name(a.countyCode) : name(a.townshipCode)) ?? (byCounty ? '县里' : '乡镇'),
      state: v ? 'explained' : a.correction ? 'correction_requested' : 'checking',
      note: v ? v.text : (a.correction?.text ?? null),
      discrepancies,
    }
  }
}
