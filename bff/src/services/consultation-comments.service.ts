/**
 * The opaque ids of a consultation's comments and open questions' answers, which tie no text to its writer
 * (docs/consultations.md).
 */
import { createHmac } from 'node:crypto'
import type { ConsultationQuestion } from '@cunwu/domain'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type { ConsultationComment, ConsultationOpenAnswers } from '../models/consultation-views'

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

/**
 * Each open (text) question's answers that staff may read and the summary may print (the content check passed, as
 * for comments), each under an opaque id: an HMAC under `key` of the question's index, the answer's id and the text.
 * The input starts with `q<index>:`, never a hex digit as a comment's does, so no answer shares a comment's id.
 */
export function publishableOpenAnswersOf(
  key: Buffer,
  questions: readonly Pick<ConsultationQuestion, 'kind'>[],
  answers: Pick<ConsultationAnswer, '_id' | 'responses' | 'textCheck'>[],
): ConsultationOpenAnswers[] {
  const passed = answers.filter((a) => a.textCheck === 'pass')
  return questions.flatMap((q, question) => {
    if (q.kind !== 'text') return []
    const texts = passed.flatMap((a) => {
      const r = a.responses[question]
      return r && 'text' in r && r.text.length > 0 ? [{ answerId: a._id.toHexString(), text: r.text }] : []
    })
    return [
      {
        question,
        answers: texts.map(({ answerId, text }) => ({
          id: createHmac('sha256', key)
            .update(`q${question}:${answerId}\n${text}`)
            .digest('hex')
            .slice(0, 32),
          text,
        })),
      },
    ]
  })
}
