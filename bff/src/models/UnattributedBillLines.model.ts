import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { ReconciliationDifference } from '@cunwu/domain'
import { differenceSchema } from './Reconciliation.model'

/**
 * The lines of one day's trade bill that no village can be matched to (neither our order number nor a village code
 * in attach): the merchant's matter, kept once per day for the admin rather than in every village's report.
 */
export interface UnattributedBillLines {
  _id: Types.ObjectId
  /** Bill date, YYYY-MM-DD. */
  date: string
  billHash: string | null
  differences: ReconciliationDifference[]
  runAt: Date
}

const schema = new Schema<UnattributedBillLines>({
  date: { type: String, required: true, unique: true },
  billHash: { type: String, default: null },
  differences: { type: [differenceSchema], default: [] },
  runAt: { type: Date, required: true },
})

/** Registers (once) and returns the UnattributedBillLines model on a connection. */
export function unattributedBillLinesModel(conn: Connection): Model<UnattributedBillLines> {
  return (
    conn.models.UnattributedBillLines ??
    conn.model<UnattributedBillLines>('UnattributedBillLines', schema, 'unattributedbilllines')
  )
}
