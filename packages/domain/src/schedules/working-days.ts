import { fromEpochDay, isWeekend, toEpochDay } from './dates'

/**
 * Working days (工作日) under the State Council's yearly holiday arrangement: Monday–Friday, minus the
 * public holidays, plus the make-up working days (调休补班, usually a Saturday or Sunday).
 */

/**
 * Source of working-day facts. Implementations must be immutable: results are memoised per calendar object.
 * The BFF builds one from the chinese-days data (bff/src/lib/calendar); tests build one from a fixture.
 */
export interface WorkingCalendar {
  /**
   * Whether a 'YYYY-MM-DD' date (Asia/Shanghai) is a working day, or undefined when the calendar has no
   * holiday data for that year; callers then fall back to Monday–Friday less 1 January and `isStatutoryHoliday`,
   * and mark the result provisional.
   */
  isWorkingDay(date: string): boolean | undefined
  /**
   * For a date the calendar has no data for: whether it is one of the public holidays 《全国年节及纪念日放假办法》
   * 第二条 fixes by law (2024 revision, in force since 2025: 元旦, 春节 除夕 to 正月初三, 清明, 5月1–2日, 端午,
   * 中秋, 10月1–3日). Optional: it needs a lunar calendar, which the BFF has (chinese-days) and the mini-program
   * does not. The yearly arrangement's bridge days and 调休 stay unknown, so results using it remain provisional.
   */
  isStatutoryHoliday?(date: string): boolean
}

/** A computed deadline. */
export interface Deadline {
  /** The last day of the period, 'YYYY-MM-DD' (Asia/Shanghai). */
  date: string
  /**
   * True when a day counted lies in a year the calendar has no holiday data for (counted as Monday–Friday less the statutory holidays);
   * recompute once the year's arrangement (published each November or December) is loaded.
   */
  provisional: boolean
}

/**
 * What a person reads after a provisional date (in brackets): the yearly holiday arrangement is not out yet, so the
 * date was worked out from the statutory holidays alone and may still move. One home for the wording, for the BFF's
 * messages and the mini-program's dates.
 */
export const PROVISIONAL_DATE_NOTE = '放假安排还没有公布，这个日期是推算的，可能会变'

/** The bracketed note after a date counted on a year whose holiday arrangement is not out yet; '' otherwise. */
export function provisionalNote(provisional: boolean | null | undefined): string {
  return provisional ? `（${PROVISIONAL_DATE_NOTE}）` : ''
}

/** A calendar with no holiday data at all: every answer is a provisional Monday–Friday guess. */
export const NO_HOLIDAY_DATA: WorkingCalendar = { isWorkingDay: () => undefined }

/** Holiday data in the shape of the State Council notices (and of the chinese-days data set). */
export interface HolidayData {
  /** Public holidays, 'YYYY-MM-DD', including holidays that fall on a weekend. */
  holidays: Iterable<string>
  /** Make-up working days (调休补班) that fall on a weekend, 'YYYY-MM-DD'. */
  workdays: Iterable<string>
  /**
   * Years the data is complete for; other years answer undefined.
   * @default every year that has at least one holiday (every arrangement has 元旦)
   */
  years?: Iterable<number>
}

/** Builds a WorkingCalendar from lists of holidays and make-up working days. */
export function createHolidayCalendar(data: HolidayData): WorkingCalendar {
  const holidays = new Set(data.holidays)
  const workdays = new Set(data.workdays)
  const years = new Set<number>()
  if (data.years === undefined) {
    for (const date of holidays) years.add(Number(date.slice(0, 4)))
  } else {
    for (const year of data.years) years.add(year)
  }
  return {
    isWorkingDay(date: string): boolean | undefined {
      if (!years.has(Number(date.slice(0, 4)))) return undefined
      if (workdays.has(date)) return true
      if (holidays.has(date)) return false
      return !isWeekend(date)
    },
  }
}

interface DayAnswer {
  working: boolean
  provisional: boolean
}

/**
 * 元旦 (1 January) is a public holiday every year (《全国年节及纪念日放假办法》第二条), whatever the yearly
 * arrangement adds around it: a year without data counts it as a rest day too (still provisional, as 调休 is not
 * known). The other statutory holidays come from the calendar's `isStatutoryHoliday` where it has one (the lunar
 * ones need a lunar calendar); bridge days and 调休 are left to the yearly data.
 */
const isNewYearsDay = (date: string) => date.slice(5) === '01-01'

function answer(date: string, calendar: WorkingCalendar): DayAnswer {
  const known = calendar.isWorkingDay(date)
  if (known === undefined) {
    const rest = isWeekend(date) || isNewYearsDay(date) || calendar.isStatutoryHoliday?.(date) === true
    return { working: !rest, provisional: true }
  }
  return { working: known, provisional: false }
}

/** Whether a date is a working day; Monday–Friday less the statutory holidays where the calendar has no data for its year. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  toEpochDay(date)
  return answer(date, calendar).working
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a whole number of days >= 0, got ${n}`)
}

/**
 * The n-th working day after `date` (the start day itself is not counted, 民法典第201条), e.g. the last day
 * of "收到申请之日起20个工作日内"; n = 0 returns `date`.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): Deadline {
  assertCount(n)
  let day = toEpochDay(date)
  let provisional = false
  let left = n
  while (left > 0) {
    day += 1
    const a = answer(fromEpochDay(day), calendar)
    if (a.provisional) provisional = true
    if (a.working) left -= 1
  }
  return { date: fromEpochDay(day), provisional }
}

/** A count of working days. */
export interface WorkingDayCount {
  /** Working days d with a < d <= b; negative when b is before a. */
  days: number
  /** True when a counted day lies in a year without holiday data. */
  provisional: boolean
}

/**
 * Working days after `a` up to and including `b`, so that `addWorkingDays(a, count)` never passes `b`;
 * negative when `b` is before `a`.
 */
export function workingDaysBetween(a: string, b: string, calendar: WorkingCalendar): WorkingDayCount {
  const start = toEpochDay(a)
  const end = toEpochDay(b)
  const sign = end >= start ? 1 : -1
  const low = Math.min(start, end)
  const high = Math.max(start, end)
  let days = 0
  let provisional = false
  for (let day = low + 1; day <= high; day += 1) {
    const x = answer(fromEpochDay(day), calendar)
    if (x.provisional) provisional = true
    if (x.working) days += 1
  }
  return { days: sign * days, provisional }
}

/**
 * The last day of a period of n calendar days after `date` (start day not counted, 民法典第201条); when that
 * day is a rest day it moves to the next working day (民法典第203条: 期间的最后一日是法定休假日的，以法定休假日
 * 结束的次日为期间的最后一日). Used for due dates in calendar days, not for minimum posting periods.
 */
export function addCalendarDays(date: string, n: number, calendar: WorkingCalendar): Deadline {
  assertCount(n)
  let day = toEpochDay(date) + n
  let a = answer(fromEpochDay(day), calendar)
  let provisional = a.provisional
  while (!a.working) {
    day += 1
    a = answer(fromEpochDay(day), calendar)
    if (a.provisional) provisional = true
  }
  return { date: fromEpochDay(day), provisional }
}
