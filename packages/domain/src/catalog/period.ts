import { z } from 'zod'
import type { Cadence } from './schema'

/**
 * Period keys of periodic disclosures: `2026-07` (monthly), `2026-Q3` (quarterly), `2026-H2` (half-yearly),
 * `2026` (yearly). Immediate items have no period; they are keyed by their event date instead.
 */
export const PeriodKeySchema = z
  .string()
  // Years 1900-2999: earlier ones are no disclosure period, and dates before year 1000 (0730-12-31) or 100 (which
  // Date.UTC reads as 19xx) break the calendar arithmetic the schedules and compliance run on.
  .regex(
    /^(19|2\d)\d{2}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/,
    '时间不对，应写作 2026、2026-03、2026-Q1 或 2026-H1',
  )
  .describe('Disclosure period: YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY')
export type PeriodKey = z.infer<typeof PeriodKeySchema>

/** A period as read in a sentence: "2026年7月", "2026年第3季度", "2026年上半年", "2026年"; other text as it is. */
export function periodLabel(key: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(key)
  if (m) return `${m[1]}年${Number(m[2])}月`
  m = /^(\d{4})-Q([1-4])$/.exec(key)
  if (m) return `${m[1]}年第${m[2]}季度`
  m = /^(\d{4})-H([12])$/.exec(key)
  if (m) return `${m[1]}年${m[2] === '1' ? '上半年' : '下半年'}`
  if (/^\d{4}$/.test(key)) return `${key}年`
  return key
}

/** Returns the period key containing a date (YYYY-MM-DD, Asia/Shanghai) for a cadence, or null for immediate items. */
export function periodKeyFor(cadence: Cadence, date: string): PeriodKey | null {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(date)
  if (!match) throw new RangeError(`expected YYYY-MM-DD, got ${date}`)
  const year = match[1] ?? ''
  const month = Number(match[2])
  switch (cadence) {
    case 'monthly':
      return `${year}-${match[2] ?? ''}`
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`
    case 'half_yearly':
      return `${year}-H${month <= 6 ? 1 : 2}`
    case 'yearly':
      return year
    case 'immediate':
      return null
  }
}

/** Whether a period key has the shape the cadence uses (e.g. 2026-Q3 for quarterly). */
export function isPeriodKeyFor(cadence: Cadence, key: string): boolean {
  if (!PeriodKeySchema.safeParse(key).success) return false
  switch (cadence) {
    case 'monthly':
      return /^\d{4}-\d{2}$/.test(key)
    case 'quarterly':
      return /^\d{4}-Q[1-4]$/.test(key)
    case 'half_yearly':
      return /^\d{4}-H[12]$/.test(key)
    case 'yearly':
      return /^\d{4}$/.test(key)
    case 'immediate':
      return false
  }
}

/**
 * The period keys that contain a period, the period itself first and the broadest last: `2026-03` → 2026-03,
 * 2026-Q1, 2026-H1, 2026; `2026-Q3` → 2026-Q3, 2026-H2, 2026; `2026-H1` → 2026-H1, 2026; `2026` → 2026. A figure
 * stated for any of them (a yearly 低保标准) applies to the period; the most specific one states it best.
 */
export function periodsContaining(period: string): string[] {
  const year = period.slice(0, 4)
  const month = /^\d{4}-(\d{2})$/.exec(period)
  if (month) {
    const m = Number(month[1])
    return [period, `${year}-Q${Math.ceil(m / 3)}`, `${year}-H${m <= 6 ? 1 : 2}`, year]
  }
  const quarter = /^\d{4}-Q([1-4])$/.exec(period)
  if (quarter) return [period, `${year}-H${Number(quarter[1]) <= 2 ? 1 : 2}`, year]
  if (/^\d{4}-H[12]$/.test(period)) return [period, year]
  return [period]
}
