import { randomBytes } from 'node:crypto'
import type { ChargePayReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { payUnavailable, requirePayRuntime } from '../clients/pay-runtime'
import type { PayRuntime } from '../clients/pay-runtime'
import type { RequestPayment } from '../clients/wechat-pay.client'
import { WechatPayError } from '../clients/wechat-pay.client'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { PayStart } from '../models/charge-views'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { User } from '../models/User.model'
import type { ChargesService } from './charges.service'
import { paySlotOf } from './charges.service'
import { householdMemberships } from './household-proof.service'
import { isDuplicateKey } from '../lib/db-writes'
import type { PaymentSettlementService } from './payment-settlement.service'

/** An order this close to its expiry is replaced rather than handed out again. */
const RENEW_BEFORE_MS = 2 * 60_000

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
    const households = await this.householdsOf(user, charge.villageCode)
    const householdNo = req.householdNo ?? households[0]
    if (!householdNo || !households.includes(householdNo))
      throw new AppError(403, ErrorCode.NotAPayer, '只能为本户（或受托户）缴费')
    const payer = charge.payers.find((x) => x.householdNo === householdNo)
    if (!payer) throw new AppError(403, ErrorCode.NotAPayer, '本户不在这项收费的缴费名单中')
    if (charge.status !== 'open') throw conflict('该收费已停止收缴', ErrorCode.ChargeClosed)
    if (!Number.isSafeInteger(payer.amountFen) || payer.amountFen <= 0)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '金额无效')
    const slot = paySlotOf(charge._id, householdNo)
    const now = p.now()

    let order = await Orders.findOne({ slot }).lean()
    if (order?.status === 'paid') throw conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
    // An order about to lapse, or placed by another family member (another openid), is replaced.
    if (order && (order.expiresAt.getTime() - now < RENEW_BEFORE_MS || order.openid !== user.openid)) {
      const closed = await this.close(order)
      if (closed === 'paid') throw conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
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
        if (order.status === 'paid') throw conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
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
      if (err instanceof WechatPayError && err.code === 'ORDERPAID')
        throw conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
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

  /** Closes a pending order at WeChat Pay and here; a close answered ORDERPAID settles the payment instead. */
  async close(order: PaymentOrder): Promise<'closed' | 'paid' | 'failed'> {
    const p = requirePayRuntime(this.deps.pay)
    try {
      await p.client.closeOrder(order.outTradeNo)
    } catch (err) {
      if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
        const txn = await p.client.queryOrder(order.outTradeNo)
        if (txn) await this.deps.settlement.confirmPayment(txn)
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
