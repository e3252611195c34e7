import { isPastDue, redactSensitiveNumbers, type QuestionDto, type QuestionPhotoDto } from '@cunwu/domain'
import type { Question } from '../models/Question.model'
import type { QuestionPhoto } from '../models/QuestionPhoto.model'

/** Who looks at a thread (QuestionsService decides). */
export type QuestionAudience = 'staff' | 'asker' | 'public'

/**
 * Presents a thread. Never the asker's identity; a row is referred to by its number only, so no view can carry
 * the row's hidden columns. The public (and the asker, who may share the screen) get text through the one
 * scrubber of personal numbers; staff see what was written. The public reads the wording the secretary gave when
 * publishing, where there is one (the typed text may name a child); the asker and staff read the originals.
 */
export function presentQuestion(
  q: Question,
  audience: QuestionAudience,
  now: Date,
  photos: Pick<QuestionPhoto, '_id' | 'questionId' | 'check'>[] = [],
): QuestionDto {
  const scrub = (text: string) => (audience === 'staff' ? text : redactSensitiveNumbers(text))
  const isPublic = audience === 'public'
  const text = isPublic ? (q.publicText ?? q.text) : q.text
  const replyText = q.reply && isPublic ? (q.publicReplyText ?? q.reply.text) : q.reply?.text
  return {
    id: q._id.toHexString(),
    disclosureId: q.disclosureId.toHexString(),
    disclosureTitle: q.disclosureTitle,
    villageCode: q.villageCode,
    kind: q.kind,
    text: scrub(text),
    rowRef: q.rowRef,
    ...(audience === 'staff' ? { storedRow: q.storedRow ?? q.rowRef } : {}),
    figureName: q.figureName,
    status: q.status,
    dueDate: q.dueDate,
    dueAt: q.dueAt.toISOString(),
    provisional: q.provisional,
    overdue: q.status === 'open' && isPastDue(q.dueAt, now),
    escalated: q.escalatedAt !== null,
    reply: q.reply ? { text: scrub(replyText ?? ''), by: q.reply.by, at: q.reply.at.toISOString() } : null,
    correctionDisclosureId: q.correctionDisclosureId?.toHexString() ?? null,
    public: q.public,
    ...(audience === 'staff'
      ? {
          publicWording:
            q.public && (q.publicText || q.publicReplyText)
              ? { text: q.publicText ?? null, reply: q.publicReplyText ?? null }
              : null,
        }
      : {}),
    disclosureVersion: q.disclosureVersion ?? null,
    createdAt: q.createdAt.toISOString(),
    mine: audience === 'asker',
    photos: photos.map(presentQuestionPhoto),
  }
}

/** A photo of a thread: where to fetch it, and how far WeChat's image check has got. */
export function presentQuestionPhoto(
  p: Pick<QuestionPhoto, '_id' | 'questionId' | 'check'>,
): QuestionPhotoDto {
  return {
    id: p._id.toHexString(),
    url: `/api/v1/questions/${p.questionId.toHexString()}/photos/${p._id.toHexString()}`,
    check: p.check,
  }
}
