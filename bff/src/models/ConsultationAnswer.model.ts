import { ConsultationAnswerViaSchema, ContentCheckSchema } from '@cunwu/domain'
import type { ConsultationAnswerVia, ConsultationResponse, ContentCheck } from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * One eligible person's (or household's) answer to a consultation, kept apart from the consultation's public tally.
 * Unique per (consultation, voter key): answering again replaces the answer, it never counts twice.
 */
export interface ConsultationAnswer {
  _id: Types.ObjectId
  consultationId: Types.ObjectId
  villageCode: string
  /** `person:<户号>:<name>` or `household:<户号>` (@cunwu/domain voterKeyOf). */
  voterKey: string
  householdNo: string
  /** The person answered for (the head, for a household). */
  name: string
  via: ConsultationAnswerVia
  /** Who sent it (the person, the head, or the proxy). */
  answeredBy: Types.ObjectId
  responses: ConsultationResponse[]
  /** Scrubbed of ID, phone and bank numbers. */
  comment: string
  /** `review` when the content check asked a person to look: such a comment is never published. */
  textCheck: ContentCheck | null
  /** How many times it was written (the first answer is 1); bounded by MAX_ANSWER_REVISIONS. */
  revisions: number
  createdAt: Date
  /** When the write's deadline check passed (before the deadline; the tally counts only those). */
  updatedAt: Date
  /** Names the last write, so a write that ended too late undoes itself and nothing else. */
  writeId?: Types.ObjectId | null
}

const answerSchema = new Schema<ConsultationAnswer>(
  {
    consultationId: { type: Schema.Types.ObjectId, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    voterKey: { type: String, required: true },
    householdNo: { type: String, required: true },
    name: { type: String, required: true },
    via: { type: String, required: true, enum: ConsultationAnswerViaSchema.options },
    answeredBy: { type: Schema.Types.ObjectId, required: true },
    responses: { type: Schema.Types.Mixed, required: true },
    comment: { type: String, default: '' },
    textCheck: { type: String, default: null, enum: [...ContentCheckSchema.options, null] },
    revisions: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    writeId: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false },
)
// One answer per eligible person or household: the upsert of a second answer lands on the same document.
answerSchema.index({ consultationId: 1, voterKey: 1 }, { unique: true })
// Someone's own answers (what they may change), across the consultations they answered.
answerSchema.index({ answeredBy: 1, consultationId: 1 })

/** Registers (once) and returns the ConsultationAnswer model on a connection. */
export function consultationAnswerModel(conn: Connection): Model<ConsultationAnswer> {
  return (
    conn.models.ConsultationAnswer ??
    conn.model<ConsultationAnswer>('ConsultationAnswer', answerSchema, 'consultationanswers')
  )
}
