import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** An invite QR code (scene value) that grants one household's membership directly. */
export interface Invite {
  _id: string
  villageCode: string
  householdNo: string
  name: string
  createdBy: Types.ObjectId
  expiresAt: Date
  usedBy: Types.ObjectId | null
  usedAt: Date | null
  /** When it was made (absent on invites made before it was kept). */
  createdAt?: Date
  /** Set when a secretary of the village or the township cancels it; a cancelled invite is never honoured. */
  cancelledAt?: Date | null
  cancelledBy?: Types.ObjectId | null
}

const inviteSchema = new Schema<Invite>(
  {
    // The scene value is the key the QR code carries.
    _id: { type: String },
    villageCode: { type: String, required: true },
    householdNo: { type: String, required: true },
    name: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedBy: { type: Schema.Types.ObjectId, default: null },
    usedAt: { type: Date, default: null },
    createdAt: { type: Date },
    cancelledAt: { type: Date, default: null },
    cancelledBy: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false },
)
// The open invites of a village, for its secretaries' list.
inviteSchema.index({ villageCode: 1, expiresAt: -1 })

/** Registers (once) and returns the Invite model on a connection. */
export function inviteModel(conn: Connection): Model<Invite> {
  return conn.models.Invite ?? conn.model<Invite>('Invite', inviteSchema)
}
