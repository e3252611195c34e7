import type { AuditEvent } from '../models/AuditEvent.model'
import { PRIVATE_ACTOR_ACTIONS } from '../models/AuditEvent.model'

/** One audit event as admins and the county see it (`GET /admin/audit`). */
export interface AuditEventDto {
  at: string
  /** null for the system, and for a requester or asker (`actorLabel` then names their part). */
  actorId: string | null
  /** 申请人 or 提问人 where the actor is withheld (`PRIVATE_ACTOR_ACTIONS`), else null. */
  actorLabel: string | null
  action: string
  targetType: string
  targetId: string
  regionCode: string | null
  /** null where the actor is withheld: the request id leads to the access log, which names the user. */
  requestId: string | null
  data: Record<string, unknown>
}

/**
 * Presents an audit event. A requester's or asker's identity is not shown here (docs/info-requests.md: not to the
 * county above a township; docs/questions.md: not to staff); the stored event keeps it.
 */
export function presentAuditEvent(e: AuditEvent): AuditEventDto {
  const label = PRIVATE_ACTOR_ACTIONS[e.action] ?? null
  return {
    at: e.at.toISOString(),
    actorId: label ? null : (e.actorId?.toHexString() ?? null),
    actorLabel: label,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    regionCode: e.regionCode,
    requestId: label ? null : e.requestId,
    // Always an object: an event recorded with nothing more is stored without it (mongoose drops empty objects).
    data: e.data ?? {},
  }
}
