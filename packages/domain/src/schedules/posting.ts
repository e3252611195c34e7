import type { CatalogItem, Schedule } from '../catalog/schema'
import { addDays, toShanghaiDate } from './dates'
import type { Deadline, WorkingCalendar } from './working-days'
import { addWorkingDays } from './working-days'

/** The minimum time a posting must stay on the notice board. */
export interface PostingWindow extends Deadline {
  /** Shanghai date the posting went up. */
  startDate: string
  /** Minimum posting length from the catalog schedule. */
  minDays: number
  /** Unit of minDays. */
  unit: Schedule['postingDaysUnit']
}

/**
 * Earliest end of a board posting: `date` is the last day it must still be up, counting minPostingDays after the
 * day it went up (that day is not counted, 民法典第201条), in calendar or working days as the schedule says;
 * null when the catalog gives no minimum. Taking it down earlier means publishing again (山东省村务公开条例).
 */
export function postingWindow(
  item: Pick<CatalogItem, 'schedule'>,
  publishedAt: string | Date,
  calendar: WorkingCalendar,
): PostingWindow | null {
  const schedule = item.schedule
  if (schedule === null || schedule.minPostingDays === null) return null
  const startDate = toShanghaiDate(publishedAt)
  const minDays = schedule.minPostingDays
  const unit = schedule.postingDaysUnit
  // A minimum duration is not a deadline for an act, so a rest day at the end does not extend it (unlike
  // addCalendarDays): the posting simply has to be up for that many days.
  const end: Deadline =
    unit === 'working_days'
      ? addWorkingDays(startDate, minDays, calendar)
      : { date: addDays(startDate, minDays), provisional: false }
  return { ...end, startDate, minDays, unit }
}
