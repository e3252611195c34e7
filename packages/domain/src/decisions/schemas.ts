import { z } from 'zod'
import { DISCLOSURE_TITLE_MAX, ObjectIdSchema } from '../api/disclosures'
import { TypedDateSchema } from '../text/dates'
import { PageDtoSchema } from '../api/paging'

/**
 * 四议两公开 decision records: a matter (事项) the village decides through four deliberation steps in a fixed
 * order, then discloses (决议公开, 实施结果公开). Facts and sources: docs/decisions.md.
 */

/** What the matter is; the kind only labels it (the procedure is the same). */
export const DecisionKindSchema = z.enum(['fundraising', 'land_contracting', 'dibao_review', 'other'])
export type DecisionKind = z.infer<typeof DecisionKindSchema>

/** Labels for villagers. */
export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  fundraising: '一事一议筹资筹劳',
  land_contracting: '集体土地发包',
  dibao_review: '低保评议',
  other: '其他村务事项',
}

/** The four deliberation steps (四议), in the only order they may be recorded. */
export const DECISION_STEPS = ['proposal', 'discussion', 'review', 'resolution'] as const
export const DecisionStepKindSchema = z.enum(DECISION_STEPS)
export type DecisionStepKind = z.infer<typeof DecisionStepKindSchema>

/** The steps as the standard wording names them (also the 议事环节 values of the catalog's deliberation table). */
export const DECISION_STEP_LABELS: Record<DecisionStepKind, string> = {
  proposal: '村党组织提议',
  discussion: '村“两委”会议商议',
  review: '党员大会审议',
  resolution: '村民会议或村民代表会议决议',
}

/**
 * The body that meets at a step, which says what its size counts: the party organisation's committee (proposal),
 * the members of the two committees (discussion), the party members (review); for the resolution a 村民会议 counted
 * by villagers aged 18+ or by households' representatives (组织法 art. 22), or a 村民代表会议 (art. 26).
 */
export const DecisionMeetingSchema = z.enum([
  'branch_committee',
  'two_committees',
  'party_members',
  'villagers_adults',
  'villagers_households',
  'representatives',
])
export type DecisionMeeting = z.infer<typeof DecisionMeetingSchema>

/** The meeting each step may be held as; the first is the default. */
export const MEETINGS_OF_STEP: Record<DecisionStepKind, readonly DecisionMeeting[]> = {
  proposal: ['branch_committee'],
  discussion: ['two_committees'],
  review: ['party_members'],
  resolution: ['villagers_adults', 'villagers_households', 'representatives'],
}

/** What the meeting is called, and what its size and attendance count (plain words for villagers). */
export const DECISION_MEETING_LABELS: Record<
  DecisionMeeting,
  { name: string; size: string; present: string }
> = {
  branch_committee: { name: '村党组织委员会会议', size: '委员', present: '到会委员' },
  two_committees: { name: '村“两委”联席会议', size: '“两委”成员', present: '到会成员' },
  party_members: { name: '党员大会', size: '党员', present: '到会党员' },
  villagers_adults: { name: '村民会议', size: '本村18周岁以上村民', present: '到会村民' },
  villagers_households: { name: '村民会议（按户）', size: '本村户数', present: '到会的户代表' },
  representatives: { name: '村民代表会议', size: '村民代表会议组成人员', present: '到会人员' },
}

/** The earliest meeting date a step may carry. */
export const EARLIEST_MEETING_DATE = '2000-01-01'

/** A head count (people or households). */
const CountSchema = z.number().int('人数应为整数').min(0, '人数不能为负').max(1_000_000, '人数过大')

/** The titles of a decision's 两公开 disclosures: these words, then the matter's title whole (docs/decisions.md). */
export const DECISION_DISCLOSURE_TITLE_PREFIXES = {
  resolution: '决议公开：',
  results: '实施结果公开：',
} as const

/** Longest matter description, motion, note and results text (characters, as `textLength` counts them). */
export const DECISION_DESCRIPTION_MAX = 2000
export const DECISION_MOTION_MAX = 2000
export const DECISION_NOTE_MAX = 500
export const DECISION_RESULTS_MAX = 5000

/** The longest matter title: both disclosure titles (at most DISCLOSURE_TITLE_MAX) hold it whole after their words. */
export const DECISION_TITLE_MAX =
  DISCLOSURE_TITLE_MAX - Math.max(...Object.values(DECISION_DISCLOSURE_TITLE_PREFIXES).map((p) => p.length))

/** Body of `POST /api/v1/villages/:code/decisions`: the secretary opens a matter. */
export const DecisionCreateSchema = z
  .object({
    /** The matter, e.g. 村道硬化一事一议筹资. */
    title: z
      .string()
      .trim()
      .min(2, '事项名称至少 2 个字')
      .max(DECISION_TITLE_MAX, `事项名称最多 ${DECISION_TITLE_MAX} 个字`),
    kind: DecisionKindSchema,
    /** What is proposed, in plain words. @default '' */
    description: z.string().trim().max(DECISION_DESCRIPTION_MAX).default(''),
  })
  .strict()
export type DecisionCreateReq = z.infer<typeof DecisionCreateSchema>

/** Votes cast at a step. */
export const DecisionVotesSchema = z
  .object({ for: CountSchema, against: CountSchema, abstain: CountSchema })
  .strict()
export type DecisionVotes = z.infer<typeof DecisionVotesSchema>

/** Body of `POST /api/v1/decisions/:id/steps`: one deliberation step as it was held. */
export const DecisionStepRecordSchema = z
  .object({
    step: DecisionStepKindSchema,
    /**
     * The day the meeting was held (YYYY-MM-DD), from 2000 on: an earlier year is a typing slip, and the month of the
     * resolution names the period of its 决议公开, which must be one the calendars count (`PeriodKeySchema`). Typed as
     * people type a day (２０２６-１２-０７, 2026年12月7日: `TypedDateSchema`) and stored as YYYY-MM-DD.
     */
    heldOn: TypedDateSchema.refine((d) => d >= EARLIEST_MEETING_DATE, '会议日期不能早于 2000 年，请核对'),
    /** The meeting held; required for the resolution, fixed by the step otherwise. */
    meeting: DecisionMeetingSchema.optional(),
    /** How many the meeting counts (应到): committee members, party members, villagers 18+, households, representatives. */
    bodySize: CountSchema.min(1, '应到人数至少为 1'),
    /** How many attended (实到); households represented for a 村民会议 counted by households. */
    present: CountSchema,
    votes: DecisionVotesSchema,
    /** The motion put to the meeting. */
    motion: z.string().trim().min(2, '请写明议题内容').max(DECISION_MOTION_MAX),
    /** Anything else worth recording (who chaired, objections raised). @default '' */
    note: z.string().trim().max(DECISION_NOTE_MAX).default(''),
    /** A consultation (征求意见) whose published summary informed this step. @default null */
    consultationId: ObjectIdSchema.nullable().default(null),
  })
  .strict()
  .refine((r) => r.meeting === undefined || MEETINGS_OF_STEP[r.step].includes(r.meeting), {
    message: '会议形式与议事环节不符',
    path: ['meeting'],
  })
  .refine((r) => r.step !== 'resolution' || r.meeting !== undefined, {
    message: '请选择村民会议或村民代表会议',
    path: ['meeting'],
  })
export type DecisionStepRecordReq = z.infer<typeof DecisionStepRecordSchema>

/** Body of `POST /api/v1/decisions/:id/results`: 实施结果公开 (contracts signed, work done). */
export const DecisionResultsSchema = z
  .object({
    /** What was done; money raised and spent is added from the ledger. */
    text: z.string().trim().min(2, '请写明实施情况').max(DECISION_RESULTS_MAX),
  })
  .strict()
export type DecisionResultsReq = z.infer<typeof DecisionResultsSchema>

/** Path of decision routes. */
export const DecisionParamsSchema = z.object({ id: ObjectIdSchema })

/** deliberating: steps still to come; passed: the resolution passed; failed / no_quorum: closed at some step. */
export const DecisionStatusSchema = z.enum(['deliberating', 'passed', 'failed', 'no_quorum'])
export type DecisionStatus = z.infer<typeof DecisionStatusSchema>

export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  deliberating: '议事中',
  passed: '已通过',
  failed: '未通过',
  no_quorum: '到会人数不足',
}

/** What a step came to. */
export const StepOutcomeSchema = z.enum(['passed', 'failed', 'no_quorum'])
export type StepOutcome = z.infer<typeof StepOutcomeSchema>

/** One recorded step as everyone who may read the decision sees it. */
export const DecisionStepDtoSchema = z.object({
  step: DecisionStepKindSchema,
  label: z.string(),
  heldOn: z.string(),
  meeting: DecisionMeetingSchema,
  meetingLabel: z.string(),
  bodySize: z.number().int(),
  present: z.number().int(),
  votes: DecisionVotesSchema,
  motion: z.string(),
  note: z.string(),
  consultationId: z.string().nullable(),
  outcome: StepOutcomeSchema,
  /** Fewest attendees the law asks for; null where no national rule sets one. */
  quorum: z.number().int().nullable(),
  votesNeeded: z.number().int(),
  /** Plain-Chinese lines: who had to come, who came, how many had to agree. */
  explanation: z.array(z.string()),
})
export type DecisionStepDto = z.infer<typeof DecisionStepDtoSchema>

/** A disclosure linked to a decision, with where it stands in review. */
export const DecisionDisclosureRefSchema = z.object({ id: z.string(), status: z.string(), title: z.string() })

/** Money moved on the decision's authority, from the ledger (fen). */
export const DecisionMoneyDtoSchema = z.object({
  /** Collected from charges on the decision, net of refunds. */
  raisedFen: z.number().int(),
  /** Expenses booked against the decision. */
  spentFen: z.number().int(),
  /** The charges that rest on the decision. */
  charges: z.array(z.object({ id: z.string(), title: z.string() })),
})
export type DecisionMoneyDto = z.infer<typeof DecisionMoneyDtoSchema>

/** A decision record. */
export const DecisionDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  title: z.string(),
  kind: DecisionKindSchema,
  kindLabel: z.string(),
  description: z.string(),
  status: DecisionStatusSchema,
  statusLabel: z.string(),
  steps: z.array(DecisionStepDtoSchema),
  /** The step to record next; null once the deliberation ended. */
  nextStep: DecisionStepKindSchema.nullable(),
  resolutionDisclosure: DecisionDisclosureRefSchema.nullable(),
  resultsDisclosure: DecisionDisclosureRefSchema.nullable(),
  /** Present on a single decision's view, null in lists. */
  money: DecisionMoneyDtoSchema.nullable(),
  createdAt: z.string(),
})
export type DecisionDto = z.infer<typeof DecisionDtoSchema>

/** How many decisions one page of a village's list carries by default, and at most. */
export const DECISION_PAGE = 50
export const DECISION_PAGE_MAX = 100

/**
 * Query of `GET /api/v1/villages/:code/decisions`: optionally one status (a charge names a passed decision); a page
 * of `limit` decisions from `offset`, newest first.
 */
export const DecisionListQuerySchema = z.object({
  status: DecisionStatusSchema.optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(DECISION_PAGE_MAX).default(DECISION_PAGE),
})
export type DecisionListQuery = z.infer<typeof DecisionListQuerySchema>

/** One page of a village's decisions. */
export const DecisionListDtoSchema = z.object({ decisions: z.array(DecisionDtoSchema), page: PageDtoSchema })
export type DecisionListDto = z.infer<typeof DecisionListDtoSchema>
