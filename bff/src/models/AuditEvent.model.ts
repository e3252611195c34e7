import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** Append-only record of who did what to which record, when, from which request. */
export interface AuditEvent {
  _id: Types.ObjectId
  at: Date
  /** null for the system itself (seeding, jobs). */
  actorId: Types.ObjectId | null
  action: string
  targetType: string
  targetId: string
  regionCode: string | null
  requestId: string | null
  data: Record<string, unknown>
}

const auditEventSchema = new Schema<AuditEvent>(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    regionCode: { type: String, default: null },
    requestId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false },
)
auditEventSchema.index({ regionCode: 1, at: -1 })
auditEventSchema.index({ targetType: 1, targetId: 1, at: -1 })

/** Registers (once) and returns the AuditEvent model on a connection. */
export function auditEventModel(conn: Connection): Model<AuditEvent> {
  return conn.models.AuditEvent ?? conn.model<AuditEvent>('AuditEvent', auditEventSchema)
}
