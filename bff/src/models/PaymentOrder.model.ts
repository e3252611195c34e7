import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** States of an order: the API shows payers' states instead, so this list lives with the model. */
export const PAYMENT_ORDER_STATUSES = ['pending', 'paid', 'closed'] as const
export type PaymentOrderStatus = (typeof PAYMENT_ORDER_STATUSES)[number]

/** A WeChat Pay JSAPI order for one household's share of a charge. */
export interface PaymentOrder {
  _id: Types.ObjectId
  /** Our order number at WeChat Pay (unique per merchant). */
  outTradeNo: string
  villageCode: string
  chargeId: Types.ObjectId
  householdNo: string
  userId: Types.ObjectId
  openid: string
  amountFen: number
  description: string
  status: PaymentOrderStatus
  /**
   * `chargeId|householdNo` while pending or paid, so a household has at most one live order per charge
   * (a unique index, no transaction needed); a closed order moves to `…|closed|outTradeNo`.
   */
  slot: string
  prepayId: string | null
  expiresAt: Date
  transactionId: string | null
  paidAt: Date | null
  /** Refunds applied for or done (reserved before WeChat is asked, released when a refund fails). */
  refundedFen: number
  /** When the last refund of this order was applied for: WeChat Pay wants a minute between refunds of one order. */
  lastRefundAt?: Date | null
  /** When the household's page last had this order checked at WeChat Pay (at most one query per few seconds). */
  checkedAt?: Date | null
  closedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

const paymentOrderSchema = new Schema<PaymentOrder>(
  {
    outTradeNo: { type: String, required: true, unique: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    chargeId: { type: Schema.Types.ObjectId, required: true },
    householdNo: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    openid: { type: String, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    description: { type: String, required: true },
    status: { type: String, required: true, enum: PAYMENT_ORDER_STATUSES },
    slot: { type: String, required: true, unique: true },
    prepayId: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    transactionId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    refundedFen: { type: Number, default: 0, min: 0 },
    lastRefundAt: { type: Date, default: null },
    checkedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
paymentOrderSchema.index({ chargeId: 1, householdNo: 1 })
paymentOrderSchema.index({ status: 1, expiresAt: 1 })
paymentOrderSchema.index({ villageCode: 1, paidAt: 1 })

/** Registers (once) and returns the PaymentOrder model on a connection. */
export function paymentOrderModel(conn: Connection): Model<PaymentOrder> {
  return conn.models.PaymentOrder ?? conn.model<PaymentOrder>('PaymentOrder', paymentOrderSchema)
}
