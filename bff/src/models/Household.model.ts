import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** A household on the village roster; join applications are checked against it. */
export interface Household {
  _id: Types.ObjectId
  villageCode: string
  householdNo: string
  headName: string
  memberNames: string[]
}

const householdSchema = new Schema<Household>({
  villageCode: { type: String, required: true, match: /^\d{12}$/ },
  householdNo: { type: String, required: true },
  headName: { type: String, required: true },
  memberNames: { type: [String], default: [] },
})
householdSchema.index({ villageCode: 1, householdNo: 1 }, { unique: true })

/** Registers (once) and returns the Household model on a connection. */
export function householdModel(conn: Connection): Model<Household> {
  return conn.models.Household ?? conn.model<Household>('Household', householdSchema)
}
