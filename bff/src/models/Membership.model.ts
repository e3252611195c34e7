import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import {
  MembershipEndKindSchema,
  MembershipStatusSchema,
  MembershipViaSchema,
  householdKey,
  normalizeName,
} from '@cunwu/domain'
import type { MembershipEndKind, MembershipStatus, MembershipVia } from '@cunwu/domain'

/** A user's membership of a village, from an application or an invite. */
export interface Membership {
  _id: Types.ObjectId
  userId: Types.ObjectId
  villageCode: string
  name: string
  householdNo: string
  status: MembershipStatus
  via: MembershipVia
  appliedAt: Date
  decidedAt: Date | null
  decidedBy: Types.ObjectId | null
  /** Why it was rejected, or why the secretary ended it; null when the person left on their own. */
  reason: string | null
  /** When an approved membership ended (status `ended`); null otherwise. */
  endedAt: Date | null
  /** Who ended it: the person themselves (left) or the secretary (removed them). */
  endedBy: Types.ObjectId | null
  /** Which kind of removal the secretary chose; null when the person left, or for removals recorded before kinds. */
  endKind: MembershipEndKind | null
  /**
   * The roster person this membership holds (`membershipPersonKey`), set while it is approved and the roster names
   * that person; null otherwise. Unique: one account per person and village, so two accounts never share a
   * household's rows, charges or a consultation voter key (docs/households.md). Absent only on memberships from
   * before it existed, until `MembershipsService.migratePersonKeys` sets it at start-up.
   */
  personKey?: string | null
}

/**
 * The key of the person a membership names: village, household (`householdKey`: the 户号's serial, after its 村民小组
 * when the 户号 names one, since serials restart in each group) and name, normalised (docs/households.md). For a 户号
 * without a group it is the key written before groups counted (`村|1|王建国`); `MembershipsService.rekeyPersonKeys`
 * rewrites the older keys of grouped 户号 at start-up.
 */
export function membershipPersonKey(m: Pick<Membership, 'villageCode' | 'householdNo' | 'name'>): string {
  return `${m.villageCode}|${householdKey(m.householdNo)}|${normalizeName(m.name)}`
}

const membershipSchema = new Schema<Membership>({
  userId: { type: Schema.Types.ObjectId, required: true },
  villageCode: { type: String, required: true, match: /^\d{12}$/ },
  name: { type: String, required: true },
  householdNo: { type: String, required: true },
  status: { type: String, required: true, enum: MembershipStatusSchema.options },
  via: { type: String, required: true, enum: MembershipViaSchema.options },
  appliedAt: { type: Date, required: true },
  decidedAt: { type: Date, default: null },
  decidedBy: { type: Schema.Types.ObjectId, default: null },
  reason: { type: String, default: null },
  endedAt: { type: Date, default: null },
  endedBy: { type: Schema.Types.ObjectId, default: null },
  endKind: { type: String, enum: [...MembershipEndKindSchema.options, null], default: null },
  personKey: { type: String, default: null },
})
// One membership per person and village: applying twice is a conflict, enforced by the database.
membershipSchema.index({ userId: 1, villageCode: 1 }, { unique: true })
membershipSchema.index({ villageCode: 1, status: 1, appliedAt: -1 })
// One active membership per roster person: two approvals of the same person at once cannot both pass.
membershipSchema.index(
  { personKey: 1 },
  { unique: true, partialFilterExpression: { personKey: { $type: 'string' } } },
)

/** Registers (once) and returns the Membership model on a connection. */
export function membershipModel(conn: Connection): Model<Membership> {
  return conn.models.Membership ?? conn.model<Membership>('Membership', membershipSchema)
}
