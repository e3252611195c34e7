import { periodLabel, shanghaiDateOf, type Cadence } from '@cunwu/domain'

// One home of the period's words ("2026年第3季度"), shared with the BFF's messages.
export { periodLabel }

/** A period a disclosure can be for: its key as the API wants it and the words shown. */
export interface PeriodOption {
  key: string
  label: string
}

/** Two digits: 7 → 07. */
export const pad2 = (n: number) => String(n).padStart(2, '0')

function months(year: number, month: number, count: number): string[] {
  const keys: string[] = []
  for (let i = 0; i < count; i += 1) {
    const index = year * 12 + (month - 1) - i
    keys.push(`${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`)
  }
  return keys
}

function quarters(year: number, month: number, count: number): string[] {
  const keys: string[] = []
  for (let i = 0; i < count; i += 1) {
    const index = year * 4 + Math.floor((month - 1) / 3) - i
    keys.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`)
  }
  return keys
}

function halves(year: number, month: number, count: number): string[] {
  const keys: string[] = []
  for (let i = 0; i < count; i += 1) {
    const index = year * 2 + (month <= 6 ? 0 : 1) - i
    keys.push(`${Math.floor(index / 2)}-H${(index % 2) + 1}`)
  }
  return keys
}

/**
 * The periods a secretary may pick for an item, newest first, starting from the period containing `today`
 * (YYYY-MM-DD): months, quarters, halves or years by cadence. Immediate items (and items without a schedule)
 * are keyed by the month the matter happened in, so they offer months.
 */
export function periodOptions(cadence: Cadence | null | undefined, today: string): PeriodOption[] {
  const match = /^(\d{4})-(\d{2})/.exec(today)
  const year = Number(match?.[1] ?? '2026')
  const month = Number(match?.[2] ?? '1')
  let keys: string[]
  switch (cadence) {
    case 'quarterly':
      keys = quarters(year, month, 6)
      break
    case 'half_yearly':
      keys = halves(year, month, 4)
      break
    case 'yearly':
      keys = [year, year - 1, year - 2].map(String)
      break
    default:
      keys = months(year, month, 13)
  }
  return keys.map((key) => ({ key, label: periodLabel(key) }))
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD: the phone's clock, read by the domain's one date rule. */
export function todayInChina(now: Date | number = Date.now()): string {
  return shanghaiDateOf(now)
}
