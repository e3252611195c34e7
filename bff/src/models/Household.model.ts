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

/**
 * Whether the roster names this person in this household (户主 or a member), as written: with the 户号 it is what
 * proves a member's household (docs/households.md). Compared as written, so what a membership holds is the roster's
 * own spelling and the consultation voter keys built from it agree with proxy rights (checked the same way).
 */
export function householdNames(h: Pick<Household, 'headName' | 'memberNames'>, name: string): boolean {
  return h.headName === name || h.memberNames.includes(name)
}

/** Registers (once) and returns the Household model on a connection. */
export function householdModel(conn: Connection): Model<Household> {
  return conn.models.Household ?? conn.model<Household>('Household', householdSchema)
}
