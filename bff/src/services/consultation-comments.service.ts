/** The opaque ids of a consultation's comments, which tie no comment to its writer (docs/consultations.md). */
import { createHmac } from 'node:crypto'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type { ConsultationComment } from '../models/consultation-views'

/** The key comment ids are hashed with, derived from the server's signing secret (shared by every instance). */
export function consultationCommentKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('cunwu consultation comment ids').digest()
}

/**
 * The comments that may go into the summary (the content check passed), each under an opaque id: an HMAC of the
 * answer's id and the comment's text under `key`, so the id tells neither whose answer it was nor when it was
 * written, a changed comment gets a new id, and it stays the same between listing and publishing (both after the
 * deadline, when answers no longer change).
 */
export function publishableCommentsOf(
  key: Buffer,
  answers: Pick<ConsultationAnswer, '_id' | 'comment' | 'textCheck'>[],
): ConsultationComment[] {
  return answers
    .filter((a) => a.comment.length > 0 && a.textCheck === 'pass')
    .map((a) => ({
      id: createHmac('sha256', key).update(`${a._id.toHexString()}\n${a.comment}`).digest('hex').slice(0, 32),
      text: a.comment,
    }))
}
