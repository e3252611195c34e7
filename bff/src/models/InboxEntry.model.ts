import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { NotificationEventType } from '@cunwu/domain'

/** One notification in a user's in-app inbox: the record of truth (the WeChat push is best effort). */
export interface InboxEntry {
  _id: Types.ObjectId
  userId: Types.ObjectId
  eventId: string
  eventType: NotificationEventType
  regionCode: string
  title: string
  body: string
  link: { page: string; query: Record<string, string> }
  createdAt: Date
  readAt: Date | null
}

/**
 * How a household's notice of its own rows ends (docs/households.md, "Told when one's rows change"): the inbox is read
 * signed in, so it says 点开 rather than 登录后.
 */
export const HOUSEHOLD_NOTICE_ENDING = '，点开就能看到。'

const inboxEntrySchema = new Schema<InboxEntry>({
  userId: { type: Schema.Types.ObjectId, required: true },
  eventId: { type: String, required: true },
  eventType: { type: String, required: true },
  regionCode: { type: String, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  link: { type: new Schema({ page: String, query: Schema.Types.Mixed }, { _id: false }), required: true },
  createdAt: { type: Date, required: true },
  readAt: { type: Date, default: null },
})
// One entry per user and event: publishing an event again (a retry) adds nothing.
inboxEntrySchema.index({ userId: 1, eventId: 1 }, { unique: true })
// Newest-first pages and unread counts of one user.
inboxEntrySchema.index({ userId: 1, _id: -1 })
inboxEntrySchema.index({ userId: 1, readAt: 1 })

/** Registers (once) and returns the InboxEntry model on a connection. */
export function inboxEntryModel(conn: Connection): Model<InboxEntry> {
  return conn.models.InboxEntry ?? conn.model<InboxEntry>('InboxEntry', inboxEntrySchema, 'inbox_entries')
}
