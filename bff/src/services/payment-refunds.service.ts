import { randomBytes } from 'node:crypto'
import type { RefundCreateReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { payUnavailable, requirePayRuntime } from '../clients/pay-runtime'
import type { PayRuntime } from '../clients/pay-runtime'
import type { Types } from 'mongoose'
import type { PayRefund } from '../clients/wechat-pay.client'
import { WechatPayError } from '../clients/wechat-pay.client'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { ChargesService } from './charges.service'
import { paySlotOf } from './charges.service'
import type { PaymentSettlementService } from './payment-settlement.service'

/** WeChat Pay's rule: refunds of one order at least one minute apart (docs/wechat-pay.md). */
const REFUND_SPACING_MS = 60_000

/** 429 for a refund asked for within a minute of the order's last one; Retry-After says when it may be tried. */
function refundTooSoon(seconds: number): AppError {
  return new AppError(429, ErrorCode.RefundTooSoon, '同一笔缴费两次退款要间隔 1 分钟，请稍后再试', true, {
    retryAfterSeconds: Math.max(1, Math.ceil(seconds)),
  })
}

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
    // Reserve the amount on the order first, and take the order's refund turn: two refunds at once cannot together
    // exceed what was paid, and WeChat Pay refuses a second refund of one order within a minute (FREQUENCY_LIMITED),
    // so the second is told here, in words, when it may come back.
    const now = p.now()
    const reserved = await Orders.updateOne(
      {
        _id: order._id,
        status: 'paid',
        refundedFen: { $lte: order.amountFen - amountFen },
        $or: [
          { lastRefundAt: { $exists: false } },
          { lastRefundAt: null },
          { lastRefundAt: { $lte: new Date(now - REFUND_SPACING_MS) } },
        ],
      },
      { $inc: { refundedFen: amountFen }, $set: { lastRefundAt: new Date(now) } },
    )
    if (reserved.modifiedCount !== 1) {
      const current = await Orders.findById(order._id, { lastRefundAt: 1 }).lean()
      const last = current?.lastRefundAt?.getTime() ?? 0
      if (now - last < REFUND_SPACING_MS) throw refundTooSoon((last + REFUND_SPACING_MS - now) / 1000)
      throw conflict('退款金额超过可退金额', ErrorCode.RefundNotAllowed)
    }
    const refund = (
      await Refunds.create({
        outRefundNo: newOutRefundNo(charge.villageCode, now),
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
      // A network failure or WeChat's own error leaves the refund processing for a retry (syncProcessing). A
      // refusal (4xx) may still have been accepted (WeChat's refund guide: query before concluding), so the refund
      // is looked up first; only one WeChat does not know is closed and its amount released.
      if (!(err instanceof WechatPayError && err.status >= 400 && err.status < 500)) throw payUnavailable(err)
      let known: PayRefund | null
      try {
        known = await p.client.queryRefund(refund.outRefundNo)
      } catch {
        throw payUnavailable(err)
      }
      if (!known) {
        await this.release(refund, order._id, now, order.lastRefundAt ?? null, err.code)
        if (err.code === 'FREQUENCY_LIMITED') throw refundTooSoon(REFUND_SPACING_MS / 1000)
        throw payUnavailable(err)
      }
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
   * Closes a refund WeChat Pay refused and gives its amount back, once (only the call that moves it out of
   * processing). The order's refund turn goes back to the refund before, unless WeChat said it was too soon.
   */
  private async release(
    refund: PaymentRefund,
    orderId: Types.ObjectId,
    turn: number,
    previousTurn: Date | null,
    wechatCode: string,
  ): Promise<void> {
    const { PaymentOrder: Orders, PaymentRefund: Refunds } = this.deps.models
    const moved = await Refunds.findOneAndUpdate(
      { _id: refund._id, status: 'processing' },
      { $set: { status: 'closed', endedAt: new Date(this.deps.pay()?.now() ?? Date.now()) } },
    ).lean()
    if (!moved) return
    await Orders.updateOne({ _id: orderId }, { $inc: { refundedFen: -refund.amountFen } })
    if (wechatCode !== 'FREQUENCY_LIMITED')
      await Orders.updateOne(
        { _id: orderId, lastRefundAt: new Date(turn) },
        { $set: { lastRefundAt: previousTurn } },
      )
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
