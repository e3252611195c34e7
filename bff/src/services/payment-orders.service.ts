import { randomBytes } from 'node:crypto'
import type { ChargePayCheckReq, ChargePayReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { payUnavailable, requirePayRuntime } from '../clients/pay-runtime'
import type { PayRuntime } from '../clients/pay-runtime'
import type { RequestPayment } from '../clients/wechat-pay.client'
import { WechatPayError } from '../clients/wechat-pay.client'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { Charge } from '../models/Charge.model'
import type { MyCharge, PayStart } from '../models/charge-views'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { User } from '../models/User.model'
import type { ChargesService } from './charges.service'
import { paySlotOf } from './charges.service'
import { householdMemberships } from './household-proof.service'
import { isDuplicateKey } from '../lib/db-writes'
import type { PaymentSettlementService } from './payment-settlement.service'

/** An order this close to its expiry is replaced rather than handed out again. */
const RENEW_BEFORE_MS = 2 * 60_000

/** The household's page may have its order looked up at WeChat Pay at most this often. */
const CHECK_SPACING_MS = 1500

/** 409 for a share already settled, worded for a share paid and one refunded in full. */
function alreadyPaid(order: Pick<PaymentOrder, 'amountFen' | 'refundedFen'> | null): AppError {
  if (order && order.refundedFen >= order.amountFen)
    return conflict('这项费用已全部退还给本户，不用再缴', ErrorCode.AlreadyPaid)
  return conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
}

/** Our order numbers: village code, time and randomness within WeChat's 6–32 `[0-9A-Za-z_-|*]`. */
function newOutTradeNo(villageCode: string, now: number): string {
  return `P${villageCode}${now.toString(36)}${randomBytes(5).toString('hex')}`.slice(0, 32)
}

/**
 * Payment orders: a household pays its share of a charge through a WeChat Pay JSAPI order; orders expire and are
 * closed. A household has at most one live order per charge (unique `slot`), so concurrent "pay" taps reuse one.
 */
export class PaymentOrdersService {
  constructor(
    private readonly deps: {
      models: Models
      charges: ChargesService
      settlement: PaymentSettlementService
      pay: () => PayRuntime | null
    },
  ) {}

  /** Starts (or resumes) a household's payment: a JSAPI order and the paySign parameters. */
  async start(chargeId: string, user: User, req: ChargePayReq): Promise<PayStart> {
    const { PaymentOrder: Orders } = this.deps.models
    const p = requirePayRuntime(this.deps.pay)
    const charge = await this.deps.charges.load(chargeId)
    const householdNo = await this.payerOf(user, charge, req.householdNo)
    const payer = charge.payers.find((x) => x.householdNo === householdNo)
    if (!payer) throw new AppError(403, ErrorCode.NotAPayer, '本户不在这项收费的缴费名单中')
    if (charge.status !== 'open') throw conflict('该收费已停止收缴', ErrorCode.ChargeClosed)
    if (!Number.isSafeInteger(payer.amountFen) || payer.amountFen <= 0)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '金额无效')
    const slot = paySlotOf(charge._id, householdNo)
    const now = p.now()

    let order = await Orders.findOne({ slot }).lean()
    if (order?.status === 'paid') throw alreadyPaid(order)
    // An order about to lapse, or placed by another family member (another openid), is replaced.
    if (order && (order.expiresAt.getTime() - now < RENEW_BEFORE_MS || order.openid !== user.openid)) {
      const closed = await this.close(order)
      if (closed === 'paid') throw alreadyPaid(null)
      if (closed === 'failed') throw payUnavailable(null)
      order = null
    }
    if (!order) {
      const fresh = {
        outTradeNo: newOutTradeNo(charge.villageCode, now),
        villageCode: charge.villageCode,
        chargeId: charge._id,
        householdNo,
        userId: user._id,
        openid: user.openid,
        amountFen: payer.amountFen,
        description: `${charge.title}`.slice(0, 40),
        status: 'pending' as const,
        slot,
        expiresAt: new Date(now + p.orderTtlMinutes * 60_000),
      }
      try {
        order = (await Orders.create(fresh)).toObject()
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        // Another tap created the order first: use it.
        order = await Orders.findOne({ slot }).lean()
        if (!order) throw conflict('请稍后再试')
        if (order.status === 'paid') throw alreadyPaid(order)
      }
    }
    let placed: { prepayId: string; requestPayment: RequestPayment }
    try {
      placed = await p.client.jsapiOrder({
        outTradeNo: order.outTradeNo,
        description: order.description,
        amountFen: order.amountFen,
        openid: order.openid,
        notifyUrl: `${p.notifyBase}/api/v1/pay/notify`,
        expiresAt: order.expiresAt,
        attach: order.villageCode,
      })
    } catch (err) {
      if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
        // Paid at WeChat while we still wait for its notice (lost, or not yet arrived): record it now.
        await this.settleFromWechat(order.outTradeNo)
        throw alreadyPaid(null)
      }
      throw payUnavailable(err)
    }
    await Orders.updateOne({ _id: order._id }, { $set: { prepayId: placed.prepayId } })
    const h5PayUrl = p.h5PayBase
      ? `${p.h5PayBase}/__sim/pay?${new URLSearchParams({ prepay_id: placed.prepayId, ...(req.returnUrl ? { return_url: req.returnUrl } : {}) }).toString()}`
      : null
    return {
      order: { ...order, prepayId: placed.prepayId },
      requestPayment: placed.requestPayment,
      h5PayUrl,
    }
  }

  /**
   * The household's page asks whether its payment went through (back from the wallet, or 刷新): a pending order is
   * looked up at WeChat Pay (查询订单) and a paid one recorded through the callback's idempotent path, so a lost
   * notice does not leave the share 待支付. At most one query per order every CHECK_SPACING_MS, across instances.
   */
  async check(chargeId: string, user: User, req: ChargePayCheckReq): Promise<MyCharge> {
    const p = requirePayRuntime(this.deps.pay)
    const charge = await this.deps.charges.load(chargeId)
    const householdNo = await this.payerOf(user, charge, req.householdNo)
    const slot = paySlotOf(charge._id, householdNo)
    const now = p.now()
    const order = await this.deps.models.PaymentOrder.findOneAndUpdate(
      {
        slot,
        status: 'pending',
        $or: [
          { checkedAt: { $exists: false } },
          { checkedAt: null },
          { checkedAt: { $lte: new Date(now - CHECK_SPACING_MS) } },
        ],
      },
      { $set: { checkedAt: new Date(now) } },
    ).lean()
    if (order) {
      try {
        await this.settleFromWechat(order.outTradeNo)
      } catch {
        // WeChat Pay did not answer: the share stays as it was, and the callback or the next check settles it.
      }
    }
    return this.deps.charges.shareOf(charge, householdNo)
  }

  /** Asks WeChat Pay for an order and, when it was paid, records the payment as its callback would. */
  private async settleFromWechat(outTradeNo: string): Promise<boolean> {
    const p = requirePayRuntime(this.deps.pay)
    const txn = await p.client.queryOrder(outTradeNo)
    if (!txn || (txn.trade_state !== 'SUCCESS' && txn.trade_state !== 'REFUND')) return false
    // REFUND: paid, then (partly) refunded at WeChat; the payment itself is what is recorded here.
    const result = await this.deps.settlement.confirmPayment({ ...txn, trade_state: 'SUCCESS' })
    return result.ok
  }

  /** Closes a pending order at WeChat Pay and here; a close answered ORDERPAID settles the payment instead. */
  async close(order: PaymentOrder): Promise<'closed' | 'paid' | 'failed'> {
    const p = requirePayRuntime(this.deps.pay)
    try {
      await p.client.closeOrder(order.outTradeNo)
    } catch (err) {
      if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
        await this.settleFromWechat(order.outTradeNo)
        return 'paid'
      }
      // An order WeChat never saw (the order call failed) can be closed here alone.
      if (!(err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST')) return 'failed'
    }
    const res = await this.deps.models.PaymentOrder.updateOne(
      { _id: order._id, status: 'pending' },
      {
        $set: {
          status: 'closed',
          slot: `${order.slot}|closed|${order.outTradeNo}`,
          closedAt: new Date(p.now()),
        },
      },
    )
    return res.modifiedCount === 1 ? 'closed' : 'failed'
  }

  /** Closes every pending order past its expiry; returns how many were closed (the pay job calls this). */
  async expireDue(limit = 200): Promise<{ closed: number; paid: number; failed: number }> {
    const p = requirePayRuntime(this.deps.pay)
    const due = await this.deps.models.PaymentOrder.find({
      status: 'pending',
      expiresAt: { $lte: new Date(p.now()) },
    })
      .limit(limit)
      .lean()
    const counts = { closed: 0, paid: 0, failed: 0 }
    for (const order of due) counts[await this.close(order)]++
    return counts
  }

  /** The household the user pays (or checks) for: theirs or one they act for, and among the charge's payers; or 403. */
  private async payerOf(user: User, charge: Charge, wanted: string | undefined): Promise<string> {
    const households = await this.householdsOf(user, charge.villageCode)
    const householdNo = wanted ?? households[0]
    if (!householdNo || !households.includes(householdNo))
      throw new AppError(403, ErrorCode.NotAPayer, '只能为本户（或受托户）缴费')
    if (!charge.payers.some((x) => x.householdNo === householdNo))
      throw new AppError(403, ErrorCode.NotAPayer, '本户不在这项收费的缴费名单中')
    return householdNo
  }

  /**
   * The households a user may pay for in a village: their own, when the roster proves it theirs
   * (`householdMemberships`: 户号 and name, not the 户号 alone), and those they act for.
   */
  private async householdsOf(user: User, villageCode: string): Promise<string[]> {
    const { Proxy } = this.deps.models
    const [members, proxies] = await Promise.all([
      householdMemberships(this.deps.models, user._id, villageCode),
      Proxy.find({ userId: user._id, villageCode }, { householdNo: 1 }).lean(),
    ])
    return [...new Set([...members.map((m) => m.householdNo), ...proxies.map((p) => p.householdNo)])]
  }
}
