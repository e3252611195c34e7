// A record someone else acted on after this page read it (tester p1, D9): docs/miniapp.md, "After a colleague acted".
import { ErrorCode } from '@cunwu/domain'
import { ApiError } from '@/services/request'

/**
 * The 409 codes by which the BFF says that the record has moved on since the page read it: a copy older than the
 * stored one, a step its status no longer allows, a step already taken or out of turn, a thread already answered.
 */
const MOVED_ON: ReadonlySet<string> = new Set([
  ErrorCode.DisclosureStale,
  ErrorCode.InvalidTransition,
  ErrorCode.AlreadyDecided,
  ErrorCode.DecisionStepOutOfOrder,
  ErrorCode.DecisionClosed,
  ErrorCode.QuestionClosed,
])

/** Whether `err` says that someone acted on the record after this page read it (then the page reads it again). */
export function actedMeanwhile(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && MOVED_ON.has(err.code)
}

/** The one line a page shows over the record it read again after such a refusal. */
export const ACTED_MEANWHILE =
  '刚刚已有人办理过这一条，没有按您看到的旧内容办理。下面已换成现在的状态，请看过后再办理。'
