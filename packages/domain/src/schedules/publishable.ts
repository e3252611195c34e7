import type { PeriodKey } from '../catalog/period'
import type { CatalogItem } from '../catalog/schema'
import { addDays, periodBounds } from './dates'

/**
 * From when a disclosure of a period may be published, by its catalog item's schedule (docs/catalog.md, "When a
 * period may be published"). One rule for the disclosure route and the finance statements drawn from the ledger.
 *
 * - `after_end`: the month's accounts (monthly items: 收入、支出、资产、债权、债务明细) account for a closed month, so
 *   only from the first day after it (as the ledger's finance statement, 422 `month_not_ended`).
 * - `from_start`: quarterly, half-yearly and yearly matters (村民会议决定的事项及其实施情况, 民主评议结果…) are published
 *   as they arise, the cadence being a minimum (组织法 art. 30: at least quarterly), so from the period's first day.
 * - `in_advance`: a plan announced before the period it plans (年度财务计划, 农村集体经济组织财务公开规定: the plan
 *   is disclosed before it is carried out), from the first day of the period before.
 * - `any`: event-driven (immediate) items and items without a schedule: their period is the event's, and a 公示
 *   comes before what it announces (the 初审 notice before payment, 预公告 before expropriation); they have no due
 *   date and are never counted on time.
 */
export type PublishFrom = 'after_end' | 'from_start' | 'in_advance' | 'any'

/** Items whose period's content is a plan, disclosed before the period begins. */
const ANNOUNCED_IN_ADVANCE: ReadonlySet<string> = new Set(['village-finance.annual-plan'])

/** Catalog fields publishFromOf reads. */
export type PublishableItem = Pick<CatalogItem, 'id' | 'schedule'>

/** From when a period of the item may be published (see PublishFrom). */
export function publishFromOf(item: PublishableItem): PublishFrom {
  const cadence = item.schedule?.cadence
  if (!cadence || cadence === 'immediate') return 'any'
  if (ANNOUNCED_IN_ADVANCE.has(item.id)) return 'in_advance'
  return cadence === 'monthly' ? 'after_end' : 'from_start'
}

/** Whether a period has ended on `today` ('YYYY-MM-DD', Asia/Shanghai): its last day is before today. */
export function periodHasEnded(period: PeriodKey, today: string): boolean {
  return periodBounds(period).end < today
}

/**
 * Why a period of the item may not be published yet on `today`, or null when it may: `not_ended` (a month's accounts
 * before the month is over) or `not_started` (before the period begins, or for a plan before the period before it).
 * `from` is the first day it may be published.
 */
export function periodNotYetPublishable(
  item: PublishableItem,
  period: PeriodKey,
  today: string,
): { reason: 'not_ended' | 'not_started'; from: string } | null {
  const rule = publishFromOf(item)
  if (rule === 'any') return null
  const { start, end } = periodBounds(period)
  if (rule === 'after_end') {
    return end < today ? null : { reason: 'not_ended', from: addDays(end, 1) }
  }
  // A plan's period before: the year before (the one item announced in advance is yearly).
  const from = rule === 'in_advance' ? `${Number(start.slice(0, 4)) - 1}${start.slice(4)}` : start
  return from <= today ? null : { reason: 'not_started', from }
}
