import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { AlignmentStatus } from '@cunwu/domain'

/**
 * The dashboard's denormalised line for (village, catalog item, period): publication and alignment state in a
 * few fields, rewritten whole (from the disclosure series and the alignment) by the same idempotent step that
 * recomputes the alignment. `key` is unique.
 */
export interface ComplianceRow {
  _id: Types.ObjectId
  key: string
  villageCode: string
  townshipCode: string
  countyCode: string
  catalogItemId: string
  period: string
  disclosureId: Types.ObjectId | null
  /** Shanghai date of the first publication of the series, or null. */
  publishedOn: string | null
  /** Due date of a periodic item, or null. */
  dueDate: string | null
  alignmentId: Types.ObjectId | null
  /** The effective status (verified when the township confirmed or resolved). */
  alignmentStatus: AlignmentStatus | null
  discrepancyCount: number
  explanations: string[]
  verifiedBy: string | null
  verifiedAt: Date | null
  updatedAt: Date
}

const complianceRowSchema = new Schema<ComplianceRow>(
  {
    key: { type: String, required: true },
    villageCode: { type: String, required: true },
    townshipCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    catalogItemId: { type: String, required: true },
    period: { type: String, required: true },
    disclosureId: { type: Schema.Types.ObjectId, default: null },
    publishedOn: { type: String, default: null },
    dueDate: { type: String, default: null },
    alignmentId: { type: Schema.Types.ObjectId, default: null },
    alignmentStatus: { type: String, default: null },
    discrepancyCount: { type: Number, default: 0 },
    explanations: { type: [String], default: [] },
    verifiedBy: { type: String, default: null },
    verifiedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
complianceRowSchema.index({ key: 1 }, { unique: true })
complianceRowSchema.index({ villageCode: 1, period: 1 })

/** Registers (once) and returns the ComplianceRow model on a connection. */
export function complianceRowModel(conn: Connection): Model<ComplianceRow> {
  return conn.models.ComplianceRow ?? conn.model<ComplianceRow>('ComplianceRow', complianceRowSchema)
}
