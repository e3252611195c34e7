import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { OutboxStatusSchema, PRIVATE_RECIPIENT_LABELS } from '@cunwu/domain'
import type { NotificationEventType, OutboxStatus } from '@cunwu/domain'

/**
 * One WeChat subscribe message to send, at most once per (event, user). The sender claims messages with a
 * lease (`leaseUntil`/`leaseOwner`) and sets `inflight` before each request, so a worker that finds an
 * expired lease on an in-flight message knows the previous send may have reached WeChat.
 */
export interface OutboxMessage {
  _id: Types.ObjectId
  /** `${eventId}|${userId}`: the unique de-duplication key. */
  dedupeKey: string
  eventId: string
  eventType: NotificationEventType
  userId: Types.ObjectId
  regionCode: string
  templateId: string
  /** Mini-program page with query (includes `n=<this id>`, which also identifies the delivery). */
  page: string
  /** Template data, already fitted to the key rules. */
  data: Record<string, string>
  /** Being a recipient says something private (a household's own rows): admins do not see whom it went to. */
  privateRecipient: boolean
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  leaseUntil: Date
  leaseOwner: string | null
  /** A request to WeChat was (or may have been) sent and its outcome is not recorded yet. */
  inflight: boolean
  /** A local credit was taken for this message (so a retry does not take another). */
  creditTaken: boolean
  errcode: number | null
  error: string | null
  msgid: string | null
  createdAt: Date
  sentAt: Date | null
}

/**
 * An outgoing message with what the admins' view names it by (`OutboxService.list`): the title its inbox entry or
 * event carries, and the recipient's display name (null when the user is gone, or not looked up because who it is
 * stays private).
 */
export interface OutboxMessageView {
  message: OutboxMessage
  title: string | null
  recipientName: string | null
}

/**
 * Whether who received a message stays private from admins: a requester or an asker (`PRIVATE_RECIPIENT_LABELS`,
 * docs/info-requests.md, docs/questions.md), or a household told about its own rows (`privateRecipient`,
 * docs/households.md).
 */
export function isPrivateRecipient(m: Pick<OutboxMessage, 'eventType' | 'privateRecipient'>): boolean {
  return Boolean(PRIVATE_RECIPIENT_LABELS[m.eventType]) || m.privateRecipient
}

const outboxSchema = new Schema<OutboxMessage>({
  dedupeKey: { type: String, required: true },
  eventId: { type: String, required: true },
  eventType: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  regionCode: { type: String, required: true },
  templateId: { type: String, required: true },
  page: { type: String, required: true },
  data: { type: Schema.Types.Mixed, required: true },
  status: { type: String, required: true, enum: OutboxStatusSchema.options },
  attempts: { type: Number, required: true, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  leaseUntil: { type: Date, required: true },
  leaseOwner: { type: String, default: null },
  inflight: { type: Boolean, required: true, default: false },
  creditTaken: { type: Boolean, required: true, default: false },
  privateRecipient: { type: Boolean, default: false },
  errcode: { type: Number, default: null },
  error: { type: String, default: null },
  msgid: { type: String, default: null },
  createdAt: { type: Date, required: true },
  sentAt: { type: Date, default: null },
})
outboxSchema.index({ dedupeKey: 1 }, { unique: true })
// The sender's claim: due pending messages, oldest first.
outboxSchema.index({ status: 1, nextAttemptAt: 1 })
// The admin views: per region and status, newest first.
outboxSchema.index({ regionCode: 1, status: 1, createdAt: -1 })

/** Registers (once) and returns the Outbox model on a connection. */
export function outboxModel(conn: Connection): Model<OutboxMessage> {
  return conn.models.OutboxMessage ?? conn.model<OutboxMessage>('OutboxMessage', outboxSchema, 'outbox')
}
