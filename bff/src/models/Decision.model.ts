import { Schema } from 'mongoose'
import { CLAIM_FIELD } from './claim'
import type { Claim } from './claim'
import { LIMIT_SLOT_INDEX } from './limit-slot'
import type { Connection, Model, Types } from 'mongoose'
import {
  DecisionKindSchema,
  DecisionMeetingSchema,
  DecisionStatusSchema,
  DecisionStepKindSchema,
  StepOutcomeSchema,
} from '@cunwu/domain'
import type {
  DecisionKind,
  DecisionMeeting,
  DecisionStatus,
  DecisionStepKind,
  DecisionVotes,
  StepOutcome,
} from '@cunwu/domain'

/** One deliberation step as held, with the outcome the counting rules gave (docs/decisions.md). */
export interface DecisionStep {
  step: DecisionStepKind
  heldOn: string
  meeting: DecisionMeeting
  bodySize: number
  present: number
  votes: DecisionVotes
  motion: string
  note: string
  consultationId: Types.ObjectId | null
  outcome: StepOutcome
  recordedBy: Types.ObjectId
  recordedAt: Date
}

/**
 * A 四议两公开 matter of a village: its steps in order, and the disclosures that publish the resolution and the
 * results. `nextStep` is the only step that may be recorded now (null once closed): recording filters on it, so two
 * secretaries recording at once cannot both append.
 */
export interface Decision {
  _id: Types.ObjectId
  villageCode: string
  title: string
  kind: DecisionKind
  description: string
  status: DecisionStatus
  nextStep: DecisionStepKind | null
  steps: DecisionStep[]
  resolutionDisclosureId: Types.ObjectId | null
  resultsDisclosureId: Types.ObjectId | null
  /**
   * Who is drafting the 决议公开 / 实施结果公开 right now (lib/claims.ts; docs/decisions.md): of two secretaries
   * pressing the step at once one drafts it and the other writes nothing.
   */
  resolutionClaim?: Claim | null
  resultsClaim?: Claim | null
  createdBy: Types.ObjectId
  /**
   * `<villageCode>#<n>` while in deliberation, then null: its place among the village's `MAX_OPEN_DECISIONS`
   * (lib/limit-slots.ts). Absent on matters opened before places existed.
   */
  limitSlot?: string | null
  createdAt: Date
  updatedAt: Date
}

const stepSchema = new Schema<DecisionStep>(
  {
    step: { type: String, required: true, enum: DecisionStepKindSchema.options },
    heldOn: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    meeting: { type: String, required: true, enum: DecisionMeetingSchema.options },
    bodySize: { type: Number, required: true, min: 1 },
    present: { type: Number, required: true, min: 0 },
    votes: {
      type: new Schema<DecisionVotes>(
        {
          for: { type: Number, required: true, min: 0 },
          against: { type: Number, required: true, min: 0 },
          abstain: { type: Number, required: true, min: 0 },
        },
        { _id: false },
      ),
      required: true,
    },
    motion: { type: String, required: true },
    note: { type: String, default: '' },
    consultationId: { type: Schema.Types.ObjectId, default: null },
    outcome: { type: String, required: true, enum: StepOutcomeSchema.options },
    recordedBy: { type: Schema.Types.ObjectId, required: true },
    recordedAt: { type: Date, required: true },
  },
  { _id: false },
)

const decisionSchema = new Schema<Decision>(
  {
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    title: { type: String, required: true },
    kind: { type: String, required: true, enum: DecisionKindSchema.options },
    description: { type: String, default: '' },
    status: { type: String, required: true, enum: DecisionStatusSchema.options },
    nextStep: { type: String, default: null, enum: [...DecisionStepKindSchema.options, null] },
    steps: { type: [stepSchema], default: [] },
    resolutionDisclosureId: { type: Schema.Types.ObjectId, default: null },
    resultsDisclosureId: { type: Schema.Types.ObjectId, default: null },
    resolutionClaim: CLAIM_FIELD,
    resultsClaim: CLAIM_FIELD,
    createdBy: { type: Schema.Types.ObjectId, required: true },
    limitSlot: { type: String },
  },
  { timestamps: true },
)
decisionSchema.index({ villageCode: 1, createdAt: -1 })
// The count of a village's matters still in deliberation (at most MAX_OPEN_DECISIONS).
decisionSchema.index({ villageCode: 1, status: 1 })
// One matter per place, so the limit holds when matters are opened at once.
decisionSchema.index(LIMIT_SLOT_INDEX.spec, LIMIT_SLOT_INDEX.options)

/** Registers (once) and returns the Decision model on a connection. */
export function decisionModel(conn: Connection): Model<Decision> {
  return conn.models.Decision ?? conn.model<Decision>('Decision', decisionSchema)
}
