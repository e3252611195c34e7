import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * Read marks for events told to followers (`NotificationEvent`), which are shared by everyone and so cannot
 * carry one person's read state. `readThrough` rows (eventId null) mark everything up to an id read at once
 * ("read all"); the others mark one event.
 */
export interface InboxRead {
  _id: Types.ObjectId
  userId: Types.ObjectId
  /** The event read; null for the user's "read all" watermark row. */
  eventId: Types.ObjectId | null
  /** For the watermark row: every event with a smaller id is read. */
  readThrough: Types.ObjectId | null
  readAt: Date
}

const inboxReadSchema = new Schema<InboxRead>({
  userId: { type: Schema.Types.ObjectId, required: true },
  eventId: { type: Schema.Types.ObjectId, default: null },
  readThrough: { type: Schema.Types.ObjectId, default: null },
  readAt: { type: Date, required: true },
})
// One mark per user and event (the watermark row is the one with eventId null).
inboxReadSchema.index({ userId: 1, eventId: 1 }, { unique: true })

/** Registers (once) and returns the InboxRead model on a connection. */
export function inboxReadModel(conn: Connection): Model<InboxRead> {
  return conn.models.InboxRead ?? conn.model<InboxRead>('InboxRead', inboxReadSchema, 'inbox_reads')
}
