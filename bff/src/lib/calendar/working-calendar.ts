import { createRequire } from 'node:module'
import { z } from 'zod'
import type { WorkingCalendar } from '@cunwu/domain'
import { createHolidayCalendar } from '@cunwu/domain'
import { statutoryHolidayCheck } from './statutory-holidays'

/**
 * The State Council holiday arrangements (holidays and 调休 make-up working days) from the chinese-days data set,
 * as a WorkingCalendar for the pure deadline functions of @cunwu/domain.
 *
 * Why Node-side: chinese-days ships lunar and solar-term code (~24 KB minified) and freezes the holiday data at
 * build time; the mini-program gets computed deadlines from the BFF instead, and a new year's arrangement only
 * needs a BFF dependency bump. The raw date lists are read rather than the package's isWorkday, which reads a Date
 * in the machine's time zone (under TZ=UTC, Shanghai 2025-10-12 01:00 is taken for the make-up Saturday 10-11 and
 * called a working day).
 *
 * For a year the data does not cover yet (the arrangement is published each November or December), the statutory
 * holidays the law fixes are still known (statutory-holidays.ts): the lunar calendar and solar terms of the same
 * package place 春节, 清明, 端午 and 中秋, so a deadline across next year's 春节 is not counted through it.
 */

const DateMapSchema = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string())
const ChineseDaysDataSchema = z.object({ holidays: DateMapSchema, workdays: DateMapSchema })

let calendar: WorkingCalendar | undefined
let years: number[] = []

function load(): WorkingCalendar {
  const require = createRequire(import.meta.url)
  const data = ChineseDaysDataSchema.parse(require('chinese-days/dist/chinese-days.json'))
  const holidays = Object.keys(data.holidays)
  years = [...new Set(holidays.map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b)
  const official = createHolidayCalendar({ holidays, workdays: Object.keys(data.workdays) })
  const statutory = statutoryHolidayCheck(new Set(holidays), years)
  return { isWorkingDay: (date) => official.isWorkingDay(date), isStatutoryHoliday: statutory }
}

/**
 * The working calendar of mainland China from chinese-days (loaded once); years without data answer undefined,
 * so deadlines reaching into them come back `provisional` (counted Monday–Friday less the statutory holidays).
 */
export function getWorkingCalendar(): WorkingCalendar {
  calendar ??= load()
  return calendar
}

/** Years the holiday data covers, ascending (for health output and a yearly "load next year's data" check). */
export function workingCalendarYears(): readonly number[] {
  getWorkingCalendar()
  return years
}
