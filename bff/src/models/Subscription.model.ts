import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { SubscriptionKindSchema } from '@cunwu/domain'
import { LIMIT_SLOT_INDEX } from './limit-slot'
import type { SubscriptionKind } from '@cunwu/domain'

/**
 * Something a user follows in a village: a catalog domain (category) or one catalog item's updates, from
 * `createdAt` until `endedAt` (unsubscribed, or no longer a villager there). Ended subscriptions are kept: the
 * inbox shows what was told while one followed (events recorded within the lifetime), and following again
 * starts a new lifetime.
 */
export interface Subscription {
  _id: Types.ObjectId
  userId: Types.ObjectId
  villageCode: string
  kind: SubscriptionKind
  /** Catalog domain id (kind `category`) or catalog item id (kind `item`). */
  targetId: string
  createdAt: Date
  endedAt: Date | null
  /** `${userId}|${villageCode}|${kind}|${targetId}` while active, else null: unique, so one active lifetime each. */
  activeKey: string | null
  /**
   * `<userId>#<n>` while active, then null: its place among the person's `MAX_ACTIVE_SUBSCRIPTIONS`
   * (lib/limit-slots.ts). Absent on follows from before places existed.
   */
  limitSlot?: string | null
}

/** The `activeKey` of an active subscription. */
export function subscriptionActiveKey(
  s: Pick<Subscription, 'userId' | 'villageCode' | 'kind' | 'targetId'>,
): string {
  return `${s.userId.toHexString()}|${s.villageCode}|${s.kind}|${s.targetId}`
}

const subscriptionSchema = new Schema<Subscription>({
  userId: { type: Schema.Types.ObjectId, required: true },
  villageCode: { type: String, required: true, match: /^\d{12}$/ },
  kind: { type: String, required: true, enum: SubscriptionKindSchema.options },
  targetId: { type: String, required: true },
  createdAt: { type: Date, required: true },
  endedAt: { type: Date, default: null },
  activeKey: { type: String, default: null },
  limitSlot: { type: String },
})
// Following the same thing twice is one subscription (the POST upserts against this index).
subscriptionSchema.index(
  { activeKey: 1 },
  { unique: true, partialFilterExpression: { activeKey: { $type: 'string' } } },
)
// One follow per place, so the limit holds when follows arrive at once.
subscriptionSchema.index(LIMIT_SLOT_INDEX.spec, LIMIT_SLOT_INDEX.options)
// A user's subscriptions (their inbox and profile).
subscriptionSchema.index({ userId: 1, createdAt: 1 })
// The followers of a village's category or item, walked in userId order when an event's messages are written.
subscriptionSchema.index({ villageCode: 1, kind: 1, targetId: 1, userId: 1 })

/** Index names of earlier versions, dropped at start-up (the old unique index would forbid following again). */
export const RETIRED_SUBSCRIPTION_INDEXES = [
  'userId_1_villageCode_1_kind_1_targetId_1',
  'villageCode_1_kind_1_targetId_1',
]

/** Registers (once) and returns the Subscription model on a connection. */
export function subscriptionModel(conn: Connection): Model<Subscription> {
  return conn.models.Subscription ?? conn.model<Subscription>('Subscription', subscriptionSchema)
}
