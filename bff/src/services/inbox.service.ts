import { Types } from 'mongoose'
import { notFound } from '../errors'
import type { Models } from '../models'
import type { InboxEntry } from '../models/InboxEntry.model'
import type { NotificationEventRecord } from '../models/NotificationEvent.model'
import type { Subscription } from '../models/Subscription.model'
import { isDuplicateKey } from '../lib/db-writes'

/**
 * Ended subscription lifetimes whose events stay in the inbox: the most recent ones. Every active follow is read
 * (their number is bounded when following, `MAX_ACTIVE_SUBSCRIPTIONS`), so live entries never drop out; a person who
 * has ended more follows than this since no longer sees what the oldest ended ones told (docs/api.md).
 */
export const MAX_ENDED_WINDOWS = 100

/** A followed target's lifetimes: one query reads its events through the (village, target, _id) index. */
interface TargetWindows {
  villageCode: string
  field: 'category' | 'itemId'
  targetId: string
  lifetimes: Subscription[]
}

type EventHead = Pick<
  NotificationEventRecord,
  '_id' | 'key' | 'type' | 'villageCode' | 'title' | 'body' | 'link' | 'at'
>
const HEAD = { key: 1, type: 1, villageCode: 1, title: 1, body: 1, link: 1, at: 1 } as const

/** One page of a user's inbox, newest first; `nextBefore` continues it (null on the last page). */
export interface InboxPage {
  entries: InboxEntry[]
  nextBefore: string | null
}

/**
 * A user's in-app notifications: the entries addressed to them by name (`InboxEntry`) merged with the events
 * told to followers of what they follow (`NotificationEvent`, one record shared by every follower), newest
 * first by id. An event is in the inbox when it was recorded during one of the user's subscription lifetimes
 * to its village's category or item; it shows once however many of them match. Read marks of shared events
 * live in `InboxRead` (one per event, plus a "read all" watermark).
 */
export class InboxService {
  constructor(
    private readonly deps: {
      models: Pick<Models, 'InboxEntry' | 'InboxRead' | 'NotificationEvent' | 'Subscription'>
    },
  ) {}

  /** One page of the user's entries, newest first; `before` is the last id of the previous page. */
  async list(
    userId: Types.ObjectId,
    q: { limit: number; before?: string; unread?: boolean },
  ): Promise<InboxPage> {
    const before: Record<string, Types.ObjectId> = q.before ? { $lt: new Types.ObjectId(q.before) } : {}
    const directFilter: Record<string, unknown> = { userId }
    if (q.before) directFilter._id = before
    if (q.unread) directFilter.readAt = null
    const windows = await this.windowsOf(userId)
    const [direct, watermark] = await Promise.all([
      // One extra row tells whether another page exists.
      this.deps.models.InboxEntry.find(directFilter)
        .sort({ _id: -1 })
        .limit(q.limit + 1)
        .lean(),
      this.watermarkOf(userId),
    ])
    let shared: EventHead[]
    if (q.unread) {
      const range: Record<string, Types.ObjectId> = { ...before }
      if (watermark) range.$gt = watermark.readThrough
      // Unread lists are short: all unread shared events in range, then the individually read ones dropped.
      shared = await this.sharedEvents(userId, windows, range, null)
    } else shared = await this.sharedEvents(userId, windows, before, q.limit + 1)
    const marks = shared.length
      ? await this.deps.models.InboxRead.find(
          { userId, eventId: { $in: shared.map((e) => e._id) } },
          { eventId: 1, readAt: 1 },
        ).lean()
      : []
    const readAt = new Map(marks.map((m) => [m.eventId?.toHexString() ?? '', m.readAt]))
    const sharedEntries = shared
      .map((e) => {
        const id = e._id.toHexString()
        const at =
          readAt.get(id) ?? (watermark && id <= watermark.readThrough.toHexString() ? watermark.readAt : null)
        return this.asEntry(userId, e, at)
      })
      .filter((e) => !q.unread || e.readAt === null)
    const rows = [...direct, ...sharedEntries].sort((a, b) =>
      a._id.toHexString() < b._id.toHexString() ? 1 : -1,
    )
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      entries: page,
      nextBefore: rows.length > q.limit && last ? last._id.toHexString() : null,
    }
  }

  /** How many entries the user has not read. */
  async unreadCount(userId: Types.ObjectId): Promise<number> {
    const [direct, shared] = await Promise.all([
      this.deps.models.InboxEntry.countDocuments({ userId, readAt: null }),
      this.windowsOf(userId).then((w) => this.unreadShared(userId, w)),
    ])
    return direct + shared.events.length
  }

  /** Marks one of the user's entries read (again is fine); an entry not in the user's inbox is a 404. */
  async markRead(userId: Types.ObjectId, id: string): Promise<void> {
    const _id = new Types.ObjectId(id)
    const res = await this.deps.models.InboxEntry.updateOne(
      { _id, userId, readAt: null },
      { $set: { readAt: new Date() } },
    )
    if (res.matchedCount > 0 || (await this.deps.models.InboxEntry.exists({ _id, userId }))) return
    const event = await this.deps.models.NotificationEvent.findById(_id, {
      villageCode: 1,
      category: 1,
      itemId: 1,
      createdAt: 1,
    }).lean()
    if (!event || !(await this.windowsOf(userId)).some((w) => this.covers(w, event))) throw notFound('消息')
    await this.deps.models.InboxRead.updateOne(
      { userId, eventId: _id },
      { $setOnInsert: { readThrough: null, readAt: new Date() } },
      { upsert: true },
    ).catch((err: unknown) => {
      // Two taps at once: the other one recorded it.
      if (!isDuplicateKey(err)) throw err
    })
  }

  /** Marks every unread entry of the user read; returns how many changed. */
  async markAllRead(userId: Types.ObjectId): Promise<number> {
    const now = new Date()
    const [res, shared] = await Promise.all([
      this.deps.models.InboxEntry.updateMany({ userId, readAt: null }, { $set: { readAt: now } }),
      this.windowsOf(userId).then((w) => this.unreadShared(userId, w)),
    ])
    const newest = shared.events[0]
    if (newest) {
      // The watermark moves up to the newest unread shared event (they are all above the old one).
      await this.deps.models.InboxRead.updateOne(
        { userId, eventId: null },
        { $set: { readThrough: newest._id, readAt: now } },
        { upsert: true },
      ).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err
      })
    }
    return res.modifiedCount + shared.events.length
  }

  /** Every active subscription of the user and their most recent ended ones. */
  private async windowsOf(userId: Types.ObjectId): Promise<Subscription[]> {
    const { Subscription } = this.deps.models
    const [active, ended] = await Promise.all([
      Subscription.find({ userId, endedAt: null }).lean(),
      Subscription.find({ userId, endedAt: { $ne: null } })
        .sort({ createdAt: -1 })
        .limit(MAX_ENDED_WINDOWS)
        .lean(),
    ])
    return [...active, ...ended]
  }

  /** Lifetimes grouped by what they follow: following, leaving and following again is one query, not one each. */
  private byTarget(windows: Subscription[]): TargetWindows[] {
    const groups = new Map<string, TargetWindows>()
    for (const w of windows) {
      const field = w.kind === 'category' ? 'category' : 'itemId'
      const key = `${w.villageCode}|${field}|${w.targetId}`
      const group = groups.get(key) ?? {
        villageCode: w.villageCode,
        field,
        targetId: w.targetId,
        lifetimes: [],
      }
      group.lifetimes.push(w)
      groups.set(key, group)
    }
    return [...groups.values()]
  }

  /** The events of one target's lifetimes (plus conditions on _id). */
  private eventsOf(g: TargetWindows, idRange: Record<string, Types.ObjectId>) {
    const during = g.lifetimes.map((w) => {
      const created: Record<string, Date> = { $gte: w.createdAt }
      if (w.endedAt) created.$lt = w.endedAt
      return { createdAt: created }
    })
    return {
      villageCode: g.villageCode,
      [g.field]: g.targetId,
      ...(during.length === 1 ? during[0] : { $or: during }),
      ...(Object.keys(idRange).length > 0 ? { _id: idRange } : {}),
    }
  }

  private covers(
    w: Subscription,
    e: Pick<NotificationEventRecord, 'villageCode' | 'category' | 'itemId' | 'createdAt'>,
  ) {
    const target = w.kind === 'category' ? e.category : e.itemId
    return (
      w.villageCode === e.villageCode &&
      w.targetId === target &&
      e.createdAt >= w.createdAt &&
      (w.endedAt === null || e.createdAt < w.endedAt)
    )
  }

  private async watermarkOf(
    userId: Types.ObjectId,
  ): Promise<{ readThrough: Types.ObjectId; readAt: Date } | null> {
    const row = await this.deps.models.InboxRead.findOne(
      { userId, eventId: null },
      { readThrough: 1, readAt: 1 },
    ).lean()
    return row?.readThrough ? { readThrough: row.readThrough, readAt: row.readAt } : null
  }

  /** Distinct shared events in the user's windows within an id range, newest first, at most `limit` per target. */
  private async sharedEvents(
    userId: Types.ObjectId,
    windows: Subscription[],
    idRange: Record<string, Types.ObjectId>,
    limit: number | null,
  ): Promise<EventHead[]> {
    const lists = await Promise.all(
      this.byTarget(windows).map((g) => {
        const q = this.deps.models.NotificationEvent.find(this.eventsOf(g, idRange), HEAD).sort({ _id: -1 })
        return (limit === null ? q : q.limit(limit)).lean<EventHead[]>()
      }),
    )
    const byId = new Map<string, EventHead>()
    for (const list of lists) for (const e of list) byId.set(e._id.toHexString(), e)
    const events = [...byId.values()]
    // An entry addressed to the user for the same event (their household's rows changed) replaces the shared one.
    const replaced = events.length
      ? await this.deps.models.InboxEntry.find(
          { userId, eventId: { $in: events.map((e) => e.key) } },
          { eventId: 1 },
        ).lean()
      : []
    const own = new Set(replaced.map((r) => r.eventId))
    return events
      .filter((e) => !own.has(e.key))
      .sort((a, b) => (a._id.toHexString() < b._id.toHexString() ? 1 : -1))
  }

  /** Unread shared events: above the watermark and without a read mark of their own. */
  private async unreadShared(userId: Types.ObjectId, windows: Subscription[]) {
    const watermark = await this.watermarkOf(userId)
    const events = await this.sharedEvents(
      userId,
      windows,
      watermark ? { $gt: watermark.readThrough } : {},
      null,
    )
    if (events.length === 0) return { events, watermark }
    const marks = await this.deps.models.InboxRead.find(
      { userId, eventId: { $in: events.map((e) => e._id) } },
      { eventId: 1 },
    ).lean()
    const read = new Set(marks.map((m) => m.eventId?.toHexString()))
    return { events: events.filter((e) => !read.has(e._id.toHexString())), watermark }
  }

  private asEntry(userId: Types.ObjectId, e: EventHead, readAt: Date | null): InboxEntry {
    return {
      _id: e._id,
      userId,
      eventId: e.key,
      eventType: e.type,
      regionCode: e.villageCode,
      title: e.title,
      body: e.body,
      link: e.link,
      createdAt: e.at,
      readAt,
    }
  }
}
