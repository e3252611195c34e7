import { z } from 'zod'
import { ObjectIdSchema } from './disclosures'

/**
 * Questions and objections (回应关切) on a published disclosure: a villager of the village asks, the secretary (or
 * the township) answers on a clock of working days. Facts and rules: docs/questions.md.
 */

/** Longest question text (characters). */
export const QUESTION_TEXT_MAX = 500

/** `question` asks; `objection` (异议) says something in the disclosure is wrong. */
export const QuestionKindSchema = z.enum(['question', 'objection'])
export type QuestionKind = z.infer<typeof QuestionKindSchema>

/** open → answered | upheld (through a corrected version) | not_upheld (with a reason). */
export const QuestionStatusSchema = z.enum(['open', 'answered', 'upheld', 'not_upheld'])
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>

/** Body of `POST /api/v1/disclosures/:id/questions`. */
export const QuestionCreateSchema = z
  .object({
    kind: QuestionKindSchema,
    text: z
      .string()
      .trim()
      .min(1)
      .max(QUESTION_TEXT_MAX)
      .describe('The question, plain text, ≤ 500 characters'),
    rowRef: z.number().int().min(1).max(100_000).optional().describe('1-based row of the public table'),
    figureName: z.string().trim().min(1).max(40).optional().describe('A named figure of the disclosure'),
  })
  .strict()
export type QuestionCreateReq = z.infer<typeof QuestionCreateSchema>

/** Body of `POST /api/v1/questions/:id/reply`: an answer, or a decision on an objection. */
export const QuestionReplySchema = z
  .object({
    outcome: z.enum(['answered', 'not_upheld']),
    text: z
      .string()
      .trim()
      .min(1)
      .max(QUESTION_TEXT_MAX)
      .describe('The answer, or the reason it is not upheld'),
  })
  .strict()
export type QuestionReplyReq = z.infer<typeof QuestionReplySchema>

/** Longest change note of a corrected version, and reason for withdrawing a public Q&A (characters). */
export const QUESTION_CHANGE_NOTE_MAX = 200
export const QUESTION_UNPUBLISH_REASON_MAX = 200

/** Body of `POST /api/v1/questions/:id/correction`: upholds the objection by starting a corrected version. */
export const QuestionCorrectionSchema = z
  .object({
    changeNote: z
      .string()
      .trim()
      .min(1)
      .max(QUESTION_CHANGE_NOTE_MAX)
      .describe('What the corrected version changes'),
  })
  .strict()
export type QuestionCorrectionReq = z.infer<typeof QuestionCorrectionSchema>

/** Longest public wording a secretary writes in place of a question or an answer (characters). */
export const QUESTION_PUBLIC_TEXT_MAX = 500

const publicWording = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(QUESTION_PUBLIC_TEXT_MAX)
    .optional()
    .describe(`What the public reads in place of the ${what}; the asker and staff keep the original`)

/**
 * Body of `POST /api/v1/questions/:id/publish`: shows the question and its answer publicly. The texts the public
 * reads must carry no details of a minor (findMinorDetails) and no personal numbers: when the typed texts do, the
 * secretary gives the public wording (`publicText`, `publicReply`), which must pass the same checks.
 */
export const QuestionPublishSchema = z
  .object({
    askerConsented: z.literal(true).describe('The asker agreed to the public Q&A'),
    publicText: publicWording('question'),
    publicReply: publicWording('answer'),
  })
  .strict()
export type QuestionPublishReq = z.infer<typeof QuestionPublishSchema>

/** Body of `POST /api/v1/questions/:id/unpublish`: withdraws a public Q&A, with the reason kept in the audit log. */
export const QuestionUnpublishSchema = z
  .object({
    reason: z.string().trim().min(1).max(QUESTION_UNPUBLISH_REASON_MAX).describe('Why the Q&A is withdrawn'),
  })
  .strict()
export type QuestionUnpublishReq = z.infer<typeof QuestionUnpublishSchema>

export const QuestionParamsSchema = z.object({ id: ObjectIdSchema })

/** Photos one thread may carry, and the largest file taken (the image check accepts up to 10 MB). */
export const QUESTION_PHOTOS_MAX = 3
export const QUESTION_PHOTO_MAX_BYTES = 5 * 1024 * 1024

/** The photo types taken (by their bytes, not their name); stored as the type found. */
export const QuestionPhotoTypeSchema = z.enum(['image/jpeg', 'image/png'])
export type QuestionPhotoType = z.infer<typeof QuestionPhotoTypeSchema>

/**
 * What WeChat's text content check let through and is stored with the text: `pass`, or `review` (a person should
 * look; such text is never published). `risky` text is refused and not stored.
 */
export const ContentCheckSchema = z.enum(['pass', 'review'])
export type ContentCheck = z.infer<typeof ContentCheckSchema>

/** The WeChat image check of a photo: `checking` until its verdict arrives; `risky` photos are deleted. */
export const QuestionPhotoCheckSchema = z.enum(['checking', 'pass', 'review', 'risky'])
export type QuestionPhotoCheck = z.infer<typeof QuestionPhotoCheckSchema>

/** A photo of a thread: the public sees only photos that passed the check, of public threads. */
export const QuestionPhotoDtoSchema = z.object({
  id: z.string(),
  /** `GET` it (with the Bearer token, except for a public thread's checked photos). */
  url: z.string(),
  check: QuestionPhotoCheckSchema,
})
export type QuestionPhotoDto = z.infer<typeof QuestionPhotoDtoSchema>

/** One thread as the asker, the village's secretaries and the township see it (never the asker's identity publicly). */
export const QuestionDtoSchema = z.object({
  id: z.string(),
  disclosureId: z.string(),
  disclosureTitle: z.string(),
  villageCode: z.string(),
  kind: QuestionKindSchema,
  text: z.string(),
  rowRef: z.number().nullable(),
  /** Staff only: the row of the stored table rowRef stands for (the public table leaves out rows about minors). */
  storedRow: z.number().nullable().optional(),
  figureName: z.string().nullable(),
  status: QuestionStatusSchema,
  /** Last day to answer (YYYY-MM-DD, China time) and the instant it ends. */
  dueDate: z.string(),
  dueAt: z.string(),
  /** True when the deadline counts days of a year without holiday data (Monday–Friday assumed). */
  provisional: z.boolean(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  reply: z.object({ text: z.string(), by: z.enum(['secretary', 'township']), at: z.string() }).nullable(),
  correctionDisclosureId: z.string().nullable(),
  public: z.boolean(),
  /**
   * Staff only, on a public thread: the wording the public reads in place of the question and the answer, when the
   * secretary gave one (null: the public reads the originals, scrubbed).
   */
  publicWording: z
    .object({ text: z.string().nullable(), reply: z.string().nullable() })
    .nullable()
    .optional(),
  /** The version of the disclosure the thread was asked on (threads are listed on every version of the series). */
  disclosureVersion: z.number().int().nullable(),
  createdAt: z.string(),
  /** Only for the asker: that this thread is their own. */
  mine: z.boolean(),
  /** The photos this viewer may see (metadata removed; the public only those that passed the image check). */
  photos: z.array(QuestionPhotoDtoSchema).default([]),
})
export type QuestionDto = z.infer<typeof QuestionDtoSchema>

export const QuestionListDtoSchema = z.object({ questions: z.array(QuestionDtoSchema) })
export type QuestionListDto = z.infer<typeof QuestionListDtoSchema>

/** Body of `POST /api/v1/dev/clock` (development only): move the server's notion of now. */
export const DevClockSchema = z
  .object({
    advanceDays: z.number().min(-3650).max(3650).optional(),
    setTo: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine(
    (b) => (b.advanceDays === undefined) !== (b.setTo === undefined),
    '请填写 advanceDays 或 setTo 其中一个',
  )
export type DevClockReq = z.infer<typeof DevClockSchema>

/** Plain Chinese for the kinds and statuses of a thread, as villagers and staff read them. */
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = { question: '提问', objection: '异议' }
export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = {
  open: '等待答复',
  answered: '已答复',
  upheld: '异议已采纳，已更正',
  not_upheld: '异议未采纳',
}

/**
 * Where a villager goes on with an objection the village did not take up (docs/questions.md): the thread of an
 * objection marked 异议未采纳 says it, and the read-aloud script ends with it (如有异议，…).
 */
export const OBJECTION_NEXT_STEP = '请在公示期内向村务监督委员会或乡镇人民政府反映'

/** Answer of `GET /api/v1/regions/:code/questions`: open threads (overdue first) and answer times per village. */
export const RegionQuestionsDtoSchema = z.object({
  open: z.array(QuestionDtoSchema),
  medians: z.array(z.object({ villageCode: z.string(), answered: z.number(), medianHours: z.number() })),
})
export type RegionQuestionsDto = z.infer<typeof RegionQuestionsDtoSchema>
