import { Types } from 'mongoose'
import type { InboxPageDto } from '@cunwu/domain'
import { notFound } from '../errors'
import type { Models } from '../models'
import { presentInboxEntry } from '../presenters/notification.presenter'

/** A user's in-app notifications: paged newest first, unread counts, read marks. */
export function createInboxService(deps: { models: Pick<Models, 'InboxEntry'> }) {
  const { InboxEntry } = deps.models
  return {
    /** One page of the user's entries, newest first; `before` is the last id of the previous page. */
    async list(userId: Types.ObjectId, q: { limit: number; before?: string; unread?: boolean }): Promise<InboxPageDto> {
      const filter: Record<string, unknown> = { userId }
      if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) }
      if (q.unread) filter.readAt = null
      // One extra row tells whether another page exists.
      const rows = await InboxEntry.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean()
      const page = rows.slice(0, q.limit)
      const last = page[page.length - 1]
      return {
        entries: page.map(presentInboxEntry),
        nextBefore: rows.length > q.limit && last ? last._id.toHexString() : null,
      }
    },

    /** How many entries the user has not read. */
    async unreadCount(userId: Types.ObjectId): Promise<number> {
      return InboxEntry.countDocuments({ userId, readAt: null })
    },

    /** Marks one of the user's entries read (again is fine); another user's entry is a 404. */
    async markRead(userId: Types.ObjectId, id: string): Promise<void> {
      const _id = new Types.ObjectId(id)
      const res = await InboxEntry.updateOne({ _id, userId, readAt: null }, { $set: { readAt: new Date() } })
      if (res.matchedCount === 0 && !(await InboxEntry.exists({ _id, userId }))) throw notFound('消息')
    },

    /** Marks every unread entry of the user read; returns how many changed. */
    async markAllRead(userId: Types.ObjectId): Promise<number> {
      const res = await InboxEntry.updateMany({ userId, readAt: null }, { $set: { readAt: new Date() } })
      return res.modifiedCount
    },
  }
}

/** The inbox service. */
export type InboxService = ReturnType<typeof createInboxService>
