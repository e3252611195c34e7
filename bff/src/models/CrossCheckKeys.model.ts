import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * The keys of one published village list that link it to other villages' lists (docs/cross-checks.md): hashes of
 * its full ID numbers and whole accounts. A changed list is re-checked against only the lists sharing a key with it,
 * found through these multikey indexes, instead of the whole county. Hashes, never the numbers.
 */
export interface CrossCheckKeys {
  _id: Types.ObjectId
  disclosureId: Types.ObjectId
  countyCode: string
  villageCode: string
  catalogItemId: string
  period: string
  idKeys: string[]
  accountKeys: string[]
}

const keysSchema = new Schema<CrossCheckKeys>({
  disclosureId: { type: Schema.Types.ObjectId, required: true },
  countyCode: { type: String, required: true },
  villageCode: { type: String, required: true },
  catalogItemId: { type: String, required: true },
  period: { type: String, required: true },
  idKeys: { type: [String], default: [] },
  accountKeys: { type: [String], default: [] },
})
keysSchema.index({ disclosureId: 1 }, { unique: true })
keysSchema.index({ countyCode: 1, period: 1, idKeys: 1 })
keysSchema.index({ countyCode: 1, period: 1, accountKeys: 1 })
keysSchema.index({ villageCode: 1, period: 1 })

/** Registers (once) and returns the CrossCheckKeys model on a connection. */
export function crossCheckKeysModel(conn: Connection): Model<CrossCheckKeys> {
  return conn.models.CrossCheckKeys ?? conn.model<CrossCheckKeys>('CrossCheckKeys', keysSchema)
}
