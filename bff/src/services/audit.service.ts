import { Types } from 'mongoose'
import type { Models } from '../models'
import { regionPrefix } from '../policies/region.policy'

/** Who acts and from which request; null actor for the system itself. */
export interface Actor {
  userId: Types.ObjectId | null
  requestId: string | null
}

/** The system as an actor (seeding, jobs). */
export const SYSTEM_ACTOR: Actor = { userId: null, requestId: null }

/** An audit entry to append. */
export interface AuditEntry {
  action: string
  targetType: string
  targetId: string
  regionCode: string | null
  data?: Record<string, unknown>
}

/** Events written by one `insertMany` in `AuditService.recordMany`. */
export const AUDIT_BATCH = 1000

/** The stored shape of an entry recorded now by `actor` (one home for `record` and `recordMany`). */
function auditEvent(actor: Actor, entry: AuditEntry) {
  return { at: new Date(), actorId: actor.userId, requestId: actor.requestId, data: {}, ...entry }
}

/** Appends audit events; never updates or deletes them. */
export class AuditService {
  constructor(private readonly models: Pick<Models, 'AuditEvent'>) {}

  /** Appends one event. */
  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.models.AuditEvent.create(auditEvent(actor, entry))
  }

  /**
   * Appends many events by the same actor, each stored exactly as `record` stores it, in the order given (ids
   * ascending, so a trail lists them as if recorded one by one): one `insertMany` per `AUDIT_BATCH` entries instead
   * of one write each. Ordered: a failure stops at the entry that failed, the ones before it are stored; a caller
   * that must not lose events writes them before the change they describe (the region import does).
   */
  async recordMany(actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += AUDIT_BATCH) {
      const batch = entries.slice(i, i + AUDIT_BATCH).map((entry) => auditEvent(actor, entry))
      await this.models.AuditEvent.insertMany(batch, { ordered: true })
    }
  }

  /**
   * One page of the events within a region (and below it), newest first by id: at most `limit`, those recorded
   * before the event `before` (the last of the previous page) when given. The order is the id's, which is unique, so
   * pages never overlap however many events share one second.
   */
  async list(regionCode: string, limit: number, before?: string) {
    return this.models.AuditEvent.find({
      regionCode: { $regex: `^${regionPrefix(regionCode)}` },
      ...(before ? { _id: { $lt: new Types.ObjectId(before) } } : {}),
    })
      .sort({ _id: -1 })
      .limit(limit)
      .lean()
  }
}
