import {
  CONSULTATION_DRAFT_MAX,
  CONSULTATION_TITLE_MAX,
  ConsultationBallotSchema,
  ConsultationOpenerSchema,
  ConsultationStatusSchema,
  ConsultationUnitSchema,
} from '@cunwu/domain'
import type {
  ConsultationBallot,
  ConsultationOpener,
  ConsultationQuestion,
  ConsultationStatus,
  ConsultationTallyDto,
  ConsultationUnit,
} from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { CLAIM_FIELD } from './claim'
import type { Claim } from './claim'
import { textLimit } from './text-limit'

/**
 * A consultation or poll (征求意见 / 民意调查) of a village (docs/consultations.md). It holds the questions and, once
 * the deadline passed, the public tally (counts only); the answers, with who gave them, live apart in
 * ConsultationAnswer and are never presented one by one outside an open vote.
 */
export interface Consultation {
  _id: Types.ObjectId
  villageCode: string
  title: string
  draft: string
  /** Files of the draft: those of a published disclosure of the village, served by the disclosure's file routes. */
  attachments: { disclosureId: Types.ObjectId; fileId: Types.ObjectId; filename: string; size: number }[]
  questions: ConsultationQuestion[]
  deadline: Date
  unit: ConsultationUnit
  ballot: ConsultationBallot
  status: ConsultationStatus
  openedBy: ConsultationOpener
  openedById: Types.ObjectId
  createdAt: Date
  /** Frozen once, at the first look after the deadline and its grace: counts and percentages, never individual choices. */
  tally: ConsultationTallyDto | null
  closedAt: Date | null
  /** The summary's disclosure (sent to review) and what was decided as a result. */
  summaryDisclosureId: Types.ObjectId | null
  decided: string | null
  /**
   * Who is drafting the summary right now (docs/consultations.md, Summary; lib/claims.ts): of two secretaries
   * sending it at once one drafts and the other writes nothing.
   */
  summaryClaim?: Claim | null
  /** When the eligible followers were told it is open, and reminded a day before the deadline (each once). */
  announcedAt: Date | null
  remindedAt: Date | null
}

const consultationSchema = new Schema<Consultation>(
  {
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    // The schema's limit (73: the summary's disclosure title holds it whole); this said 80.
    title: { type: String, required: true, ...textLimit(CONSULTATION_TITLE_MAX, '标题') },
    draft: { type: String, required: true, ...textLimit(CONSULTATION_DRAFT_MAX, '征求意见稿') },
    attachments: { type: Schema.Types.Mixed, default: () => [] },
    questions: { type: Schema.Types.Mixed, required: true },
    deadline: { type: Date, required: true },
    unit: { type: String, required: true, enum: ConsultationUnitSchema.options },
    ballot: { type: String, required: true, enum: ConsultationBallotSchema.options },
    status: { type: String, required: true, enum: ConsultationStatusSchema.options, default: 'open' },
    openedBy: { type: String, required: true, enum: ConsultationOpenerSchema.options },
    openedById: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    tally: { type: Schema.Types.Mixed, default: null },
    closedAt: { type: Date, default: null },
    summaryDisclosureId: { type: Schema.Types.ObjectId, default: null },
    decided: { type: String, default: null },
    summaryClaim: CLAIM_FIELD,
    announcedAt: { type: Date, default: null },
    remindedAt: { type: Date, default: null },
  },
  { versionKey: false },
)
// A village's consultations, newest deadline first; the upkeep's scans by status and deadline.
consultationSchema.index({ villageCode: 1, deadline: -1 })
consultationSchema.index({ status: 1, deadline: 1 })

/** Registers (once) and returns the Consultation model on a connection. */
export function consultationModel(conn: Connection): Model<Consultation> {
  return (
    conn.models.Consultation ?? conn.model<Consultation>('Consultation', consultationSchema, 'consultations')
  )
}
