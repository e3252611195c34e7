import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { normalizeName } from '@cunwu/domain'

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
 * The roster's own spelling of `name` in this household (户主 or a member), or undefined when the household does not
 * name them. Names are compared in their matching form (`normalizeName`, docs/households.md "Normalisation": 张 桂兰
 * and 张桂兰 are one name), and what a membership, an invite or a proxy right stores is the spelling returned, as for
 * the 户号, so the consultation voter keys built from it agree with one another.
 */
export function rosterNameOf(
  h: Pick<Household, 'headName' | 'memberNames'>,
  name: string,
): string | undefined {
  const names = [h.headName, ...h.memberNames]
  if (names.includes(name)) return name
  const key = normalizeName(name)
  return names.find((n) => normalizeName(n) === key)
}

/** Whether the roster names this person in this household (`rosterNameOf`): with the 户号 it proves a household. */
export function householdNames(h: Pick<Household, 'headName' | 'memberNames'>, name: string): boolean {
  return rosterNameOf(h, name) !== undefined
}

/** Registers (once) and returns the Household model on a connection. */
export function householdModel(conn: Connection): Model<Household> {
  return conn.models.Household ?? conn.model<Household>('Household', householdSchema)
}
