import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** A sign-in session: holds the WeChat session_key (never sent to clients) and the current refresh token. */
export interface Session {
  _id: Types.ObjectId
  userId: Types.ObjectId
  /** SHA-256 of the current refresh token; rotated on every refresh. */
  refreshHash: string
  /** Hashes of refresh tokens already used; presenting one again revokes the session (token theft). */
  usedHashes: string[]
  /** WeChat session_key from jscode2session; stays on the server. */
  sessionKey: string
  revokedAt: Date | null
  revokeReason: string | null
  /** Sessions expire with their refresh token; a TTL index removes them. */
  expiresAt: Date
  createdAt: Date
}

const sessionSchema = new Schema<Session>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    refreshHash: { type: String, required: true, unique: true },
    usedHashes: { type: [String], default: [] },
    sessionKey: { type: String, required: true },
    revokedAt: { type: Date, default: null },
    revokeReason: { type: String, default: null },
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
)
sessionSchema.index({ usedHashes: 1 })

/** Registers (once) and returns the Session model on a connection. */
export function sessionModel(conn: Connection): Model<Session> {
  return conn.models.Session ?? conn.model<Session>('Session', sessionSchema)
}
