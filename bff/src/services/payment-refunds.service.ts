import { randomBytes } from 'node:crypto'
import type { RefundCreateReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { payUnavailable, requirePayRuntime } from '../clients/pay-runtime'
import type { PayRuntime } from '../clients/pay-runtime'
import { WechatPayError } from '../clients/wechat-pay.client'
import { conflict } from '../errors'
import type { Models } from '../models'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { ChargesService } from './charges.service'
import { paySlotOf } from './charges.service'
import type { PaymentSettlementService } from './payment-settlement.service'

function newOutRefundNo(villageCode: string, now: number): string {
  return `R${villageCode}${now.toString(36)}${randomBytes(5).toString('hex')}`
}

/**
 * Refunds: the secretary refunds (part of) a household's payment with a reason; the amount is reserved on the
 * order first, and the ledger books the refund when WeChat Pay confirms it (callback or query).
 */
export class PaymentRefundsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      charges: ChargesService
      settlement: PaymentSettlementService
      pay: () => PayRuntime | null
    },
  ) {}

  /** Refunds (part of) a household's payment; the ledger books it when WeChat Pay confirms. */
  async create(chargeId: string, req: RefundCreateReq, user: User, actor: Actor): Promise<PaymentRefund> {
    const { PaymentOrder: Orders, PaymentRefund: Refunds } = this.deps.models
    const p = requirePayRuntime(this.deps.pay)
    const charge = await this.deps.charges.load(chargeId)
    const order = await Orders.findOne({
      slot: paySlotOf(charge._id, req.householdNo),
      status: 'paid',
    }).lean()
    if (!order) throw conflict('本户没有可退的缴费', ErrorCode.RefundNotAllowed)
    const amountFen = req.amountFen ?? order.amountFen - order.refundedFen
    if (amountFen <= 0 || amountFen > order.amountFen - order.refundedFen)
      throw conflict('退款金额超过可退金额', ErrorCode.RefundNotAllowed)
    // Reserve the amount on the order first: two refunds at once cannot together exceed what was paid.
    const reserved = await Orders.updateOne(
      { _id: order._id, status: 'paid', refundedFen: { $lte: order.amountFen - amountFen } },
      { $inc: { refundedFen: amountFen } },
    )
    if (reserved.modifiedCount !== 1) throw conflict('退款金额超过可退金额', ErrorCode.RefundNotAllowed)
    const refund = (
      await Refunds.create({
        outRefundNo: newOutRefundNo(charge.villageCode, p.now()),
        outTradeNo: order.outTradeNo,
        villageCode: charge.villageCode,
        chargeId: charge._id,
        householdNo: req.householdNo,
        amountFen,
        reason: req.reason,
        status: 'processing',
        requestedBy: user._id,
      })
    ).toObject()
    try {
      await p.client.refund({
        outTradeNo: order.outTradeNo,
        outRefundNo: refund.outRefundNo,
        reason: req.reason,
        refundFen: amountFen,
        totalFen: order.amountFen,
        notifyUrl: `${p.notifyBase}/api/v1/pay/refund-notify`,
      })
    } catch (err) {
      // A definite refusal releases the reservation; a network failure leaves it processing for a retry.
      if (err instanceof WechatPayError && err.status >= 400 && err.status < 500) {
        const moved = await Refunds.findOneAndUpdate(
          { _id: refund._id, status: 'processing' },
          { $set: { status: 'closed' } },
        ).lean()
        if (moved) await Orders.updateOne({ _id: order._id }, { $inc: { refundedFen: -amountFen } })
      }
      throw payUnavailable(err)
    }
    await this.deps.audit.record(actor, {
      action: 'charge.refund',
      targetType: 'payment_refund',
      targetId: refund.outRefundNo,
      regionCode: charge.villageCode,
      data: { chargeId, householdNo: req.householdNo, amountFen, reason: req.reason },
    })
    return refund
  }

  /**
   * Asks WeChat Pay about refunds still processing after `olderThanMs` (their callback may have been lost or
   * never sent) and applies the answer exactly as a callback would.
   */
  async syncProcessing(olderThanMs = 10 * 60_000, limit = 100): Promise<number> {
    const p = requirePayRuntime(this.deps.pay)
    const stale = await this.deps.models.PaymentRefund.find({
      status: 'processing',
      createdAt: { $lte: new Date(p.now() - olderThanMs) },
    })
      .limit(limit)
      .lean()
    let settled = 0
    for (const r of stale) {
      const answer = await p.client.queryRefund(r.outRefundNo)
      if (!answer) continue
      const result = await this.deps.settlement.confirmRefund({
        ...answer,
        mchid: answer.mchid ?? p.client.mchid,
        refund_status: answer.status,
      })
      if (result.ok) settled++
    }
    return settled
  }
}
