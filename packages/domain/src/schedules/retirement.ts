import type { PeriodKey } from '../catalog/period'
import { periodBounds } from './dates'

/**
 * What a retired (撤并) village still owes. `retiredOn` is the first day the village no longer exists as a
 * village of its own (the day the merger or abolition takes effect), 'YYYY-MM-DD' in Asia/Shanghai.
 *
 * - `owed`: the period fell due before the retirement date. It stays owed for good: what the village failed to
 *   publish before the merger stays overdue on the township's and county's boards.
 * - `not_owed`: the period began before the retirement date but falls due on or after it. The village may still
 *   publish it (its last months' accounts, say), but nobody counts it as owed or overdue.
 * - `not_expected`: the period begins on or after the retirement date. The village did not exist for any day of it:
 *   it is not listed at all, and a disclosure for it is refused.
 *
 * A village that is not retired (`retiredOn` null) owes every period.
 */
export type RetirementStanding = 'owed' | 'not_owed' | 'not_expected'

/** Where one period of a retired village stands (see RetirementStanding). */
export function retirementStanding(
  period: { periodStart: string; dueDate: string },
  retiredOn: string | null | undefined,
): RetirementStanding {
  if (retiredOn === null || retiredOn === undefined) return 'owed'
  if (period.periodStart >= retiredOn) return 'not_expected'
  if (period.dueDate >= retiredOn) return 'not_owed'
  return 'owed'
}

/** The periods a village owes given its retirement date (all of them when it is not retired). */
export function owedGivenRetirement<T extends { periodStart: string; dueDate: string }>(
  expected: readonly T[],
  retiredOn: string | null | undefined,
): T[] {
  if (retiredOn === null || retiredOn === undefined) return [...expected]
  return expected.filter((e) => retirementStanding(e, retiredOn) === 'owed')
}

/**
 * Whether a period begins on or after a village's retirement date, so that no disclosure of that village may be
 * made for it (`not_expected` above, for any period key, event-driven items' months included).
 */
export function periodAfterRetirement(periodKey: PeriodKey, retiredOn: string | null | undefined): boolean {
  if (retiredOn === null || retiredOn === undefined) return false
  return periodBounds(periodKey).start >= retiredOn
}
