import type { QuestionKind } from '../api/questions'
import { shanghaiDateOf, shanghaiDayEnd } from './dates'
import { addCalendarDays, addWorkingDays, type Deadline, type WorkingCalendar } from './working-days'

/** Working days to answer a question, and the fewest an objection leaves the secretary (docs/questions.md). */
export const QUESTION_REPLY_WORKING_DAYS = 5
export const OBJECTION_REPLY_WORKING_DAYS = 3
/** Open threads one person may have at once: asking costs a content check and staff time. */
export const MAX_OPEN_QUESTIONS_PER_ASKER = 10

/** When a thread must be answered: its last day (China time), the instant that day ends, and whether it is a guess. */
export interface QuestionDeadline {
  dueDate: string
  /** The last millisecond of dueDate in China (shanghaiDayEnd): the thread is overdue only after it. */
  dueAt: Date
  provisional: boolean
}

/**
 * When a thread must be answered (docs/questions.md, the reply clock):
 * - a question: 5 working days after the day it was asked;
 * - an objection: 3 working days after the day it was raised; one raised while a roster is posted is due no earlier
 *   than the day the posting window closes (a 公示 invites objections during the window, so they are settled by
 *   its end), moved to the next working day when that day is a weekend or holiday. So the later of the two: an
 *   objection sent in the window's last minutes still leaves the secretary 3 working days.
 * Every deadline ends with its whole last day, and that day is always a working day.
 */
export function questionDeadline(
  kind: QuestionKind,
  now: Date,
  postingUntil: Date | null,
  calendar: WorkingCalendar,
): QuestionDeadline {
  const today = shanghaiDateOf(now)
  const days = kind === 'objection' ? OBJECTION_REPLY_WORKING_DAYS : QUESTION_REPLY_WORKING_DAYS
  let due: Deadline = addWorkingDays(today, days, calendar)
  if (kind === 'objection' && postingUntil && postingUntil.getTime() > now.getTime()) {
    // postingUntil is the last instant of the window's last day; 0 calendar days moves a rest day to a working one.
    const windowEnd = addCalendarDays(shanghaiDateOf(postingUntil.getTime() - 1), 0, calendar)
    // Either count resting on a guessed year makes the choice between them a guess too.
    const provisional = due.provisional || windowEnd.provisional
    if (windowEnd.date > due.date) due = windowEnd
    due = { date: due.date, provisional }
  }
  return { dueDate: due.date, dueAt: shanghaiDayEnd(due.date), provisional: due.provisional }
}

/** Whether a thread due at `dueAt` is overdue at `now` (the deadline's last millisecond still counts). */
export function isPastDue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime()
}
