import type { Types } from 'mongoose'
import type { RowRef } from '@cunwu/alignment'
import { resolveKeyColumns, showCell } from '@cunwu/alignment'
import type { RosterEntry, RosterIndex, TableRow, TableSchema } from '@cunwu/domain'
import {
  findCatalogItem,
  indexRoster,
  normalizeName,
  officeOf,
  rosterHousehold,
  rowOwner,
} from '@cunwu/domain'
import type { Models } from '../models'
import type { Alignment } from '../models/Alignment.model'
import type {
  HouseholdAlignmentView,
  HouseholdDiscrepancyView,
  HouseholdGovernmentRowView,
} from '../models/household-alignment-views'
import { GovernmentRowsService } from './government-rows.service'
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
 * (`rowOwner` against the current roster, the rule of 与我相关) with both figures, the government's rows provably its
 * own that the village's list lacks, and who is checking them. Everyone else sees only the public alignment (counts
 * and table-level differences). docs/households.md.
 */
export class HouseholdAlignmentsService {
  private readonly rows: Pick<GovernmentRowsService, 'rowsOfVillage'>

  constructor(
    private readonly deps: {
      models: Models
      /** Reads the government rows of one village. @default a GovernmentRowsService over `models` */
      rows?: Pick<GovernmentRowsService, 'rowsOfVillage'>
    },
  ) {
    this.rows = deps.rows ?? new GovernmentRowsService({ models: deps.models })
  }

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
   * The alignments of a village whose government list has a row the village's list lacks, named as one of `names`
   * (a household's roster names, normalised): where 与我相关 finds the lists a household is on only on the
   * government's side. A candidate only: `of` decides by `rowOwner` on the government's row.
   */
  async namingOnlyInGovernment(villageCode: string, names: ReadonlySet<string>): Promise<Alignment[]> {
    if (names.size === 0) return []
    // The key is `village|item|period` (the unique index): a range over it reads this village's alignments only.
    const list = await this.deps.models.Alignment.find({
      key: { $gt: `${villageCode}|`, $lt: `${villageCode}}` },
      status: 'inconsistent',
      'result.discrepancies.kind': 'only_in_government',
    }).lean()
    return list.filter((a) => a.disclosureId && governmentOnlyRefs(a, names).length > 0)
  }

  /**
   * The differences of `a` on rows of the households `householdNos` (of `roster`), `rows` being the stored rows of the
   * version `a` compared (the comparison's row indexes are theirs), and the rows of those households only on the
   * government's list. A row's `row` is its place among its household's own rows, as 与我相关 lists them. Null when
   * none of their rows differs.
   */
  async of(
    a: Alignment,
    rows: readonly TableRow[],
    householdNos: readonly string[],
    roster: RosterIndex,
  ): Promise<HouseholdAlignmentView | null> {
    const table = findCatalogItem(a.catalogItemId)?.table
    if (!table || !a.result || a.status !== 'inconsistent') return null
    const households = householdNos.flatMap((no) => rosterHousehold(roster, no) ?? [])
    const keys = new Set(households.map((h) => h.key))
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
    const onlyInGovernment = await this.governmentOnly(a, table, roster, households)
    if (discrepancies.length === 0 && onlyInGovernment.length === 0) return null
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
      onlyInGovernment,
    }
  }

  /**
   * The government's rows of `a` the village's list lacks that are provably one of `households`' (`rowOwner`
   * on the government's row, the rule of the village's rows: the comparison reads both sides by the village table's
   * columns), with their cells as the comparison shows them. Rows not provably theirs are left out (only counted).
   */
  private async governmentOnly(
    a: Alignment,
    table: TableSchema,
    roster: RosterIndex,
    households: readonly RosterEntry[],
  ): Promise<HouseholdGovernmentRowView[]> {
    const keys = new Set(households.map((h) => h.key))
    const names = new Set(households.flatMap((h) => [...h.names]))
    const owned = await this.ownedGovernmentOnly(a, table, roster, names)
    const nameKey = resolveKeyColumns(table).name
    return owned.flatMap(({ ref, row, owner }) => {
      if (!keys.has(owner)) return []
      const cells = table.columns.flatMap((column) => {
        if (column.key === nameKey) return []
        const value = showCell(column, row[column.key])
        return value === null ? [] : [{ column, value }]
      })
      return [{ name: ref.name, cells }]
    })
  }

  /**
   * Every government-only row of `a` that is provably one household's (the rule of `governmentOnly`, against the
   * village's current roster), by its household (`householdKey`) and the row's name: whom the messages about such
   * rows go to (`notifications-household-alignment.ts`). No cell is given.
   */
  async governmentOnlyOwners(a: Alignment): Promise<{ household: string; name: string }[]> {
    const table = findCatalogItem(a.catalogItemId)?.table
    if (!table || !a.result || a.status !== 'inconsistent') return []
    if (governmentOnlyRefs(a, null).length === 0) return []
    const roster = await new RosterReader(this.deps.models).of(a.villageCode)
    const owned = await this.ownedGovernmentOnly(a, table, roster, null)
    return owned.map(({ ref, owner }) => ({ household: owner, name: ref.name ?? '' }))
  }

  /** The government-only rows of `a` named as one of `names` (all when null) that `rowOwner` gives an owner. */
  private async ownedGovernmentOnly(
    a: Alignment,
    table: TableSchema,
    roster: RosterIndex,
    names: ReadonlySet<string> | null,
  ): Promise<{ ref: RowRef; row: TableRow; owner: string }[]> {
    const refs = governmentOnlyRefs(a, names)
    if (refs.length === 0 || !a.governmentItemId) return []
    const gov = await this.deps.models.GovernmentItem.findById(a.governmentItemId, {
      rosterId: 1,
      version: 1,
    }).lean()
    // The row indexes are those of the version compared; another version's rows would be other rows.
    if (!gov || gov.version !== a.governmentVersion) return []
    const rows = await this.rows.rowsOfVillage(gov, a.villageCode)
    return refs.flatMap((ref) => {
      const row = rows[ref.index]
      const owner = row ? rowOwner(table, row, roster) : null
      return row && owner !== null ? [{ ref, row, owner }] : []
    })
  }
}

/** The government's rows of `a` the village's list lacks whose name is one of `names` (normalised; any when null). */
function governmentOnlyRefs(a: Alignment, names: ReadonlySet<string> | null): RowRef[] {
  return (a.result?.discrepancies ?? []).flatMap((d) => {
    const [ref, other] = d.government
    if (d.kind !== 'only_in_government' || !ref || other || d.village.length > 0 || ref.name === null)
      return []
    return names === null || names.has(normalizeName(ref.name)) ? [ref] : []
  })
}
