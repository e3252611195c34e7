import { addDays } from './dates'
import type { WorkingCalendar } from './working-days'
import { createHolidayCalendar } from './working-days'

/**
 * Test fixture: the 2025 and 2026 holiday arrangements as published by the State Council General Office
 * (国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026), typed in by hand so the domain tests do not
 * depend on the chinese-days package (the BFF test checks that package against the same cases).
 */

function span(first: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(first, i))
}

/** Public holidays of 2025 and 2026. */
export const OFFICIAL_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01', // 元旦
  ...span('2025-01-28', 8), // 春节 1-28..2-4
  ...span('2025-04-04', 3), // 清明
  ...span('2025-05-01', 5), // 劳动节
  ...span('2025-05-31', 3), // 端午 5-31..6-2
  ...span('2025-10-01', 8), // 国庆、中秋 10-1..10-8
  // 2026
  ...span('2026-01-01', 3), // 元旦
  ...span('2026-02-15', 9), // 春节 2-15..2-23
  ...span('2026-04-04', 3), // 清明
  ...span('2026-05-01', 5), // 劳动节
  ...span('2026-06-19', 3), // 端午
  ...span('2026-09-25', 3), // 中秋
  ...span('2026-10-01', 7), // 国庆 10-1..10-7
]

/** Make-up working days (调休补班) of 2025 and 2026. */
export const OFFICIAL_WORKDAYS: readonly string[] = [
  '2025-01-26', // Sunday before 春节
  '2025-02-08', // Saturday after 春节
  '2025-04-27', // Sunday before 劳动节
  '2025-09-28', // Sunday before 国庆
  '2025-10-11', // Saturday after 国庆
  '2026-01-04', // Sunday after 元旦
  '2026-02-14', // Saturday before 春节
  '2026-02-28', // Saturday after 春节
  '2026-05-09', // Saturday after 劳动节
  '2026-09-20', // Sunday before 国庆
  '2026-10-10', // Saturday after 国庆
]

/** A calendar with exactly the 2025 and 2026 data; other years answer undefined. */
export function buildOfficialCalendar(): WorkingCalendar {
  return createHolidayCalendar({ holidays: OFFICIAL_HOLIDAYS, workdays: OFFICIAL_WORKDAYS })
}
