import type { PayRefund, PayTransaction } from '../clients/wechat-pay.client'
import type { Models } from '../models'
import type { LedgerService } from './ledger.service'

/** Why a confirmed-looking payment or refund was not accepted (logged; WeChat gets a FAIL). */
export type SettlementRejection =
  | 'merchant_mismatch'
  | 'unknown_order'
  | 'not_success'
  | 'amount_mismatch'
  | 'missing_fields'
  | 'unknown_refund'

/** The outcome of applying a payment or refund result. */
export type SettlementResult = { ok: true; booked: boolean } | { ok: false; reason: SettlementRejection }

function text(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/**
 * Applies WeChat Pay's word that an order was paid or a refund completed: the order or refund changes state
 * idempotently, then one ledger entry is booked under a unique source reference. Used by the callbacks and by
 * the order-closing path (a close that answers ORDERPAID). Each step is a single-document write that can be
 * repeated, so a duplicate, a parallel delivery or a retry after a crash books nothing twice and loses nothing.
 */
export class PaymentSettlementService {
  // Parallel deliveries of one callback inside this process share one settlement: WeChat sends the same
  // notification from several servers within seconds, and 50 identical database round trips help no one. Across
  // processes the unique sourceRef still guarantees one entry.
  private readonly inFlight = new Map<string, Promise<SettlementResult>>()

  constructor(
    private readonly deps: {
      models: Models
      ledger: LedgerService
      merchant: () => { mchid: string; appid: string } | null
      now: () => number
    },
  ) {}

  /** Applies a SUCCESS transaction (from a callback or a query) to its order and books the income once. */
  async confirmPayment(txn: PayTransaction): Promise<SettlementResult> {
    const key = JSON.stringify([
      'pay',
      txn.mchid,
      txn.appid,
      txn.out_trade_no,
      txn.transaction_id,
      txn.trade_state,
      txn.amount?.total,
      txn.success_time,
    ])
    return this.once(key, () => this.settlePayment(txn))
  }

  /** Applies a refund result: SUCCESS books the expense once; CLOSED releases the reserved amount once; ABNORMAL keeps it. */
  async confirmRefund(r: PayRefund): Promise<SettlementResult> {
    const key = JSON.stringify([
      'refund',
      r.mchid,
      r.out_trade_no,
      r.out_refund_no,
      r.refund_status,
      r.status,
      r.amount?.refund,
      r.success_time,
      r.refund_id,
    ])
    return this.once(key, () => this.settleRefund(r))
  }

  private async once(key: string, work: () => Promise<SettlementResult>): Promise<SettlementResult> {
    const running = this.inFlight.get(key)
    if (running) {
      const r = await running
      return r.ok ? { ok: true, booked: false } : r
    }
    const p = work().finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, p)
    return p
  }

  private async chargeInfo(chargeId: unknown, householdNo: string) {
    const charge = await this.deps.models.Charge.findById(chargeId, {
      title: 1,
      category: 1,
      payers: 1,
      decisionId: 1,
    }).lean()
    const headName = charge?.payers.find((p) => p.householdNo === householdNo)?.headName ?? ''
    return {
      charge: {
        title: charge?.title ?? '集体收费',
        category: charge?.category ?? '其他收入',
        decisionId: charge?.decisionId ?? null,
      },
      headName,
    }
  }

  private async settlePayment(txn: PayTransaction): Promise<SettlementResult> {
    const merchant = this.deps.merchant()
    if (!merchant || txn.mchid !== merchant.mchid || txn.appid !== merchant.appid)
      return { ok: false, reason: 'merchant_mismatch' }
    const outTradeNo = text(txn.out_trade_no)
    const transactionId = text(txn.transaction_id)
    if (!outTradeNo || !transactionId) return { ok: false, reason: 'missing_fields' }
    if (txn.trade_state !== 'SUCCESS') return { ok: false, reason: 'not_success' }
    const order = await this.deps.models.PaymentOrder.findOne({ outTradeNo }).lean()
    if (!order) return { ok: false, reason: 'unknown_order' }
    const total = txn.amount?.total
    if (
      typeof total !== 'number' ||
      !Number.isSafeInteger(total) ||
      total <= 0 ||
      total !== order.amountFen
    ) {
      return { ok: false, reason: 'amount_mismatch' }
    }
    const parsed = Date.parse(text(txn.success_time))
    const paidAt = new Date(Number.isNaN(parsed) ? this.deps.now() : parsed)
    if (order.status !== 'paid') {
      // A closed order that WeChat reports paid (the payment won a race with our close) is still money received.
      await this.deps.models.PaymentOrder.updateOne(
        { _id: order._id, status: { $ne: 'paid' } },
        { $set: { status: 'paid', transactionId, paidAt } },
      )
    }
    const { charge, headName } = await this.chargeInfo(order.chargeId, order.householdNo)
    const booked = await this.deps.ledger.bookPayment(order, charge, headName, paidAt, transactionId)
    return { ok: true, booked }
  }

  private async settleRefund(r: PayRefund): Promise<SettlementResult> {
    const merchant = this.deps.merchant()
    if (!merchant || r.mchid !== merchant.mchid) return { ok: false, reason: 'merchant_mismatch' }
    const outRefundNo = text(r.out_refund_no)
    const status = text(r.refund_status) || text(r.status)
    if (!outRefundNo || !status) return { ok: false, reason: 'missing_fields' }
    const refund = await this.deps.models.PaymentRefund.findOne({ outRefundNo }).lean()
    if (!refund || refund.outTradeNo !== r.out_trade_no) return { ok: false, reason: 'unknown_refund' }
    const amount = r.amount?.refund
    if (typeof amount !== 'number' || amount !== refund.amountFen)
      return { ok: false, reason: 'amount_mismatch' }
    if (status === 'SUCCESS') {
      const parsed = Date.parse(text(r.success_time))
      const successAt = new Date(Number.isNaN(parsed) ? this.deps.now() : parsed)
      if (refund.status !== 'succeeded') {
        // From processing, or from abnormal once the village completed it in the merchant platform: the amount
        // stayed reserved either way.
        await this.deps.models.PaymentRefund.updateOne(
          { _id: refund._id, status: { $in: ['processing', 'abnormal'] } },
          {
            $set: {
              status: 'succeeded',
              successAt,
              endedAt: new Date(this.deps.now()),
              refundId: text(r.refund_id) || null,
            },
          },
        )
      }
      const { charge, headName } = await this.chargeInfo(refund.chargeId, refund.householdNo)
      const booked = await this.deps.ledger.bookRefund(refund, charge, headName, successAt)
      return { ok: true, booked }
    }
    if (status === 'ABNORMAL') {
      // WeChat holds the money in its refund account until the village handles it in the merchant platform (then
      // SUCCESS, or CLOSED): it is not the village's to refund again, so the amount stays reserved.
      await this.deps.models.PaymentRefund.updateOne(
        { _id: refund._id, status: 'processing' },
        { $set: { status: 'abnormal', endedAt: new Date(this.deps.now()) } },
      )
      return { ok: true, booked: false }
    }
    if (status === 'CLOSED') {
      // Only the delivery that moves the refund out of processing (or abnormal) gives the reserved amount back.
      const moved = await this.deps.models.PaymentRefund.findOneAndUpdate(
        { _id: refund._id, status: { $in: ['processing', 'abnormal'] } },
        { $set: { status: 'closed', endedAt: new Date(this.deps.now()) } },
      ).lean()
      if (moved)
        await this.deps.models.PaymentOrder.updateOne(
          { outTradeNo: refund.outTradeNo },
          { $inc: { refundedFen: -refund.amountFen } },
        )
      return { ok: true, booked: false }
    }
    // PROCESSING: nothing to do yet.
    return { ok: true, booked: false }
  }
}
