import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** Something a user follows in a village: a catalog domain (category) or one catalog item's updates. */
export interface Subscription {
  _id: Types.ObjectId
  userId: Types.ObjectId
  villageCode: string
  kind: 'category' | 'item'
  /** Catalog domain id (kind `category`) or catalog item id (kind `item`). */
  targetId: string
  createdAt: Date
}

const subscriptionSchema = new Schema<Subscription>({
  userId: { type: Schema.Types.ObjectId, required: true },
  villageCode: { type: String, required: true, match: /^\d{12}$/ },
  kind: { type: String, required: true, enum: ['category', 'item'] },
  targetId: { type: String, required: true },
  createdAt: { type: Date, required: true },
})
// Following the same thing twice is one subscription (the POST upserts against this index).
subscriptionSchema.index({ userId: 1, villageCode: 1, kind: 1, targetId: 1 }, { unique: true })
// Recipient lookup when an event about a village's category or item is published.
subscriptionSchema.index({ villageCode: 1, kind: 1, targetId: 1 })

/** Registers (once) and returns the Subscription model on a connection. */
export function subscriptionModel(conn: Connection): Model<Subscription> {
  return conn.models.Subscription ?? conn.model<Subscription>('Subscription', subscriptionSchema)
}
