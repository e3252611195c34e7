import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import {
  ReconciliationDifferenceKindSchema,
  ReconciliationLineSchema,
  ReconciliationStatusSchema,
} from '@cunwu/domain'
import type { ReconciliationDifference, ReconciliationDto } from '@cunwu/domain'

/** The comparison of one day's WeChat Pay trade bill with a village's orders and ledger. */
export interface Reconciliation {
  _id: Types.ObjectId
  villageCode: string
  /** Bill date, YYYY-MM-DD. */
  date: string
  month: string
  status: ReconciliationDto['status']
  billHash: string | null
  billLines: number
  matchedLines: number
  billIncomeFen: number
  billRefundFen: number
  differences: ReconciliationDifference[]
  runAt: Date
  /** How many times the day was reconciled (a re-run replaces the report). */
  runs: number
}

/** One difference between the bill and the ledger, as stored (in a village's report or the merchant-level one). */
export const differenceSchema = new Schema<ReconciliationDifference>(
  {
    kind: { type: String, required: true, enum: ReconciliationDifferenceKindSchema.options },
    line: { type: String, required: true, enum: ReconciliationLineSchema.options },
    outTradeNo: { type: String, required: true },
    outRefundNo: { type: String, default: null },
    billFen: { type: Number, default: null },
    ledgerFen: { type: Number, default: null },
    attributed: { type: Boolean, required: true },
    note: { type: String, default: '' },
  },
  { _id: false },
)

const reconciliationSchema = new Schema<Reconciliation>({
  villageCode: { type: String, required: true, match: /^\d{12}$/ },
  date: { type: String, required: true },
  month: { type: String, required: true },
  status: { type: String, required: true, enum: ReconciliationStatusSchema.options },
  billHash: { type: String, default: null },
  billLines: { type: Number, required: true },
  matchedLines: { type: Number, required: true },
  billIncomeFen: { type: Number, required: true },
  billRefundFen: { type: Number, required: true },
  differences: { type: [differenceSchema], default: [] },
  runAt: { type: Date, required: true },
  runs: { type: Number, default: 1 },
})
reconciliationSchema.index({ villageCode: 1, date: 1 }, { unique: true })
reconciliationSchema.index({ villageCode: 1, month: 1 })

/** Registers (once) and returns the Reconciliation model on a connection. */
export function reconciliationModel(conn: Connection): Model<Reconciliation> {
  return conn.models.Reconciliation ?? conn.model<Reconciliation>('Reconciliation', reconciliationSchema)
}
