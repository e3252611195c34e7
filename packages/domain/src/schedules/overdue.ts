import type { ExpectedDisclosure } from './expected'
import { daysBetween, toShanghaiDate } from './dates'

/** Where an expected disclosure stands on a given day. */
export type DueStatus =
  /** Published on or before the due date. */
  | 'on_time'
  /** Published after the due date. */
  | 'late'
  /** Not published and the due date has passed. */
  | 'overdue'
  /** Not published; due within `dueSoonDays` (or today). */
  | 'due_soon'
  /** Not published; due later than that. */
  | 'upcoming'

/** A publication that may satisfy an expected disclosure. */
export interface PublishedDisclosure {
  /** Catalog item id. */
  itemId: string
  /** Period the disclosure covers. */
  periodKey: string
  /** When it was published: 'YYYY-MM-DD' (Shanghai), an ISO instant with offset, or a Date. */
  publishedAt: string | Date
  /** Region that published it; when given it must equal the expected disclosure's region. */
  regionCode?: string
}

/** An expected disclosure with its status. */
export interface ExpectedDisclosureStatus extends ExpectedDisclosure {
  status: DueStatus
  /** Shanghai date of the earliest matching publication, or null. */
  publishedOn: string | null
  /**
   * Calendar days from the due date to the publication (or to today when unpublished): positive = late or
   * overdue by that many days, zero or negative = days of margin left.
   */
  daysPastDue: number
}

/** Options of overdueStatus. */
export interface OverdueStatusOptions {
  /** Unpublished items due within this many calendar days are `due_soon`. @default 5 */
  dueSoonDays?: number
}

/** Default window of `due_soon`, in calendar days. */
export const DEFAULT_DUE_SOON_DAYS = 5

/**
 * Classifies each expected disclosure on `today` as on_time, late, overdue, due_soon or upcoming, matching
 * publications by item, period (and region when given) and using the earliest one published by `today`.
 */
export function overdueStatus(
  expected: readonly ExpectedDisclosure[],
  published: readonly PublishedDisclosure[],
  today: string | Date,
  options: OverdueStatusOptions = {},
): ExpectedDisclosureStatus[] {
  const day = toShanghaiDate(today)
  const dueSoonDays = options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS
  const earliest = new Map<string, string>()
  for (const p of published) {
    const on = toShanghaiDate(p.publishedAt)
    // A status "as of" a past day must not see later publications.
    if (on > day) continue
    const key = `${p.regionCode ?? ''}|${p.itemId}|${p.periodKey}`
    const seen = earliest.get(key)
    if (seen === undefined || on < seen) earliest.set(key, on)
  }
  return expected.map((e): ExpectedDisclosureStatus => {
    const a = earliest.get(`${e.regionCode}|${e.itemId}|${e.periodKey}`)
    const b = earliest.get(`|${e.itemId}|${e.periodKey}`)
    const publishedOn = a === undefined ? (b ?? null) : b === undefined || a < b ? a : b
    if (publishedOn !== null) {
      const late = daysBetween(e.dueDate, publishedOn)
      return { ...e, status: late > 0 ? 'late' : 'on_time', publishedOn, daysPastDue: late }
    }
    const past = daysBetween(e.dueDate, day)
    const status: DueStatus = past > 0 ? 'overdue' : -past <= dueSoonDays ? 'due_soon' : 'upcoming'
    return { ...e, status, publishedOn: null, daysPastDue: past }
  })
}
