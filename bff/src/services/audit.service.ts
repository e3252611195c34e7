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

/** Appends audit events; never updates or deletes them. */
export class AuditService {
  constructor(private readonly models: Pick<Models, 'AuditEvent'>) {}

  /** Appends one event. */
  async record(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.models.AuditEvent.create({
      at: new Date(),
      actorId: actor.userId,
      requestId: actor.requestId,
      data: {},
      ...entry,
    })
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
