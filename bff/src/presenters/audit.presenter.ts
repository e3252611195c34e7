import type { AuditEventDto } from '@cunwu/domain'
import { redactSensitiveNumbers } from '@cunwu/domain'
import type { AuditEvent } from '../models/AuditEvent.model'
import { PRIVATE_ACTOR_ACTIONS } from '../models/AuditEvent.model'

/** Names for the ids and codes of a page of events (AuditNamesService), so a reader needs neither. */
export interface AuditNames {
  /** Display names of people (actors, and targets that are people), by id. */
  people: ReadonlyMap<string, string>
  /** Region names by code. */
  regions: ReadonlyMap<string, string>
}

/**
 * Presents an audit event. A requester's or asker's identity is not shown here (docs/info-requests.md: not to the
 * county above a township; docs/questions.md: not to staff); the stored event keeps it. With `names`, the actor (when
 * not withheld), a target that is a person and the region are also named, for 操作记录 in plain words.
 */
export function presentAuditEvent(e: AuditEvent, names?: AuditNames): AuditEventDto {
  const label = PRIVATE_ACTOR_ACTIONS[e.action] ?? null
  const actorId = label ? null : (e.actorId?.toHexString() ?? null)
  return {
    at: e.at.toISOString(),
    actorId,
    actorLabel: label,
    ...(names
      ? {
          actorName: actorId ? (names.people.get(actorId) ?? null) : null,
          targetName: e.targetType === 'user' ? (names.people.get(e.targetId) ?? null) : null,
          regionName: e.regionCode ? (names.regions.get(e.regionCode) ?? null) : null,
        }
      : {}),
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    regionCode: e.regionCode,
    requestId: label ? null : e.requestId,
    // Always an object: an event recorded with nothing more is stored without it (mongoose drops empty objects).
    // ID, phone and bank numbers typed into it (a reason, a file name) are masked on screen (docs/scrubbing.md);
    // the stored event keeps what was typed.
    data: scrubbedData(e.data ?? {}),
  }
}

/** Every string in an event's data through the one scrubber, `redactSensitiveNumbers`; other values as stored. */
function scrubbedData(value: Record<string, unknown>): Record<string, unknown> {
  return scrubbed(value) as Record<string, unknown>
}

function scrubbed(value: unknown): unknown {
  if (typeof value === 'string') return redactSensitiveNumbers(value)
  if (Array.isArray(value)) return value.map(scrubbed)
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubbed(v)]))
  }
  return value
}
