import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import type { ChargeCreateReq, ChargePayReq, PayerStatus, RefundCreateReq } from '@cunwu/domain'
import { ErrorCode, levelOfCode } from '@cunwu/domain'
import type { RequestPayment, WechatPayClient } from '../clients/wechat-pay.client'
import { WechatPayError } from '../clients/wechat-pay.client'
import { AppError, conflict, notFound, serviceUnavailable } from '../errors'
import type { Models } from '../models'
import type { Charge, ChargePayer } from '../models/Charge.model'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { isDuplicateKey } from './db-writes'
import type { PaymentSettlementService } from './payment-settlement.service'

/** What the charges need from WeChat Pay; null when no key material is configured. */
export interface PayRuntime {
  client: WechatPayClient
  /** Public base URL of this BFF; callbacks go to `${notifyBase}/api/v1/pay/notify` and `/refund-notify`. */
  notifyBase: string
  /** The payment clock: the simulator's in sim mode, so its clock controls reach expiry and signatures. */
  now: () => number
  /** Base URL of the simulator's H5 pay page; null against the real WeChat Pay. */
  h5PayBase: string | null
  /** Minutes an order stays payable. */
  orderTtlMinutes: number
}

/** A charge with counts derived from its orders. */
export interface ChargeSummary {
  charge: Charge
  paidCount: number
  receivedFen: number
}

/** One payer of a charge and where they stand. */
export interface PayerView extends ChargePayer {
  status: PayerStatus
  paidAt: Date | null
  refundedFen: number
}

/** A household's share of a charge as the household sees it. */
export interface MyCharge {
  charge: Charge
  payer: ChargePayer
  status: PayerStatus
  paidAt: Date | null
}

/** The result of starting a payment. */
export interface PayStart {
  order: PaymentOrder
  requestPayment: RequestPayment
  h5PayUrl: string | null
}

const RENEW_BEFORE_MS = 2 * 60_000

/** Our order numbers: village code, time and randomness within WeChat's 6–32 `[0-9A-Za-z_-|*]`. */
function newOutTradeNo(villageCode: string, now: number): string {
  return `P${villageCode}${now.toString(36)}${randomBytes(5).toString('hex')}`.slice(0, 32)
}

function newOutRefundNo(villageCode: string, now: number): string {
  return `R${villageCode}${now.toString(36)}${randomBytes(5).toString('hex')}`
}

function statusOf(order: PaymentOrder | undefined): PayerStatus {
  if (!order) return 'unpaid'
  if (order.status === 'pending') return 'pending'
  if (order.status === 'paid') return order.refundedFen >= order.amountFen ? 'refunded' : 'paid'
  return 'unpaid'
}

/**
 * Collective charges: the secretary defines them against the roster; a household pays its share through a
 * WeChat Pay JSAPI order; orders expire and are closed; the secretary refunds with a reason. A household has
 * at most one live order per charge (unique `slot`), so concurrent "pay" taps reuse one order.
 */
export function createChargesService(deps: {
  models: Models
  audit: AuditService
  settlement: PaymentSettlementService
  pay: () => PayRuntime | null
}) {
  const {
    Charge: Charges,
    PaymentOrder: Orders,
    PaymentRefund: Refunds,
    Household,
    Membership,
    Proxy,
    Region,
  } = deps.models

  function payRuntime(): PayRuntime {
    const p = deps.pay()
    if (!p) throw serviceUnavailable('微信支付暂未开通')
    return p
  }

  function payUnavailable(err: unknown): AppError {
    const detail = err instanceof WechatPayError ? `${err.code}` : 'error'
    return new AppError(502, ErrorCode.PayUnavailable, '微信支付暂时无法处理，请稍后再试', true, {
      wechat: detail,
    })
  }

  async function load(id: string): Promise<Charge> {
    const c = Types.ObjectId.isValid(id) ? await Charges.findById(id).lean() : null
    if (!c) throw notFound('收费项目')
    return c
  }

  /** The households a user may pay for in a village: their own (approved membership) and those they act for. */
  async function householdsOf(user: User, villageCode: string): Promise<string[]> {
    const [members, proxies] = await Promise.all([
      Membership.find({ userId: user._id, villageCode, status: 'approved' }, { householdNo: 1 }).lean(),
      Proxy.find({ userId: user._id, villageCode }, { householdNo: 1 }).lean(),
    ])
    return [...new Set([...members.map((m) => m.householdNo), ...proxies.map((p) => p.householdNo)])]
  }

  async function ordersByPayer(chargeIds: Types.ObjectId[]): Promise<Map<string, PaymentOrder>> {
    const orders = await Orders.find({
      chargeId: { $in: chargeIds },
      status: { $in: ['pending', 'paid'] },
    }).lean()
    const map = new Map<string, PaymentOrder>()
    for (const o of orders) {
      const key = `${o.chargeId.toHexString()}|${o.householdNo}`
      const prev = map.get(key)
      // A paid order wins over a pending one (there is normally only one live order per slot).
      if (!prev || (o.status === 'paid' && prev.status !== 'paid')) map.set(key, o)
    }
    return map
  }

  /** Closes a pending order at WeChat Pay and here; a close answered ORDERPAID settles the payment instead. */
  async function closeOrder(order: PaymentOrder): Promise<'closed' | 'paid' | 'failed'> {
    const p = payRuntime()
    try {
      await p.client.closeOrder(order.outTradeNo)
    } catch (err) {
      if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
        const txn = await p.client.queryOrder(order.outTradeNo)
        if (txn) await deps.settlement.confirmPayment(txn)
        return 'paid'
      }
      // An order WeChat never saw (the order call failed) can be closed here alone.
      if (!(err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST')) return 'failed'
    }
    const res = await Orders.updateOne(
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

  return {
    load,
    closeOrder,

    /** The village a charge belongs to (for authorization), or undefined. */
    async regionOf(id: string): Promise<string | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Charges.findById(id, { villageCode: 1 }).lean())?.villageCode
    },

    /** Defines a charge; payers must be households on the village roster, amounts are fixed now. */
    async create(villageCode: string, req: ChargeCreateReq, user: User, actor: Actor): Promise<Charge> {
      if (levelOfCode(villageCode) !== 'village' || !(await Region.exists({ _id: villageCode })))
        throw notFound('村（社区）')
      const roster = await Household.find({ villageCode }, { householdNo: 1, headName: 1 }).lean()
      const byNo = new Map(roster.map((h) => [h.householdNo, h.headName]))
      const wanted = req.allHouseholds
        ? roster.map((h) => ({ householdNo: h.householdNo, quantity: 1 }))
        : req.payers
      if (wanted.length === 0) throw new AppError(422, ErrorCode.UnprocessableEntity, '请选择缴费户')
      const seen = new Set<string>()
      const payers: ChargePayer[] = []
      for (const w of wanted) {
        const headName = byNo.get(w.householdNo)
        if (headName === undefined)
          throw new AppError(422, ErrorCode.HouseholdNotOnRoster, `户号 ${w.householdNo} 不在本村花名册上`)
        if (seen.has(w.householdNo))
          throw new AppError(422, ErrorCode.UnprocessableEntity, `户号 ${w.householdNo} 重复`)
        seen.add(w.householdNo)
        const quantity = req.unit === 'household' ? 1 : w.quantity
        const amountFen = req.unitAmountFen * quantity
        if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > 100_000_000) {
          throw new AppError(422, ErrorCode.UnprocessableEntity, `户号 ${w.householdNo} 的金额无效`)
        }
        payers.push({ householdNo: w.householdNo, headName, quantity, amountFen })
      }
      const doc = await Charges.create({
        villageCode,
        title: req.title,
        description: req.description,
        unit: req.unit,
        unitAmountFen: req.unitAmountFen,
        unitLabel: req.unitLabel,
        category: req.category,
        dueDate: req.dueDate,
        basis: {
          text: req.basis.text,
          disclosureId: req.basis.disclosureId ? new Types.ObjectId(req.basis.disclosureId) : null,
        },
        payers,
        status: 'open',
        createdBy: user._id,
      })
      await deps.audit.record(actor, {
        action: 'charge.create',
        targetType: 'charge',
        targetId: doc.id,
        regionCode: villageCode,
        data: { title: req.title, payers: payers.length },
      })
      return doc.toObject()
    },

    /** Charges of a village with payment counts, newest first. */
    async list(villageCode: string): Promise<ChargeSummary[]> {
      const charges = await Charges.find({ villageCode }).sort({ createdAt: -1 }).limit(200).lean()
      const orders = await ordersByPayer(charges.map((c) => c._id))
      return charges.map((charge) => {
        let paidCount = 0
        let receivedFen = 0
        for (const p of charge.payers) {
          const o = orders.get(`${charge._id.toHexString()}|${p.householdNo}`)
          if (o?.status === 'paid') {
            paidCount++
            receivedFen += o.amountFen - o.refundedFen
          }
        }
        return { charge, paidCount, receivedFen }
      })
    },

    /** A charge with each payer's status. */
    async detail(id: string): Promise<{ summary: ChargeSummary; payers: PayerView[] }> {
      const charge = await load(id)
      const orders = await ordersByPayer([charge._id])
      let paidCount = 0
      let receivedFen = 0
      const payers = charge.payers.map((p) => {
        const o = orders.get(`${charge._id.toHexString()}|${p.householdNo}`)
        if (o?.status === 'paid') {
          paidCount++
          receivedFen += o.amountFen - o.refundedFen
        }
        return { ...p, status: statusOf(o), paidAt: o?.paidAt ?? null, refundedFen: o?.refundedFen ?? 0 }
      })
      return { summary: { charge, paidCount, receivedFen }, payers }
    },

    /** What the user's households owe or paid, over every village they belong to. */
    async mine(user: User): Promise<MyCharge[]> {
      const [members, proxies] = await Promise.all([
        Membership.find({ userId: user._id, status: 'approved' }, { villageCode: 1, householdNo: 1 }).lean(),
        Proxy.find({ userId: user._id }, { villageCode: 1, householdNo: 1 }).lean(),
      ])
      const pairs = [...members, ...proxies].map((m) => ({
        villageCode: m.villageCode,
        householdNo: m.householdNo,
      }))
      if (pairs.length === 0) return []
      const charges = await Charges.find({
        $or: pairs.map((p) => ({ villageCode: p.villageCode, 'payers.householdNo': p.householdNo })),
      })
        .sort({ dueDate: 1 })
        .limit(500)
        .lean()
      const orders = await ordersByPayer(charges.map((c) => c._id))
      const out: MyCharge[] = []
      const seen = new Set<string>()
      for (const charge of charges) {
        for (const pair of pairs) {
          if (pair.villageCode !== charge.villageCode) continue
          const payer = charge.payers.find((p) => p.householdNo === pair.householdNo)
          const key = `${charge._id.toHexString()}|${pair.householdNo}`
          if (!payer || seen.has(key)) continue
          seen.add(key)
          const o = orders.get(key)
          out.push({ charge, payer, status: statusOf(o), paidAt: o?.paidAt ?? null })
        }
      }
      return out
    },

    /** Starts (or resumes) a household's payment: a JSAPI order and the paySign parameters. */
    async pay(chargeId: string, user: User, req: ChargePayReq): Promise<PayStart> {
      const p = payRuntime()
      const charge = await load(chargeId)
      const households = await householdsOf(user, charge.villageCode)
      const householdNo = req.householdNo ?? households[0]
      if (!householdNo || !households.includes(householdNo))
        throw new AppError(403, ErrorCode.NotAPayer, '只能为本户（或受托户）缴费')
      const payer = charge.payers.find((x) => x.householdNo === householdNo)
      if (!payer) throw new AppError(403, ErrorCode.NotAPayer, '本户不在这项收费的缴费名单中')
      if (charge.status !== 'open') throw conflict('该收费已停止收缴', ErrorCode.ChargeClosed)
      if (!Number.isSafeInteger(payer.amountFen) || payer.amountFen <= 0)
        throw new AppError(422, ErrorCode.UnprocessableEntity, '金额无效')
      const slot = `${charge._id.toHexString()}|${householdNo}`
      const now = p.now()

      let order = await Orders.findOne({ slot }).lean()
      if (order?.status === 'paid') throw conflict('本户已缴清这项费用', ErrorCode.AlreadyPaid)
      // An order about to lapse, or placed by another family member (another openid), is replaced.
      if (order && (order.expiresAt.getTime() - now < RENEW_BEFORE_MS || order.openid !== user.openid)) {
        const closed = await closeOrder(order)
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
    },

    /** Refunds (part of) a household's payment; the ledger books it when WeChat Pay confirms. */
    async refund(chargeId: string, req: RefundCreateReq, user: User, actor: Actor): Promise<PaymentRefund> {
      const p = payRuntime()
      const charge = await load(chargeId)
      const order = await Orders.findOne({
        slot: `${charge._id.toHexString()}|${req.householdNo}`,
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
      await deps.audit.record(actor, {
        action: 'charge.refund',
        targetType: 'payment_refund',
        targetId: refund.outRefundNo,
        regionCode: charge.villageCode,
        data: { chargeId, householdNo: req.householdNo, amountFen, reason: req.reason },
      })
      return refund
    },

    /**
     * Asks WeChat Pay about refunds still processing after `olderThanMs` (their callback may have been lost or
     * never sent) and applies the answer exactly as a callback would.
     */
    async syncRefunds(olderThanMs = 10 * 60_000, limit = 100): Promise<number> {
      const p = payRuntime()
      const stale = await Refunds.find({
        status: 'processing',
        createdAt: { $lte: new Date(p.now() - olderThanMs) },
      })
        .limit(limit)
        .lean()
      let settled = 0
      for (const r of stale) {
        const answer = await p.client.queryRefund(r.outRefundNo)
        if (!answer) continue
        const result = await deps.settlement.confirmRefund({
          ...answer,
          mchid: answer.mchid ?? p.client.mchid,
          refund_status: answer.status,
        })
        if (result.ok) settled++
      }
      return settled
    },

    /** Closes every pending order past its expiry; returns how many were closed (the job calls this). */
    async expireOrders(limit = 200): Promise<{ closed: number; paid: number; failed: number }> {
      const p = payRuntime()
      const due = await Orders.find({ status: 'pending', expiresAt: { $lte: new Date(p.now()) } })
        .limit(limit)
        .lean()
      const counts = { closed: 0, paid: 0, failed: 0 }
      for (const order of due) counts[await closeOrder(order)]++
      return counts
    },
  }
}

/** The charges service. */
export type ChargesService = ReturnType<typeof createChargesService>
