import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * A ledger import batch, claimed before any of its rows is written: the unique (village, batch) key makes one
 * content the batch's for good, so the same batch sent again finishes or repeats nothing, and a batch id sent
 * again with other rows is refused instead of being partly skipped.
 */
export interface LedgerImport {
  _id: Types.ObjectId
  villageCode: string
  batchId: string
  /** SHA-256 of the batch's rows as validated. */
  contentHash: string
  rows: number
  createdBy: Types.ObjectId | null
  createdAt: Date
}

const schema = new Schema<LedgerImport>(
  {
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    batchId: { type: String, required: true },
    contentHash: { type: String, required: true },
    rows: { type: Number, required: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
)
schema.index({ villageCode: 1, batchId: 1 }, { unique: true })

/** Registers (once) and returns the LedgerImport model on a connection. */
export function ledgerImportModel(conn: Connection): Model<LedgerImport> {
  return conn.models.LedgerImport ?? conn.model<LedgerImport>('LedgerImport', schema)
}
