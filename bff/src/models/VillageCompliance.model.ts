import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * Counts of one village for one period, recomputed from its compliance rows after every change (never
 * incremented), so the county dashboard reads one small document per village instead of every line.
 */
export interface VillageCompliance {
  _id: Types.ObjectId
  /** `${villageCode}|${period}`. */
  key: string
  villageCode: string
  townshipCode: string
  countyCode: string
  period: string
  published: number
  onTime: number
  late: number
  /** `itemId|period` of the periodic items published (the overdue ones are those owed and not listed here). */
  publishedPeriodic: string[]
  aligned: number
  consistent: number
  inconsistent: number
  villageMissing: number
  governmentMissing: number
  verified: number
  discrepancies: number
  updatedAt: Date
}

const villageComplianceSchema = new Schema<VillageCompliance>(
  {
    key: { type: String, required: true },
    villageCode: { type: String, required: true },
    townshipCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    period: { type: String, required: true },
    published: { type: Number, default: 0 },
    onTime: { type: Number, default: 0 },
    late: { type: Number, default: 0 },
    publishedPeriodic: { type: [String], default: [] },
    aligned: { type: Number, default: 0 },
    consistent: { type: Number, default: 0 },
    inconsistent: { type: Number, default: 0 },
    villageMissing: { type: Number, default: 0 },
    governmentMissing: { type: Number, default: 0 },
    verified: { type: Number, default: 0 },
    discrepancies: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
villageComplianceSchema.index({ key: 1 }, { unique: true })
villageComplianceSchema.index({ countyCode: 1, period: 1 })
villageComplianceSchema.index({ townshipCode: 1, period: 1 })

/** Registers (once) and returns the VillageCompliance model on a connection. */
export function villageComplianceModel(conn: Connection): Model<VillageCompliance> {
  return (
    conn.models.VillageCompliance ??
    conn.model<VillageCompliance>('VillageCompliance', villageComplianceSchema)
  )
}
