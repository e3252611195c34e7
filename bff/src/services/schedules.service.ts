import type { DueStatus, ExpectedDisclosureStatus } from '@cunwu/domain'
import {
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
 * (the latest one already due or due soon; else the next), how many of the year's periods are overdue, and the
 * newest published disclosure of the item (to open it). Items without a schedule have only the latter.
 */
export interface ItemStanding {
  itemId: string
  current: { periodKey: string; dueDate: string; status: DueStatus; daysPastDue: number } | null
  overdueCount: number
  latestDisclosureId: string | null
}

/** Expected periodic disclosures of a village and whether each was published on time, is due soon or overdue. */
export class SchedulesService {
  constructor(private readonly deps: { models: Models }) {}

  /** The catalog items a village discloses itself. */
  private readonly villageItems = listCatalogItems({ level: 'village' })

  /** The village's schedule for a year (periods overlapping it), with statuses as of `today`. */
  async forVillage(villageCode: string, year: number, today: Date = new Date()): Promise<ScheduleEntry[]> {
    const expected = expectedDisclosures(
      this.villageItems,
      { regionCode: villageCode, level: 'village', from: `${year}-01-01`, to: `${year}-12-31` },
      getWorkingCalendar(),
    )
    const published = await this.deps.models.Disclosure.find(
      { regionCode: villageCode, publishedAt: { $ne: null } },
      { catalogItemId: 1, period: 1, publishedAt: 1 },
    ).lean()
    const statuses = overdueStatus(
      expected,
      published.flatMap((d) =>
        d.publishedAt ? [{ itemId: d.catalogItemId, periodKey: d.period, publishedAt: d.publishedAt }] : [],
      ),
      toShanghaiDate(today),
    )
    return statuses.map((s) => ({ ...s, itemName: findCatalogItem(s.itemId)?.name ?? s.itemId }))
  }

  /** Each village item's standing as of `today` (this year's schedule, and the newest published disclosure). */
  async standings(villageCode: string, today: Date = new Date()): Promise<ItemStanding[]> {
    const day = toShanghaiDate(today)
    const [entries, published] = await Promise.all([
      this.forVillage(villageCode, Number(day.slice(0, 4)), today),
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
