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
  },
  { versionKey: false },
)

/** Registers (once) and returns the Invite model on a connection. */
export function inviteModel(conn: Connection): Model<Invite> {
  return conn.models.Invite ?? conn.model<Invite>('Invite', inviteSchema)
}
