import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { LedgerSectionSchema, LedgerSourceSchema } from '@cunwu/domain'
import type { LedgerSection, LedgerSource } from '@cunwu/domain'

/** One line of the village ledger; the monthly finance disclosure is drafted from these. */
export interface LedgerEntry {
  _id: Types.ObjectId
  villageCode: string
  section: LedgerSection
  /** YYYY-MM-DD in China Standard Time. */
  date: string
  /** YYYY-MM of `date`, for the monthly roll-up. */
  month: string
  /** Positive, except on a reversal (冲销), which books the original's amount negated. */
  amountFen: number
  summary: string
  category: string
  counterparty: string
  voucherNo: string
  voucherFileIds: Types.ObjectId[]
  handler: string
  remark: string
  source: LedgerSource
  /**
   * What produced the entry, unique: `payment:<out_trade_no>`, `refund:<out_refund_no>`, `import:<batch>:<i>`,
   * `manual:<id>`, `reversal:<original id>`. The unique index is what makes "one entry per payment or refund" hold under parallel callbacks.
   */
  sourceRef: string
  outTradeNo: string | null
  outRefundNo: string | null
  /**
   * The passed 四议两公开 decision the money moved on: payments and refunds of a charge resting on it, expenses the
   * secretary books against it. Absent on entries from before decisions existed.
   */
  decisionId?: Types.ObjectId | null
  /** On a reversal: the entry it reverses (same village, section and day). */
  reversalOf?: Types.ObjectId | null
  /** On a reversal: why the original was wrong, as the secretary wrote it. */
  reversalReason?: string | null
  createdBy: Types.ObjectId | null
  createdAt: Date
  updatedAt: Date
}

const ledgerEntrySchema = new Schema<LedgerEntry>(
  {
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    section: { type: String, required: true, enum: LedgerSectionSchema.options },
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    month: { type: String, required: true, match: /^\d{4}-\d{2}$/ },
    amountFen: {
      type: Number,
      required: true,
      // Never zero; negative only on a reversal (LedgerService.reverse is the one writer of those).
      validate: {
        validator: (v: number) => Number.isInteger(v) && v !== 0,
        message: 'amountFen must be a non-zero integer',
      },
    },
    summary: { type: String, required: true },
    category: { type: String, required: true },
    counterparty: { type: String, default: '' },
    voucherNo: { type: String, default: '' },
    voucherFileIds: { type: [Schema.Types.ObjectId], default: [] },
    handler: { type: String, default: '' },
    remark: { type: String, default: '' },
    source: { type: String, required: true, enum: LedgerSourceSchema.options },
    sourceRef: { type: String, required: true, unique: true },
    outTradeNo: { type: String, default: null },
    outRefundNo: { type: String, default: null },
    decisionId: { type: Schema.Types.ObjectId, default: null },
    reversalOf: { type: Schema.Types.ObjectId, default: null },
    reversalReason: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
)
ledgerEntrySchema.index({ villageCode: 1, month: 1, section: 1, date: 1 })
ledgerEntrySchema.index({ villageCode: 1, date: 1 })
ledgerEntrySchema.index({ reversalOf: 1 }, { partialFilterExpression: { reversalOf: { $type: 'objectId' } } })
ledgerEntrySchema.index(
  { decisionId: 1, section: 1 },
  { partialFilterExpression: { decisionId: { $type: 'objectId' } } },
)

/** Registers (once) and returns the LedgerEntry model on a connection. */
export function ledgerEntryModel(conn: Connection): Model<LedgerEntry> {
  return conn.models.LedgerEntry ?? conn.model<LedgerEntry>('LedgerEntry', ledgerEntrySchema)
}
