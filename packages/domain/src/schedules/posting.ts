import type { CatalogItem, Schedule } from '../catalog/schema'
import { addDays, shanghaiDayEnd, toShanghaiDate } from './dates'
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
 * Days a posting stays up when the catalog gives no minimum, and the floor under a shorter calendar-day minimum:
 * 山东省村务公开条例 asks for at least 5 days, applied everywhere (docs/posting-window.md).
 */
export const DEFAULT_MIN_POSTING_DAYS = 5

/**
 * Earliest end of a board posting: `date` is the last day it must still be up, counting minPostingDays after the
 * day it went up (that day is not counted, 民法典第201条), in calendar or working days (the State Council holiday
 * arrangement, from the calendar) as the schedule says; at least DEFAULT_MIN_POSTING_DAYS calendar days when the
 * catalog gives a shorter minimum or none. Taking it down earlier means publishing again (山东省村务公开条例).
 */
export function postingWindow(
  item: Pick<CatalogItem, 'schedule'>,
  publishedAt: string | Date,
  calendar: WorkingCalendar,
): PostingWindow {
  const schedule = item.schedule
  const startDate = toShanghaiDate(publishedAt)
  const unit = schedule?.minPostingDays ? schedule.postingDaysUnit : 'calendar_days'
  const given = schedule?.minPostingDays ?? DEFAULT_MIN_POSTING_DAYS
  const minDays = unit === 'calendar_days' ? Math.max(given, DEFAULT_MIN_POSTING_DAYS) : given
  // A minimum duration is not a deadline for an act, so a rest day at the end does not extend it (unlike
  // addCalendarDays): the posting simply has to be up for that many days.
  const end: Deadline =
    unit === 'working_days'
      ? addWorkingDays(startDate, minDays, calendar)
      : { date: addDays(startDate, minDays), provisional: false }
  return { ...end, startDate, minDays, unit }
}

/**
 * The instant a posting window ends: the last millisecond of its last day in Shanghai, so that the date shown
 * ("公示到 12月18日") is the last day it must still be up.
 */
export function postingWindowEnd(window: Pick<PostingWindow, 'date'>): Date {
  return shanghaiDayEnd(window.date)
}
