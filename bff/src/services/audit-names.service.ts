import { Types } from 'mongoose'
import type { Models } from '../models'
import type { AuditEvent } from '../models/AuditEvent.model'
import { regionNames } from './regions.service'

/**
 * Reads the names a page of audit events needs (its actors and the people it targets by id, its regions by code), in
 * two queries, so the admin's 操作记录 reads without ids or codes (`presentAuditEvent`'s `names`).
 */
export class AuditNamesService {
  constructor(private readonly models: Pick<Models, 'User' | 'Region'>) {}

  async namesFor(
    events: readonly AuditEvent[],
  ): Promise<{ people: Map<string, string>; regions: Map<string, string> }> {
    const ids = new Set<string>()
    for (const e of events) {
      if (e.actorId) ids.add(e.actorId.toHexString())
      if (e.targetType === 'user' && Types.ObjectId.isValid(e.targetId)) ids.add(e.targetId)
    }
    const [users, regions] = await Promise.all([
      this.models.User.find(
        { _id: { $in: [...ids].map((id) => new Types.ObjectId(id)) } },
        { displayName: 1 },
      ).lean(),
      regionNames(
        this.models,
        events.flatMap((e) => (e.regionCode ? [e.regionCode] : [])),
      ),
    ])
    return { people: new Map(users.map((u) => [u._id.toHexString(), u.displayName])), regions }
  }
}
