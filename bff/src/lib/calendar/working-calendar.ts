import { createRequire } from 'node:module'
import { z } from 'zod'
import type { WorkingCalendar } from '@cunwu/domain'
import { createHolidayCalendar } from '@cunwu/domain'

/**
 * The State Council holiday arrangements (holidays and 调休 make-up working days) from the chinese-days data set,
 * as a WorkingCalendar for the pure deadline functions of @cunwu/domain.
 *
 * Why Node-side: chinese-days ships lunar and solar-term code we do not need (~24 KB minified) and freezes the
 * holiday data at build time; the mini-program gets computed deadlines from the BFF instead, and a new year's
 * arrangement only needs a BFF dependency bump. Only the raw date lists are read: the package's own isWorkday
 * reads a Date in the machine's time zone (under TZ=UTC, Shanghai 2025-10-12 01:00 is taken for the make-up
 * Saturday 10-11 and called a working day).
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
  return createHolidayCalendar({ holidays, workdays: Object.keys(data.workdays) })
}

/**
 * The working calendar of mainland China from chinese-days (loaded once); years without data answer undefined,
 * so deadlines reaching into them come back `provisional`.
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
