import { z } from 'zod'
import { DISCLOSURE_TITLE_MAX, ObjectIdSchema } from '../api/disclosures'

/**
 * Consultations and polls (征求意见 / 民意调查): the secretary or the township asks a village's verified members about a
 * draft; each eligible person (or household) answers once, changeable until the deadline; the tally is public after
 * the deadline and never shows anyone's choices. Rules and sources: docs/consultations.md.
 */

/** Longest comment or open-text answer (characters). */
export const CONSULTATION_TEXT_MAX = 300
/** Longest question of a consultation, and what was decided (its summary), in characters. */
export const CONSULTATION_QUESTION_TEXT_MAX = 200
export const CONSULTATION_DECIDED_MAX = 2000
/** Longest draft villagers are consulted on (characters). */
export const CONSULTATION_DRAFT_MAX = 20_000
/** Most questions in one consultation, and options in one question. */
export const CONSULTATION_MAX_QUESTIONS = 20
export const CONSULTATION_MAX_OPTIONS = 10
/** Longest time a consultation may stay open (days). */
export const CONSULTATION_MAX_DAYS = 90

/** The words before the consultation's title in its summary disclosure's title (docs/consultations.md). */
export const CONSULTATION_SUMMARY_TITLE_PREFIX = '征求意见结果：'
/** The longest consultation title: the summary's disclosure title (at most DISCLOSURE_TITLE_MAX) holds it whole. */
export const CONSULTATION_TITLE_MAX = DISCLOSURE_TITLE_MAX - CONSULTATION_SUMMARY_TITLE_PREFIX.length

/** Who answers: each verified member for themselves, or one answer per household (by its representative, 户代表). */
export const ConsultationUnitSchema = z.enum(['person', 'household'])
export type ConsultationUnit = z.infer<typeof ConsultationUnitSchema>

/** `secret`: staff see who took part, never what each chose; `open` (公开表决): staff also see each choice. */
export const ConsultationBallotSchema = z.enum(['secret', 'open'])
export type ConsultationBallot = z.infer<typeof ConsultationBallotSchema>

/** `open` until the deadline, then `closed`; `summarised` once the summary went to review as a disclosure. */
export const ConsultationStatusSchema = z.enum(['open', 'closed', 'summarised'])
export type ConsultationStatus = z.infer<typeof ConsultationStatusSchema>

/** Who opened a consultation: the village's secretary or the township. */
export const ConsultationOpenerSchema = z.enum(['secretary', 'township'])
export type ConsultationOpener = z.infer<typeof ConsultationOpenerSchema>

/** What one answers for: `self`, a household as its representative (户主), or someone through proxy rights. */
export const ConsultationAnswerViaSchema = z.enum(['self', 'household', 'proxy'])
export type ConsultationAnswerVia = z.infer<typeof ConsultationAnswerViaSchema>

/** A question: one choice, several choices, or open text. */
export const ConsultationQuestionSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.enum(['single', 'multiple']),
        text: z.string().trim().min(1).max(CONSULTATION_QUESTION_TEXT_MAX).describe('The question'),
        options: z
          .array(z.string().trim().min(1).max(60))
          .min(2)
          .max(CONSULTATION_MAX_OPTIONS)
          .describe('The choices, in order; answers refer to them by index'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('text'),
        text: z.string().trim().min(1).max(CONSULTATION_QUESTION_TEXT_MAX).describe('The question'),
      })
      .strict(),
  ])
  .refine((q) => q.kind === 'text' || new Set(q.options).size === q.options.length, '选项不能重复')
export type ConsultationQuestion = z.infer<typeof ConsultationQuestionSchema>

/** Body of `POST /api/v1/villages/:code/consultations`: opens a consultation. */
export const ConsultationCreateSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(2, '标题至少 2 个字')
      .max(CONSULTATION_TITLE_MAX, `标题最多 ${CONSULTATION_TITLE_MAX} 个字`),
    draft: z
      .string()
      .trim()
      .min(1)
      .max(CONSULTATION_DRAFT_MAX)
      .describe('The draft villagers are consulted on (plain text)'),
    /** A disclosure of the village whose attachments (the draft's files) go with the consultation. */
    attachmentsFrom: ObjectIdSchema.optional().describe('Disclosure of the same village carrying the files'),
    questions: z.array(ConsultationQuestionSchema).min(1).max(CONSULTATION_MAX_QUESTIONS),
    deadline: z.iso.datetime({ offset: true }).describe('When answering ends (ISO 8601 with offset)'),
    unit: ConsultationUnitSchema,
    ballot: ConsultationBallotSchema.default('secret'),
  })
  .strict()
export type ConsultationCreateReq = z.infer<typeof ConsultationCreateSchema>

/** One question's answer: option indexes for a choice question, text for an open one. */
export const ConsultationResponseSchema = z.union([
  z
    .object({
      options: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(CONSULTATION_MAX_OPTIONS - 1),
        )
        .min(1),
    })
    .strict(),
  z.object({ text: z.string().trim().max(CONSULTATION_TEXT_MAX) }).strict(),
])
export type ConsultationResponse = z.infer<typeof ConsultationResponseSchema>

/** Whom an answer is for: a household member (by 户号 and name, as on the roster). Absent: oneself. */
export const ConsultationOnBehalfSchema = z
  .object({
    householdNo: z.string().trim().min(1).max(20),
    name: z.string().trim().min(1).max(20),
  })
  .strict()
export type ConsultationOnBehalf = z.infer<typeof ConsultationOnBehalfSchema>

/** Body of `POST /api/v1/consultations/:id/answers`: an answer (a later one replaces it until the deadline). */
export const ConsultationAnswerSchema = z
  .object({
    onBehalfOf: ConsultationOnBehalfSchema.optional().describe('Answer for this person (proxy rights)'),
    responses: z.array(ConsultationResponseSchema).min(1).max(CONSULTATION_MAX_QUESTIONS),
    comment: z.string().trim().max(CONSULTATION_TEXT_MAX).default('').describe('Optional comment'),
  })
  .strict()
export type ConsultationAnswerReq = z.infer<typeof ConsultationAnswerSchema>

/**
 * A comment's id in the staff's list: 32 hex characters, a keyed hash of the answer that cannot be tied to who wrote
 * it or when (docs/consultations.md); not an ObjectId.
 */
export const ConsultationCommentIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, '没有找到要公开的这条意见，请重新打开页面再选')

/**
 * An open question's answer's id in the staff's list: 32 hex characters, a keyed hash like a comment's, never equal
 * to one (docs/consultations.md).
 */
export const ConsultationOpenAnswerIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, '没有找到要公开的这条回答，请重新打开页面再选')

/**
 * Body of `POST /api/v1/consultations/:id/summary`: what was decided, and the comments and open questions' answers
 * to publish with it (each answer printed under its question).
 */
export const ConsultationSummarySchema = z
  .object({
    decided: z.string().trim().min(1).max(CONSULTATION_DECIDED_MAX).describe('What was decided as a result'),
    commentIds: z
      .array(ConsultationCommentIdSchema)
      .max(20)
      .default([])
      .describe('Comments published with the summary (ids from the participants list)'),
    openAnswerIds: z
      .array(ConsultationOpenAnswerIdSchema)
      .max(40)
      .default([])
      .describe("Open questions' answers published under their question (ids from the participants list)"),
  })
  .strict()
export type ConsultationSummaryReq = z.infer<typeof ConsultationSummarySchema>

export const ConsultationParamsSchema = z.object({ id: ObjectIdSchema })

/** One option's count and share of those who answered the question. */
export const ConsultationOptionTallySchema = z.object({
  label: z.string(),
  count: z.number().int(),
  /** Percent of the question's answers, one decimal. */
  percent: z.number(),
})

/** The public tally: counts and percentages only, never who chose what. */
export const ConsultationTallyDtoSchema = z.object({
  /** Eligible persons or households when the consultation closed. */
  eligible: z.number().int(),
  answered: z.number().int(),
  /** answered / eligible, percent with one decimal (0 when nobody was eligible). */
  participationPercent: z.number(),
  questions: z.array(
    z.object({
      text: z.string(),
      kind: z.enum(['single', 'multiple', 'text']),
      answered: z.number().int(),
      /** Choice questions only; empty for open text. */
      options: z.array(ConsultationOptionTallySchema),
    }),
  ),
})
export type ConsultationTallyDto = z.infer<typeof ConsultationTallyDtoSchema>

/** A consultation as members and staff read it. */
export const ConsultationDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  title: z.string(),
  draft: z.string(),
  attachments: z.array(
    z.object({ disclosureId: z.string(), fileId: z.string(), filename: z.string(), size: z.number() }),
  ),
  questions: z.array(ConsultationQuestionSchema),
  deadline: z.string(),
  unit: ConsultationUnitSchema,
  ballot: ConsultationBallotSchema,
  status: ConsultationStatusSchema,
  /** True once the deadline passed (by the server's clock). */
  closed: z.boolean(),
  openedBy: ConsultationOpenerSchema,
  createdAt: z.string(),
  /** Only once closed. */
  tally: ConsultationTallyDtoSchema.nullable(),
  /** The published summary's disclosure, once one was written. */
  summaryDisclosureId: z.string().nullable(),
})
export type ConsultationDto = z.infer<typeof ConsultationDtoSchema>

/** What the viewer may answer for, and what they answered (their own answers only). */
export const ConsultationMineDtoSchema = z.object({
  entitlements: z.array(
    z.object({
      householdNo: z.string(),
      name: z.string(),
      /** self, household (as its representative) or proxy. */
      as: ConsultationAnswerViaSchema,
      answer: z
        .object({
          responses: z.array(ConsultationResponseSchema),
          comment: z.string(),
          updatedAt: z.string(),
        })
        .nullable(),
      /**
       * Someone else answered under this key (the person in their own name, or their proxy for them): what they
       * chose is not shown, only that it was answered; answering again replaces it (docs/consultations.md).
       */
      answeredByOther: z.boolean(),
    }),
  ),
})
export type ConsultationMineDto = z.infer<typeof ConsultationMineDtoSchema>

/** Staff's view of who took part (choices only when the ballot is open). */
export const ConsultationParticipantsDtoSchema = z.object({
  ballot: ConsultationBallotSchema,
  participants: z.array(
    z.object({
      householdNo: z.string(),
      name: z.string(),
      via: ConsultationAnswerViaSchema,
      /** When the person first answered (a change later does not move it). */
      answeredAt: z.string(),
      responses: z.array(ConsultationResponseSchema).nullable(),
    }),
  ),
  /**
   * Comments (scrubbed), without names, times or the participants' order, for choosing what the summary publishes;
   * null until the deadline passed (listed while answers arrive, they could be tied to participants).
   */
  comments: z.array(z.object({ id: z.string(), text: z.string() })).nullable(),
  /**
   * Each open (text) question's answers (scrubbed), unsigned like the comments: opaque ids, no names or times,
   * ordered by their text; for reading and for choosing what the summary prints under the question. Null until the
   * deadline passed, as the comments.
   */
  openAnswers: z
    .array(
      z.object({
        /** The question's index in the consultation. */
        question: z.number().int(),
        /** The question. */
        text: z.string(),
        answers: z.array(z.object({ id: z.string(), text: z.string() })),
      }),
    )
    .nullable(),
  /**
   * How many answers' texts (comment or open answers) WeChat's content check left for a person to review: neither
   * listed above nor publishable, counted so staff know some were held back. Null until the deadline, as above.
   */
  textsHeld: z.number().int().nullable(),
})
export type ConsultationParticipantsDto = z.infer<typeof ConsultationParticipantsDtoSchema>

/** Participation per village for the township dashboard. */
export const ConsultationParticipationDtoSchema = z.object({
  villages: z.array(
    z.object({
      villageCode: z.string(),
      open: z.number().int(),
      closed: z.number().int(),
      eligible: z.number().int(),
      answered: z.number().int(),
      ratePercent: z.number(),
    }),
  ),
})
export type ConsultationParticipationDto = z.infer<typeof ConsultationParticipationDtoSchema>
