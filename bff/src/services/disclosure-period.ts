import type { CatalogItem } from '@cunwu/domain'
import { chineseDate, ErrorCode, periodLabel, periodNotYetPublishable } from '@cunwu/domain'
import { AppError } from '../errors'

/**
 * Refuses a period that may not be published yet on `today` (periodNotYetPublishable in @cunwu/domain, docs/catalog.md
 * "When a period may be published"): a month's accounts before the month is over (422 `month_not_ended`, as the
 * ledger's finance statement), any other period before it begins (422 `period_not_started`).
 */
export function refuseUnopenedPeriod(item: CatalogItem, period: string, today: string): void {
  const early = periodNotYetPublishable(item, period, today)
  if (!early) return
  const when = `${chineseDate(early.from)}起才能公开`
  if (early.reason === 'not_ended')
    throw new AppError(
      422,
      ErrorCode.MonthNotEnded,
      `${periodLabel(period)}还没有过完，${when}这个月的${item.name}`,
    )
  throw new AppError(
    422,
    ErrorCode.PeriodNotStarted,
    `${periodLabel(period)}还没有开始，${when}这一期的${item.name}`,
  )
}
