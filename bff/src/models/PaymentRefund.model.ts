import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { RefundStatusSchema } from '@cunwu/domain'
import type { RefundStatus } from '@cunwu/domain'

/** A refund of (part of) a paid order, applied for by the secretary. */
export interface PaymentRefund {
  _id: Types.ObjectId
  outRefundNo: string
  outTradeNo: string
  villageCode: string
  chargeId: Types.ObjectId
  householdNo: string
  amountFen: number
  reason: string
  status: RefundStatus
  refundId: string | null
  successAt: Date | null
  /** When WeChat Pay's outcome (SUCCESS, ABNORMAL or CLOSED) was recorded; absent on refunds from before it was kept. */
  endedAt?: Date | null
  requestedBy: Types.ObjectId
  createdAt: Date
  updatedAt: Date
}

const paymentRefundSchema = new Schema<PaymentRefund>(
  {
    outRefundNo: { type: String, required: true, unique: true },
    outTradeNo: { type: String, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    chargeId: { type: Schema.Types.ObjectId, required: true },
    householdNo: { type: String, required: true },
    amountFen: { type: Number, required: true, min: 1 },
    reason: { type: String, required: true },
    status: { type: String, required: true, enum: RefundStatusSchema.options },
    refundId: { type: String, default: null },
    successAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    requestedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
)
paymentRefundSchema.index({ outTradeNo: 1 })
paymentRefundSchema.index({ chargeId: 1 })

/** Registers (once) and returns the PaymentRefund model on a connection. */
export function paymentRefundModel(conn: Connection): Model<PaymentRefund> {
  return conn.models.PaymentRefund ?? conn.model<PaymentRefund>('PaymentRefund', paymentRefundSchema)
}
