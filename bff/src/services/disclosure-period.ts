import type { CatalogItem } from '@cunwu/domain'
import {
  chineseDate,
  ErrorCode,
  periodAfterRetirement,
  periodLabel,
  periodNotYetPublishable,
  retirementNotice,
} from '@cunwu/domain'
import { AppError } from '../errors'
import type { Models } from '../models'
import type { RegionRetirement } from '../models/Region.model'
import { withCurrentMergedIntoNames } from './regions.service'

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

/**
 * Refuses a disclosure of a retired village (撤并) for a period that begins on or after its retirement date
 * (`periodAfterRetirement` in @cunwu/domain): 422 `village_retired`. Earlier periods, and new versions of what it
 * published, stay open to it.
 */
export async function refuseRetiredPeriod(
  models: Pick<Models, 'Region'>,
  retirement: RegionRetirement | null | undefined,
  period: string,
  today: string,
): Promise<void> {
  if (!retirement || !periodAfterRetirement(period, retirement.retiredOn)) return
  // The village merged into is named as it is called now (withCurrentMergedIntoNames).
  const [current] = await withCurrentMergedIntoNames(models, [{ retirement }])
  throw new AppError(
    422,
    ErrorCode.VillageRetired,
    `${retirementNotice(current?.retirement ?? retirement, today)}，${periodLabel(period)}已在撤并之后，不能再以本村名义公开`,
  )
}
