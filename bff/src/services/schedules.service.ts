import type { DueStatus, ExpectedDisclosure, ExpectedDisclosureStatus } from '@cunwu/domain'
import {
  expectedAsOf,
  expectedDisclosures,
  findCatalogItem,
  listCatalogItems,
  overdueStatus,
  toShanghaiDate,
} from '@cunwu/domain'
import { getWorkingCalendar } from '../lib/calendar/working-calendar'
import type { Models } from '../models'

/** An expected disclosure with its status and the item's name, for the secretary's home. */
export interface ScheduleEntry extends ExpectedDisclosureStatus {
  itemName: string
}

/**
 * Where a village stands on one catalog item, for its villagers' catalog: the current period's expected disclosure
 * (the latest one already due or due soon; else the next), how many periods it owes are overdue (expectedAsOf: this
 * year's, and earlier ones that fell due within the last year), and the newest published disclosure of the item (to
 * open it). Items without a schedule have only the latter.
 */
export interface ItemStanding {
  itemId: string
  current: {
    periodKey: string
    dueDate: string
    status: DueStatus
    daysPastDue: number
    /** The due date counts days of a year without holiday data (weekdays less the statutory holidays assumed). */
    provisional: boolean
  } | null
  overdueCount: number
  latestDisclosureId: string | null
}

/** Expected periodic disclosures of a village and whether each was published on time, is due soon or overdue. */
export class SchedulesService {
  constructor(private readonly deps: { models: Models }) {}

  /** The catalog items a village discloses itself. */
  private readonly villageItems = listCatalogItems({ level: 'village' })

  /**
   * The village's schedule with statuses as of `today`: for a year, the periods overlapping it; without one, what
   * it owes as of `today` whichever calendar year that is in (expectedAsOf in @cunwu/domain). A retired village's
   * lists only the periods it still owes (due, or ended, before its retirement date).
   */
  async forVillage(villageCode: string, year: number | null, today: Date): Promise<ScheduleEntry[]> {
    const day = toShanghaiDate(today)
    // A retired village (撤并) owes only what fell due, or ended, before its retirement date (retirementStanding).
    const region = await this.deps.models.Region.findById(villageCode, { retirement: 1 }).lean()
    const retiredOn = region?.retirement?.retiredOn ?? null
    const expected =
      year === null
        ? expectedAsOf(
            this.villageItems,
            { regionCode: villageCode, level: 'village', today: day, retiredOn },
            getWorkingCalendar(),
          )
        : expectedDisclosures(
            this.villageItems,
            {
              regionCode: villageCode,
              level: 'village',
              from: `${year}-01-01`,
              to: `${year}-12-31`,
              retiredOn,
            },
            getWorkingCalendar(),
          )
    return this.statusesOf(villageCode, expected, day)
  }

  private async statusesOf(
    villageCode: string,
    expected: ExpectedDisclosure[],
    day: string,
  ): Promise<ScheduleEntry[]> {
    const published = await this.deps.models.Disclosure.find(
      { regionCode: villageCode, publishedAt: { $ne: null } },
      { catalogItemId: 1, period: 1, publishedAt: 1 },
    ).lean()
    const statuses = overdueStatus(
      expected,
      published.flatMap((d) =>
        d.publishedAt ? [{ itemId: d.catalogItemId, periodKey: d.period, publishedAt: d.publishedAt }] : [],
      ),
      day,
    )
    return statuses.map((s) => ({ ...s, itemName: findCatalogItem(s.itemId)?.name ?? s.itemId }))
  }

  /** Each village item's standing as of `today` (what it owes then, and the newest published disclosure). */
  async standings(villageCode: string, today: Date): Promise<ItemStanding[]> {
    const [entries, published] = await Promise.all([
      this.forVillage(villageCode, null, today),
      this.deps.models.Disclosure.find(
        { regionCode: villageCode, status: 'published' },
        { catalogItemId: 1, publishedAt: 1 },
      )
        .sort({ publishedAt: -1 })
        .lean(),
    ])
    const latest = new Map<string, string>()
    for (const d of published)
      if (!latest.has(d.catalogItemId)) latest.set(d.catalogItemId, d._id.toHexString())
    return this.villageItems.map((item) => {
      const mine = entries
        .filter((e) => e.itemId === item.id)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      // The current period is the last one already due (or due soon), else the next.
      const started = mine.filter((e) => e.status !== 'upcoming')
      const current = started[started.length - 1] ?? mine[0]
      return {
        itemId: item.id,
        current: current
          ? {
              periodKey: current.periodKey,
              dueDate: current.dueDate,
              status: current.status,
              daysPastDue: current.daysPastDue,
              provisional: current.provisional,
            }
          : null,
        overdueCount: mine.filter((e) => e.status === 'overdue').length,
        latestDisclosureId: latest.get(item.id) ?? null,
      }
    })
  }
}

/** Builds the service (the composition root and tests call this). */
export function createSchedulesService(deps: { models: Models }): SchedulesService {
  return new SchedulesService(deps)
}
