import { createRequire } from 'node:module'
import type * as ChineseDays from 'chinese-days'

/**
 * The public holidays 《全国年节及纪念日放假办法》第二条 fixes by law, as revised by 国务院令第795号 (2024-11-10,
 * in force 2025-01-01; docs/posting-window.md, "Working days"): 元旦 1 January; 春节 农历除夕 and 正月初一 to 初三;
 * 清明 the day of the 清明 solar term; 劳动节 1–2 May; 端午 农历五月初五; 中秋 农历八月十五; 国庆 1–3 October.
 * The yearly arrangement adds bridge days and 调休 around these, which cannot be known before it is published.
 *
 * chinese-days computes lunar dates and solar terms with Date objects in the machine's time zone, and west of UTC
 * its answers fall a day early or late (under TZ=America/Los_Angeles it places 春节 2027 on 02-07 and 清明 on 04-03).
 * (Not Intl's chinese calendar, which is time-zone safe: ICU puts 正月初一 2027 on 02-07, where the published calendar
 * and the package's table have 02-06; that new moon falls minutes before midnight in Beijing.)
 * So the lunar part is used only when it agrees with the official data of every year the data covers since the law
 * took effect; otherwise only the fixed-date holidays are counted (a deadline then runs a few days short, and stays
 * marked provisional either way).
 */

// A CommonJS bundle whose named exports Node's ESM loader cannot see (as for the data in working-calendar.ts).
const { getLunarDate, getSolarDateFromLunar, getSolarTerms } = createRequire(import.meta.url)(
  'chinese-days',
) as typeof ChineseDays

/** The year the 2024 revision (four days of 春节) took effect; earlier years are covered by the official data. */
const FIRST_YEAR = 2025

const pad = (n: number) => String(n).padStart(2, '0')

function shiftDay(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

function fixedHolidays(year: number): string[] {
  return ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'].map((day) => `${year}-${day}`)
}

function lunarHolidays(year: number): string[] {
  const solarOf = (month: number, day: number) =>
    getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date
  const newYear = solarOf(1, 1)
  const qingming = getSolarTerms(`${year}-03-25`, `${year}-04-15`).find((term) => term.name === '清明')?.date
  // 除夕 is the last day of the twelfth lunar month (廿九 or 三十): the day before 正月初一.
  const days = [shiftDay(newYear, -1), newYear, shiftDay(newYear, 1), shiftDay(newYear, 2)]
  days.push(solarOf(5, 5), solarOf(8, 15))
  if (qingming) days.push(qingming)
  // A lunar year whose 正月初一 is not where the package's own lunar dates put it is a time-zone slip (above).
  const check = getLunarDate(newYear)
  if (check.lunarMon !== 1 || check.lunarDay !== 1) return []
  return days.filter((day) => day.startsWith(`${year}-`))
}

/**
 * `isStatutoryHoliday` for the working calendar: the statutory holidays of a year (from 2025 on), memoised per year.
 * The lunar holidays are included only when those computed for the years the official data covers (`dataYears`)
 * are all official holidays (`officialHolidays`).
 */
export function statutoryHolidayCheck(
  officialHolidays: ReadonlySet<string>,
  dataYears: readonly number[],
): (date: string) => boolean {
  const checkedYears = dataYears.filter((year) => year >= FIRST_YEAR)
  const lunarAgrees =
    checkedYears.length > 0 &&
    checkedYears.every((year) => {
      const days = lunarHolidays(year)
      return days.length === 7 && days.every((day) => officialHolidays.has(day))
    })
  const byYear = new Map<number, ReadonlySet<string>>()
  return (date: string) => {
    const year = Number(date.slice(0, 4))
    if (!Number.isInteger(year) || year < FIRST_YEAR) return false
    let days = byYear.get(year)
    if (!days) {
      days = new Set([...fixedHolidays(year), ...(lunarAgrees ? lunarHolidays(year) : [])])
      byYear.set(year, days)
    }
    return days.has(date)
  }
}
