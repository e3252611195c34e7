import type { DisclosureDto } from '@cunwu/domain'
import {
  findCatalogItem,
  householdNameKey,
  householdNoKey,
  rosterHousehold,
  rowsOfHousehold,
} from '@cunwu/domain'
import type { Models } from '../models'
import type { DisclosureView } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { presentHouseholdAlignment } from '../presenters/alignment.presenter'
import type { DisclosureAudience } from '../presenters/disclosure.presenter'
import { presentRowChanges } from '../presenters/disclosure.presenter'
import { previousPublicVersion } from './disclosure-versions.service'
import { HouseholdAlignmentsService, householdsOfUser, RosterReader } from './household-alignment.service'

/**
 * 与我相关 (`DisclosureFeedService.related`): published entries with rows provably about the user's own household (or
 * one they are proxy for), with that household's rows only. A row is the household's when its 户号 and name agree
 * with the village roster, or, without a 户号, when its name belongs to that household alone (`rowsOfHousehold`). The
 * user's household is one the roster proves theirs (`householdMemberships`: 户号 and name), never the 户号 alone.
 * Each entry also says which of those rows changed since the previous public version, cell by cell (`rowChanges`,
 * compared as the household sees its rows), and where the government's list has a different figure for them
 * (`householdAlignment`). A list the village's version leaves the household out of is an entry too when the
 * government's list it is compared with has a row provably the household's (no own rows, and that row under
 * `householdAlignment.onlyInGovernment`). docs/households.md.
 */
export class RelatedDisclosures {
  private readonly alignments: HouseholdAlignmentsService

  constructor(
    private readonly deps: {
      models: Models
      /** The feed's presenter of stored views (names and badges read once per page). */
      present: (list: DisclosureView[], audience: DisclosureAudience) => Promise<DisclosureDto[]>
    },
  ) {
    this.alignments = new HouseholdAlignmentsService({ models: deps.models })
  }

  async list(user: User): Promise<DisclosureDto[]> {
    const { Disclosure: Disclosures } = this.deps.models
    const households = await householdsOfUser(this.deps.models, user._id)
    const rosters = new RosterReader(this.deps.models)
    const out: DisclosureDto[] = []
    for (const h of households) {
      const roster = await rosters.of(h.villageCode)
      const household = rosterHousehold(roster, h.householdNo)
      // A household missing from the roster cannot be proved to own any row.
      if (!household) continue
      const keys = [householdNoKey(h.householdNo), ...[...household.names].map(householdNameKey)]
      const named = await Disclosures.find({
        regionCode: h.villageCode,
        status: { $in: ['published', 'expired'] },
        householdKeys: { $in: keys },
      })
        .sort({ publishedAt: -1 })
        .limit(50)
        .lean()
      // Lists the village's version leaves the household out of, where the government's list has its row.
      const onlyGovernment = await this.alignments.namingOnlyInGovernment(h.villageCode, household.names)
      const known = new Set(named.map((d) => d._id.toHexString()))
      const more = onlyGovernment.flatMap((a) =>
        a.disclosureId && !known.has(a.disclosureId.toHexString()) ? [a.disclosureId] : [],
      )
      const list =
        more.length === 0
          ? named
          : [
              ...named,
              ...(await Disclosures.find({
                _id: { $in: more },
                regionCode: h.villageCode,
                status: { $in: ['published', 'expired'] },
              }).lean()),
            ].sort((x, y) => (y.publishedAt?.getTime() ?? 0) - (x.publishedAt?.getTime() ?? 0))
      const compared = await this.alignments.comparing(list.map((d) => d._id))
      for (const d of list) {
        const item = findCatalogItem(d.catalogItemId)
        if (!item?.table) continue
        const own = rowsOfHousehold(item.table, d.rows ?? [], h.householdNo, roster)
        const a = compared.get(d._id.toHexString())
        const differs = a ? await this.alignments.of(a, d.rows ?? [], [h.householdNo], roster) : null
        // On neither list as the household's: not its entry.
        if (own.length === 0 && !differs?.onlyInGovernment.length) continue
        const [dto] = await this.deps.present([{ ...d, rows: own }], 'household')
        if (!dto) continue
        // The household's rows of the previous public version, by the same rule against today's roster.
        const prev =
          d.version > 1 ? await previousPublicVersion(this.deps.models, d.seriesKey, d.version) : null
        const rowChanges = prev
          ? presentRowChanges(
              item,
              rowsOfHousehold(item.table, prev.rows ?? [], h.householdNo, roster),
              own,
              'household',
              prev.version,
            )
          : null
        out.push({
          ...dto,
          rowChanges,
          householdAlignment: differs ? presentHouseholdAlignment(differs) : null,
        })
      }
    }
    return out
  }
}
