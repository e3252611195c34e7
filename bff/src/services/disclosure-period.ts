import type { CatalogItem } from '@cunwu/domain'
import {
  chineseDate,
  ErrorCode,
  mayPublishInPlace,
  periodAfterRetirement,
  periodLabel,
  periodNotYetPublishable,
  retirementNotice,
} from '@cunwu/domain'
import { AppError, notFound } from '../errors'
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

/** Who drafts or submits a disclosure in place of its retired village: `ctx.state.standingInFor` of `authorize()`. */
export interface StandIn {
  /** The region acting: the village that took the retired one over, or the township or county above it. */
  from: string
}

/**
 * The mark of a disclosure of a retired village (撤并) drafted, submitted or corrected in its place (`StandIn`): the
 * code and name of the region acting. Only the periods the retired village still owes may be
 * (`mayPublishInPlace` in @cunwu/domain: scheduled periods that ended before the retirement date), else 422
 * `village_retired` naming what may (docs/catalog.md "A retired village").
 */
export async function successorMark(
  models: Pick<Models, 'Region'>,
  villageCode: string,
  standIn: StandIn,
  item: CatalogItem,
  period: string,
  today: string,
): Promise<{ regionCode: string; name: string }> {
  const [village, successor] = await Promise.all([
    models.Region.findById(villageCode, { name: 1, retirement: 1 }).lean(),
    models.Region.findById(standIn.from, { name: 1 }).lean(),
  ])
  if (!village?.retirement || !successor) throw notFound('村（社区）')
  if (mayPublishInPlace(item.schedule?.cadence, period, village.retirement.retiredOn)) {
    return { regionCode: successor._id, name: successor.name }
  }
  const [current] = await withCurrentMergedIntoNames(models, [{ retirement: village.retirement }])
  throw new AppError(
    422,
    ErrorCode.VillageRetired,
    `${retirementNotice(current?.retirement ?? village.retirement, today, village.name)}，` +
      `只能代为公开撤并之前已经过完的月份、季度和年度应公开的内容，${periodLabel(period)}的${item.name}不能代为公开`,
  )
}
