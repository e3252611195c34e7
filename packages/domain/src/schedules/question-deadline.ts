import type { QuestionKind } from '../api/questions'
import { shanghaiDateOf, shanghaiDayStart } from './dates'
import { addWorkingDays, type WorkingCalendar } from './working-days'

/** Working days to answer a question, and an objection made outside a posting window (docs/questions.md). */
export const QUESTION_REPLY_WORKING_DAYS = 5
export const OBJECTION_REPLY_WORKING_DAYS = 3
/** Open threads one person may have at once: asking costs a content check and staff time. */
export const MAX_OPEN_QUESTIONS_PER_ASKER = 10

const DAY_MS = 86_400_000

/** The instant a Shanghai calendar day ends (the deadline is the whole of its last day). */
function endOfShanghaiDay(date: string): Date {
  return new Date(shanghaiDayStart(date) + DAY_MS)
}

/**
 * When a thread must be answered: 5 working days for a question; an objection made while a roster is posted must
 * be answered before the posting window closes, otherwise within 3 working days.
 */
export function questionDeadline(
  kind: QuestionKind,
  now: Date,
  postingUntil: Date | null,
  calendar: WorkingCalendar,
): { dueDate: string; dueAt: Date; provisional: boolean } {
  if (kind === 'objection' && postingUntil && postingUntil.getTime() > now.getTime()) {
    return { dueDate: shanghaiDateOf(postingUntil.getTime() - 1), dueAt: postingUntil, provisional: false }
  }
  const days = kind === 'objection' ? OBJECTION_REPLY_WORKING_DAYS : QUESTION_REPLY_WORKING_DAYS
  const due = addWorkingDays(shanghaiDateOf(now), days, calendar)
  return { dueDate: due.date, dueAt: endOfShanghaiDay(due.date), provisional: due.provisional }
}
