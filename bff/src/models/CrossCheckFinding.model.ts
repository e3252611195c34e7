import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { CrossCheckKindSchema, CrossCheckStatusSchema } from '@cunwu/domain'
import type { CrossCheckKindDto, CrossCheckStatus } from '@cunwu/domain'
import type { CrossCheckFacts } from '@cunwu/alignment'

/** A step of a finding's workflow: who, when, what they wrote. */
export interface CrossCheckStep {
  userId: Types.ObjectId
  name: string
  at: Date
  text: string | null
}

/** A row a finding involves: the village disclosure (full rows, never public) and the row's index in it. */
export interface CrossCheckFindingRow {
  disclosureId: Types.ObjectId
  villageCode: string
  catalogItemId: string
  rowIndex: number
}

/**
 * One cross-village finding (docs/cross-checks.md). `key` is unique per (kind, item, period, subject), so a re-run
 * updates the finding it found before; a finding a run no longer produces is closed with the reason.
 */
export interface CrossCheckFinding {
  _id: Types.ObjectId
  key: string
  /** The county whose villages were checked. */
  countyCode: string
  kind: CrossCheckKindDto
  catalogItemId: string
  period: string
  /** A hash of the ID number, account or person: never the number itself. */
  subject: string
  villageCodes: string[]
  /** The townships of those villages (each township sees the finding, with its own villages' rows). */
  townshipCodes: string[]
  rows: CrossCheckFindingRow[]
  /** The explanation for a viewer who sees all its villages (the county). */
  explanation: string
  /** What other viewers' explanations are written from (findings across villages; null for older findings). */
  facts: CrossCheckFacts | null
  status: CrossCheckStatus
  confirmation: CrossCheckStep | null
  resolution: CrossCheckStep | null
  closedReason: string | null
  closedAt: Date | null
  firstSeenAt: Date
  lastSeenAt: Date
  revision: number
}

const stepSchema = new Schema<CrossCheckStep>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    at: { type: Date, required: true },
    text: { type: String, default: null },
  },
  { _id: false },
)

const rowSchema = new Schema<CrossCheckFindingRow>(
  {
    disclosureId: { type: Schema.Types.ObjectId, required: true },
    villageCode: { type: String, required: true },
    catalogItemId: { type: String, required: true },
    rowIndex: { type: Number, required: true },
  },
  { _id: false },
)

const findingSchema = new Schema<CrossCheckFinding>({
  key: { type: String, required: true },
  countyCode: { type: String, required: true, match: /^\d{12}$/ },
  kind: { type: String, required: true, enum: CrossCheckKindSchema.options },
  catalogItemId: { type: String, required: true },
  period: { type: String, required: true },
  subject: { type: String, required: true },
  villageCodes: { type: [String], default: [] },
  townshipCodes: { type: [String], default: [] },
  rows: { type: [rowSchema], default: [] },
  explanation: { type: String, required: true },
  facts: { type: Schema.Types.Mixed, default: null },
  status: { type: String, required: true, enum: CrossCheckStatusSchema.options },
  confirmation: { type: stepSchema, default: null },
  resolution: { type: stepSchema, default: null },
  closedReason: { type: String, default: null },
  closedAt: { type: Date, default: null },
  firstSeenAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
  revision: { type: Number, default: 0 },
})
findingSchema.index({ key: 1 }, { unique: true })
findingSchema.index({ villageCodes: 1, period: 1, status: 1 })
findingSchema.index({ countyCode: 1, period: 1, status: 1 })

/** Registers (once) and returns the CrossCheckFinding model on a connection. */
export function crossCheckFindingModel(conn: Connection): Model<CrossCheckFinding> {
  return conn.models.CrossCheckFinding ?? conn.model<CrossCheckFinding>('CrossCheckFinding', findingSchema)
}
