import type { ExpectedDisclosureStatus } from '@cunwu/domain'
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

/** Expected periodic disclosures of a village and whether each was published on time, is due soon or overdue. */
export function createSchedulesService(deps: { models: Models }) {
  const villageItems = listCatalogItems({ level: 'village' })
  return {
    /** The village's schedule for a year (periods overlapping it), with statuses as of `today`. */
    async forVillage(villageCode: string, year: number, today: Date = new Date()): Promise<ScheduleEntry[]> {
      const expected = expectedDisclosures(
        villageItems,
        { regionCode: villageCode, level: 'village', from: `${year}-01-01`, to: `${year}-12-31` },
        getWorkingCalendar(),
      )
      const published = await deps.models.Disclosure.find(
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
    },
  }
}

export type SchedulesService = ReturnType<typeof createSchedulesService>
