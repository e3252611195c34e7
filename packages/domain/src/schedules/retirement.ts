import type { Cadence } from '../catalog/schema'
import type { PeriodKey } from '../catalog/period'
import { periodBounds } from './dates'

/**
 * What a retired (撤并) village still owes. `retiredOn` is the first day the village no longer exists as a
 * village of its own (the day the merger or abolition takes effect), 'YYYY-MM-DD' in Asia/Shanghai.
 *
 * - `owed`: the period fell due before the retirement date, or the village existed for every day of it (it ended
 *   before the retirement date: its last whole month's or quarter's accounts, due after the merger). It stays owed
 *   for good: what the village failed to publish stays overdue on the township's and county's boards. From the
 *   retirement date the village it merged into publishes these in its place (`mayPublishInPlace`).
 * - `not_owed`: the period began before the retirement date and ends on or after it, and falls due on or after it
 *   (the month or quarter the merger falls in). The village may still publish it until the retirement date, but
 *   nobody counts it as owed or overdue, and nobody publishes it in the village's place.
 * - `not_expected`: the period begins on or after the retirement date. The village did not exist for any day of it:
 *   it is not listed at all, and a disclosure for it is refused.
 *
 * A village that is not retired (`retiredOn` null) owes every period.
 */
export type RetirementStanding = 'owed' | 'not_owed' | 'not_expected'

/** Where one period of a retired village stands (see RetirementStanding). */
export function retirementStanding(
  period: { periodStart: string; periodEnd: string; dueDate: string },
  retiredOn: string | null | undefined,
): RetirementStanding {
  if (retiredOn === null || retiredOn === undefined) return 'owed'
  if (period.periodStart >= retiredOn) return 'not_expected'
  if (period.dueDate < retiredOn || period.periodEnd < retiredOn) return 'owed'
  return 'not_owed'
}

/**
 * Whether this period of an item may be published in a retired village's place, from the retirement date on, by the
 * secretary of the village it merged into or the township or county above it: exactly the periods the retired village still owes (`owed` above), those that
 * ended before the retirement date (a due date always comes after its period's end). Its own grants allow only
 * reading from that day, so without this nobody could publish them. Event-driven items (`immediate`) and items
 * without a schedule are never owed, and are not published in its place.
 */
export function mayPublishInPlace(
  cadence: Cadence | null | undefined,
  periodKey: PeriodKey,
  retiredOn: string,
): boolean {
  if (!cadence || cadence === 'immediate') return false
  return periodBounds(periodKey).end < retiredOn
}

/** The periods a village owes given its retirement date (all of them when it is not retired). */
export function owedGivenRetirement<T extends { periodStart: string; periodEnd: string; dueDate: string }>(
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
