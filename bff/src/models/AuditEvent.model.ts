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

/**
 * Actions done by a requester (依申请公开) or an asker (提问、异议), whose identity only the office addressed or the
 * village's answering staff may learn, and not through the audit view (docs/info-requests.md, docs/questions.md):
 * the stored event keeps the actor for the system; the view names the part instead.
 */
export const PRIVATE_ACTOR_ACTIONS: Readonly<Record<string, string>> = {
  'info_request.register': '申请人',
  'info_request.corrected': '申请人',
  'question.ask': '提问人',
  'question.photo_added': '提问人',
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
// Pages of a region's trail, newest first by id (`AuditService.list`).
auditEventSchema.index({ regionCode: 1, _id: -1 })
auditEventSchema.index({ targetType: 1, targetId: 1, at: -1 })

/** Registers (once) and returns the AuditEvent model on a connection. */
export function auditEventModel(conn: Connection): Model<AuditEvent> {
  return conn.models.AuditEvent ?? conn.model<AuditEvent>('AuditEvent', auditEventSchema)
}
