import type { PeriodKey } from '../catalog/period'
import type { Cadence, CatalogItem, CatalogLevel, Schedule } from '../catalog/schema'
import { periodBounds, periodKeysBetween, toEpochDay } from './dates'
import { owedGivenRetirement } from './retirement'
import type { Deadline, WorkingCalendar } from './working-days'
import { addCalendarDays, addWorkingDays } from './working-days'

/**
 * Expected periodic disclosures: which period keys a region owes for each catalog item with a periodic
 * schedule, and the day each is due.
 */

/**
 * Due rule used when the catalog schedule gives no `dueDays` (every village item today): 10 working days after
 * the period ends. It mirrors the 10-working-day limit of the 民政 domains and the common local practice of
 * publishing last month's accounts in the first ten days of the month (每月上旬); results are `defaulted`.
 */
export const DEFAULT_DUE_WORKING_DAYS = 10

/** One disclosure a region is expected to publish. */
export interface ExpectedDisclosure {
  /** 12-digit division code of the region that owes the disclosure. */
  regionCode: string
  /** Catalog item id. */
  itemId: string
  /** Cadence of the item's schedule. */
  cadence: Exclude<Cadence, 'immediate'>
  /** Period the disclosure covers, e.g. 2026-07, 2026-Q3. */
  periodKey: PeriodKey
  /** First day of the period. */
  periodStart: string
  /** Last day of the period. */
  periodEnd: string
  /** Last day to publish, 'YYYY-MM-DD' (Asia/Shanghai). */
  dueDate: string
  /** The due date counts days of a year without holiday data (Monday–Friday assumed). */
  provisional: boolean
  /** The catalog gives no due rule; DEFAULT_DUE_WORKING_DAYS was used. */
  defaulted: boolean
}

/** Range and scope of expectedDisclosures. */
export interface ExpectedDisclosuresQuery {
  /** 12-digit division code stamped on every result. */
  regionCode: string
  /** Only items published at this level (the item's `levels` include it). */
  level: CatalogLevel
  /** First day of the range, 'YYYY-MM-DD'; periods that overlap [from, to] are expected. */
  from: string
  /** Last day of the range, inclusive. */
  to: string
  /**
   * The day the region was retired (撤并), if it was: only the periods it still owes are listed
   * (`retirementStanding` in ./retirement: due before that day, or ended before it).
   */
  retiredOn?: string | null
}

/** Catalog fields expectedDisclosures reads. */
export type ScheduledItem = Pick<CatalogItem, 'id' | 'levels' | 'method' | 'schedule'>

/** The due date of one period under a schedule, and whether the default rule was used. */
export function dueDateFor(
  schedule: Schedule,
  periodKey: PeriodKey,
  calendar: WorkingCalendar,
): Deadline & { defaulted: boolean } {
  const end = periodBounds(periodKey).end
  if (schedule.dueDays === null) {
    return { ...addWorkingDays(end, DEFAULT_DUE_WORKING_DAYS, calendar), defaulted: true }
  }
  const due =
    schedule.postingDaysUnit === 'working_days'
      ? addWorkingDays(end, schedule.dueDays, calendar)
      : addCalendarDays(end, schedule.dueDays, calendar)
  return { ...due, defaulted: false }
}

type PeriodPlan = Omit<ExpectedDisclosure, 'regionCode' | 'itemId' | 'cadence'>

// The periods and due dates of a range depend only on the calendar, the cadence and the due rule, so all
// villages (and items) share them: memoised per calendar object (calendars are immutable by contract). The
// per-calendar map is cleared when it grows large, since callers pass a new range every day.
const planCache = new WeakMap<WorkingCalendar, Map<string, readonly PeriodPlan[]>>()
const MAX_PLANS_PER_CALENDAR = 512

function planFor(
  schedule: Schedule,
  from: string,
  to: string,
  calendar: WorkingCalendar,
): readonly PeriodPlan[] {
  const key = `${schedule.cadence}|${schedule.dueDays ?? ''}|${schedule.postingDaysUnit}|${from}|${to}`
  let plans = planCache.get(calendar)
  if (plans === undefined) {
    plans = new Map()
    planCache.set(calendar, plans)
  }
  const cached = plans.get(key)
  if (cached !== undefined) return cached
  const plan = periodKeysBetween(schedule.cadence, from, to).map((periodKey): PeriodPlan => {
    const bounds = periodBounds(periodKey)
    const due = dueDateFor(schedule, periodKey, calendar)
    return {
      periodKey,
      periodStart: bounds.start,
      periodEnd: bounds.end,
      dueDate: due.date,
      provisional: due.provisional,
      defaulted: due.defaulted,
    }
  })
  if (plans.size >= MAX_PLANS_PER_CALENDAR) plans.clear()
  plans.set(key, plan)
  return plan
}

/**
 * Lists, for each proactive item of the level with a periodic schedule (monthly, quarterly, half-yearly,
 * yearly), every period overlapping [from, to] with its due date; immediate (event-driven) items are skipped.
 */
export function expectedDisclosures(
  items: readonly ScheduledItem[],
  query: ExpectedDisclosuresQuery,
  calendar: WorkingCalendar,
): ExpectedDisclosure[] {
  if (toEpochDay(query.to) < toEpochDay(query.from)) {
    throw new RangeError(`range ends (${query.to}) before it starts (${query.from})`)
  }
  const out: ExpectedDisclosure[] = []
  for (const item of items) {
    const schedule = item.schedule
    if (schedule === null || schedule.cadence === 'immediate') continue
    if (!item.levels.includes(query.level)) continue
    // Only 主动公开 items are owed on a schedule; an unknown method (null) is treated as proactive.
    if (item.method === 'on_request' || item.method === 'not_disclosed') continue
    const cadence = schedule.cadence
    for (const p of planFor(schedule, query.from, query.to, calendar)) {
      out.push({
        regionCode: query.regionCode,
        itemId: item.id,
        cadence,
        periodKey: p.periodKey,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        dueDate: p.dueDate,
        provisional: p.provisional,
        defaulted: p.defaulted,
      })
    }
  }
  return owedGivenRetirement(out, query.retiredOn)
}

/**
 * How long an unpublished period stays owed after its due date in the views that have no year of their own (the
 * secretary's home, the villagers' catalog): a rolling year, so that nothing drops out when the calendar year turns.
 */
export const OWED_LOOKBACK_DAYS = 365

/** Scope of expectedAsOf: the region, the level and the day (Asia/Shanghai) the view is read on. */
export interface ExpectedAsOfQuery {
  regionCode: string
  level: CatalogLevel
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  today: string
  /** The day the region was retired (撤并), if it was: only what it still owes is listed (./retirement). */
  retiredOn?: string | null
}

/**
 * What a region owes as of a day, whichever calendar year the day is in: every period of the day's year (those
 * already due and those to come), and every earlier period whose due date fell within the last OWED_LOOKBACK_DAYS
 * days. A 2026-12 statement due on 2027-01-15 is therefore due soon on 2027-01-12 and overdue on 2027-01-20, and
 * a 2026-11 statement left unpublished stays overdue after New Year as it was in December. A retired village owes
 * only the periods that fell due, or ended, before its retirement date (`retirementStanding`); those stay in the lookback as
 * any other.
 */
export function expectedAsOf(
  items: readonly ScheduledItem[],
  query: ExpectedAsOfQuery,
  calendar: WorkingCalendar,
): ExpectedDisclosure[] {
  const year = Number(query.today.slice(0, 4))
  const yearStart = `${year}-01-01`
  const lookback = toEpochDay(query.today) - OWED_LOOKBACK_DAYS
  // Two years back covers every period that can fall due within the lookback (due rules run weeks, not years).
  const all = expectedDisclosures(
    items,
    {
      regionCode: query.regionCode,
      level: query.level,
      from: `${year - 2}-01-01`,
      to: `${year}-12-31`,
      retiredOn: query.retiredOn,
    },
    calendar,
  )
  return all.filter((e) => e.periodEnd >= yearStart || toEpochDay(e.dueDate) > lookback)
}
