import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { SubscriptionKindSchema } from '@cunwu/domain'
import type { NotificationEventType, SubscriptionKind } from '@cunwu/domain'

/** States of an event's expansion into followers' messages (internal: the API never shows them). */
const EXPANSION_STATES = ['pending', 'done'] as const

/**
 * An event told to everyone who follows something in a village (a disclosure published or updated), recorded
 * once however many people follow it. It is the inbox entry of all of them at once: a follower's inbox reads
 * the events of what they followed at the time (`createdAt` inside a subscription's lifetime), so publishing
 * costs one write whether 5 or 100,000 people follow. The push messages are derived from it afterwards:
 * `expansion` is the checkpoint of the sender's walk over the followers (in userId order), which writes one
 * outbox message per follower under the same unique (event, user) key, so a crash mid-walk repeats nothing.
 */
export interface NotificationEventRecord {
  _id: Types.ObjectId
  /** The caller's stable event id (e.g. `disclosure.published:<id>:v3`): unique, so recording it again adds nothing. */
  key: string
  type: NotificationEventType
  villageCode: string
  /** Followers of this catalog domain in the village hear about it… */
  category: string
  /** …and followers of this catalog item. */
  itemId: string
  title: string
  body: string
  link: { page: string; query: Record<string, string> }
  templateId: string
  /** Template data fitted to the key rules; null when our own validation refused it (sent as local 47003). */
  data: Record<string, string> | null
  dataError: string | null
  /** When it happened (shown). */
  at: Date
  /** When it was recorded: the audience is who followed at this instant. */
  createdAt: Date
  expansion: {
    state: (typeof EXPANSION_STATES)[number]
    /** Which followers the walk is at: those of the category, then those of the item. */
    phase: SubscriptionKind
    /** Last follower (userId) whose message is written in this phase. */
    after: Types.ObjectId | null
    /** Messages written so far (new ones only). */
    messages: number
    leaseUntil: Date
    leaseOwner: string | null
  }
}

const linkSchema = new Schema({ page: String, query: Schema.Types.Mixed }, { _id: false })
const expansionSchema = new Schema(
  {
    state: { type: String, required: true, enum: EXPANSION_STATES },
    phase: { type: String, required: true, enum: SubscriptionKindSchema.options },
    after: { type: Schema.Types.ObjectId, default: null },
    messages: { type: Number, required: true, default: 0 },
    leaseUntil: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
  },
  { _id: false },
)

const notificationEventSchema = new Schema<NotificationEventRecord>({
  key: { type: String, required: true },
  type: { type: String, required: true },
  villageCode: { type: String, required: true },
  category: { type: String, required: true },
  itemId: { type: String, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  link: { type: linkSchema, required: true },
  templateId: { type: String, required: true },
  data: { type: Schema.Types.Mixed, default: null },
  dataError: { type: String, default: null },
  at: { type: Date, required: true },
  createdAt: { type: Date, required: true },
  expansion: { type: expansionSchema, required: true },
})
notificationEventSchema.index({ key: 1 }, { unique: true })
// A follower's inbox: the events of one followed category (or item) of a village, newest first.
notificationEventSchema.index({ villageCode: 1, category: 1, _id: -1 })
notificationEventSchema.index({ villageCode: 1, itemId: 1, _id: -1 })
// The sender's walk: events whose messages are not all written yet, oldest first.
notificationEventSchema.index({ 'expansion.state': 1, _id: 1 })

/** Registers (once) and returns the NotificationEvent model on a connection. */
export function notificationEventModel(conn: Connection): Model<NotificationEventRecord> {
  return (
    conn.models.NotificationEvent ??
    conn.model<NotificationEventRecord>('NotificationEvent', notificationEventSchema, 'notification_events')
  )
}
