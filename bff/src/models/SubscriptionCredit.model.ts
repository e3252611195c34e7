import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * The WeChat send credits a user granted for one template, as counted by the BFF: +1 per accept of a
 * one-time template, `unlimited` for an accepted long-term template. WeChat keeps the real count; a 43101
 * resets ours to zero.
 */
export interface SubscriptionCredit {
  _id: Types.ObjectId
  userId: Types.ObjectId
  templateId: string
  credits: number
  unlimited: boolean
  /** The last prompt answers (requestId) counted here, so a retried answer adds no second credit. */
  grantIds: string[]
  updatedAt: Date
}

const subscriptionCreditSchema = new Schema<SubscriptionCredit>({
  userId: { type: Schema.Types.ObjectId, required: true },
  templateId: { type: String, required: true },
  credits: { type: Number, required: true, min: 0, default: 0 },
  unlimited: { type: Boolean, required: true, default: false },
  grantIds: { type: [String], default: [] },
  updatedAt: { type: Date, required: true },
})
subscriptionCreditSchema.index({ userId: 1, templateId: 1 }, { unique: true })

/** Registers (once) and returns the SubscriptionCredit model on a connection. */
export function subscriptionCreditModel(conn: Connection): Model<SubscriptionCredit> {
  return (
    conn.models.SubscriptionCredit ??
    conn.model<SubscriptionCredit>('SubscriptionCredit', subscriptionCreditSchema, 'subscription_credits')
  )
}
