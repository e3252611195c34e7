import type { Cadence } from '../catalog/schema'
import type { PeriodKey } from '../catalog/period'

/**
 * Calendar-day arithmetic on Asia/Shanghai dates written as 'YYYY-MM-DD'.
 *
 * Every computation runs on whole days counted from 1970-01-01 with `Date.UTC`, never on local `Date`
 * fields, so the machine's time zone cannot shift a date. China has kept UTC+8 without daylight saving
 * since 1991, so an instant becomes a Shanghai date by adding 8 hours.
 */

const MS_PER_DAY = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/
/** An ISO instant must carry its offset; without one `Date.parse` would read it in the machine's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError on a malformed or impossible date. */
export function toEpochDay(date: string): number {
  const match = YMD.exec(date)
  if (!match) throw new RangeError(`expected YYYY-MM-DD, got ${date}`)
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  // Date.UTC silently rolls 02-30 over to 03-02; the round trip catches impossible dates.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`)
  }
  return ms / MS_PER_DAY
}

/** The 'YYYY-MM-DD' date of a day count since 1970-01-01. */
export function fromEpochDay(epochDay: number): string {
  const d = new Date(epochDay * MS_PER_DAY)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() + 1
  const day = d.getUTCDate()
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/**
 * A 'YYYY-MM-DD' date as villagers read it in a sentence: 2027年1月4日. The one way a villager-facing date is
 * written: the mini-program's `formatDate` / `formatDateTime` (utils/format.ts), the posters and the finance
 * statement's text go through it. Anything else is returned as it is.
 */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date
}

/** Whether a string is a real 'YYYY-MM-DD' calendar date. */
export function isCalendarDate(date: string): boolean {
  try {
    toEpochDay(date)
    return true
  } catch {
    return false
  }
}

/** Adds (or, when negative, subtracts) whole calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days)
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a)
}

/** Day of week of a date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7
}

/** Whether a date falls on Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date)
  return dow === 0 || dow === 6
}

function instantMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  // 8.64e15 ms is the range of a JavaScript Date; beyond it there is no calendar date.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError('invalid Date')
  return ms
}

/**
 * The Asia/Shanghai calendar date of an instant (a `Date` or epoch milliseconds). This is the one place the
 * code turns an instant into a China date: today's date is `shanghaiDateOf(Date.now())`.
 */
export function shanghaiDateOf(instant: Date | number): string {
  return fromEpochDay(Math.floor((instantMs(instant) + SHANGHAI_OFFSET_MS) / MS_PER_DAY))
}

/**
 * The Asia/Shanghai wall-clock time of an instant as 'YYYY-MM-DDTHH:mm:ss' (always +08:00, so no offset is
 * written; append '+08:00' for RFC 3339).
 */
export function shanghaiDateTimeOf(instant: Date | number): string {
  const shifted = new Date(instantMs(instant) + SHANGHAI_OFFSET_MS)
  const year = shifted.getUTCFullYear()
  if (year < 0 || year > 9999) throw new RangeError('instant outside years 0000-9999')
  return shifted.toISOString().slice(0, 19)
}

/** The instant (epoch milliseconds) at which a 'YYYY-MM-DD' Shanghai day begins (00:00 +08:00). */
export function shanghaiDayStart(date: string): number {
  return toEpochDay(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS
}

/**
 * The last instant (millisecond) of a 'YYYY-MM-DD' Shanghai day, 23:59:59.999 +08:00: the one way a deadline or a
 * posting window that runs "to the end of that day" is written as an instant. It is late only when now is after it.
 */
export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(addDays(date, 1)) - 1)
}

/**
 * Reads a date given as 'YYYY-MM-DD' (already a Shanghai date), an ISO instant with an offset, or a `Date`,
 * and returns its Asia/Shanghai calendar date; an ISO date-time without an offset is rejected because it
 * would be read in the machine's time zone.
 */
export function toShanghaiDate(value: string | Date): string {
  if (value instanceof Date) return shanghaiDateOf(value)
  if (YMD.test(value)) {
    toEpochDay(value)
    return value
  }
  if (!ISO_INSTANT.test(value))
    throw new RangeError(`expected YYYY-MM-DD or an ISO instant with offset, got ${value}`)
  return shanghaiDateOf(new Date(value))
}

/** First and last day of a period. */
export interface PeriodBounds {
  /** First day of the period, 'YYYY-MM-DD'. */
  start: string
  /** Last day of the period, 'YYYY-MM-DD'. */
  end: string
}

/** First and last day of a period key (2026-07, 2026-Q3, 2026-H2 or 2026). */
export function periodBounds(key: PeriodKey): PeriodBounds {
  const match = /^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$/.exec(key)
  if (!match) throw new RangeError(`not a period key: ${key}`)
  const year = Number(match[1])
  let firstMonth = 1
  let months = 12
  if (match[2] !== undefined) {
    firstMonth = Number(match[2])
    months = 1
  } else if (match[3] !== undefined) {
    firstMonth = (Number(match[3]) - 1) * 3 + 1
    months = 3
  } else if (match[4] !== undefined) {
    firstMonth = match[4] === '1' ? 1 : 7
    months = 6
  }
  if (firstMonth < 1 || firstMonth > 12) throw new RangeError(`not a period key: ${key}`)
  const start = Date.UTC(year, firstMonth - 1, 1) / MS_PER_DAY
  // Day 0 of the month after the period is the period's last day.
  const end = Date.UTC(year, firstMonth - 1 + months, 0) / MS_PER_DAY
  return { start: fromEpochDay(start), end: fromEpochDay(end) }
}

const PERIOD_MONTHS: Readonly<Record<Exclude<Cadence, 'immediate'>, number>> = {
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
  yearly: 12,
}

function periodKeyOf(cadence: Exclude<Cadence, 'immediate'>, year: number, month0: number): PeriodKey {
  switch (cadence) {
    case 'monthly':
      return `${year}-${month0 < 9 ? '0' : ''}${month0 + 1}`
    case 'quarterly':
      return `${year}-Q${Math.floor(month0 / 3) + 1}`
    case 'half_yearly':
      return `${year}-H${month0 < 6 ? 1 : 2}`
    case 'yearly':
      return String(year)
  }
}

/** Period keys of a cadence that overlap the inclusive range [from, to], oldest first; none for immediate. */
export function periodKeysBetween(cadence: Cadence, from: string, to: string): PeriodKey[] {
  if (cadence === 'immediate') return []
  const start = toEpochDay(from)
  const end = toEpochDay(to)
  if (end < start) return []
  const step = PERIOD_MONTHS[cadence]
  // Walk month indexes (year * 12 + month) from the period containing `from` to the one containing `to`.
  const first = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1
  const keys: PeriodKey[] = []
  for (let m = first - (first % step); m <= last; m += step) {
    keys.push(periodKeyOf(cadence, Math.floor(m / 12), m % 12))
  }
  return keys
}
