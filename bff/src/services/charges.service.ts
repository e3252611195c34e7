import { Types } from 'mongoose'
import type { ChargeCreateReq, PayerStatus } from '@cunwu/domain'
import { addDays, ErrorCode, isPublicDisclosureStatus, levelOfCode, shanghaiDateOf } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { Charge, ChargePayer } from '../models/Charge.model'
import type { ChargeSummary, MyCharge, PayerView } from '../models/charge-views'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { Decision } from '../models/Decision.model'
import { decisionSeriesOf, loadPassedDecision } from './decisions.service'
import { householdMemberships } from './household-proof.service'

/** Where a payer stands, from their live order (paid, pending, refunded in full, or none). */
export function payerStatusOf(order: PaymentOrder | undefined): PayerStatus {
  if (!order) return 'unpaid'
  if (order.status === 'pending') return 'pending'
  if (order.status === 'paid') return order.refundedFen >= order.amountFen ? 'refunded' : 'paid'
  return 'unpaid'
}

/** How far ahead a charge may fall due: a later date is a typing slip (2028 for 2026), not a plan. */
const MAX_DUE_YEARS = 2

/** Disclosure states a charge's basis may point to: public and not withdrawn. */

/** The key of a payer's slot: one live order per charge and household. */
export function paySlotOf(chargeId: Types.ObjectId, householdNo: string): string {
  return `${chargeId.toHexString()}|${householdNo}`
}

/**
 * Collective charges: the secretary defines them against the roster (amounts fixed at creation); staff and
 * households read them with each payer's status derived from the orders. Paying is `PaymentOrdersService`,
 * refunding `PaymentRefundsService`.
 */
export class ChargesService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      /** The pay clock (the simulator's in sim mode): today, for due dates. */
      now: () => number
    },
  ) {}

  /** Today in China (YYYY-MM-DD) by the pay clock. */
  private today(): string {
    return shanghaiDateOf(this.deps.now())
  }

  /** The charge, or 404. */
  async load(id: string): Promise<Charge> {
    const c = Types.ObjectId.isValid(id) ? await this.deps.models.Charge.findById(id).lean() : null
    if (!c) throw notFound('收费项目')
    return c
  }

  /** The village a charge belongs to (for authorization), or undefined. */
  async regionOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.Charge.findById(id, { villageCode: 1 }).lean())?.villageCode
  }

  /** Defines a charge; payers must be households on the village roster, amounts are fixed now. */
  async create(villageCode: string, req: ChargeCreateReq, user: User, actor: Actor): Promise<Charge> {
    const { Charge: Charges, Household, Region } = this.deps.models
    if (levelOfCode(villageCode) !== 'village' || !(await Region.exists({ _id: villageCode })))
      throw notFound('村（社区）')
    this.checkDueDate(req.dueDate)
    const decision = req.decisionId
      ? await loadPassedDecision(this.deps.models, villageCode, req.decisionId)
      : null
    if (req.basis.disclosureId) await this.checkBasisDisclosure(villageCode, req.basis.disclosureId, decision)
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
      decisionId: decision?._id ?? null,
      payers,
      status: 'open',
      createdBy: user._id,
    })
    await this.deps.audit.record(actor, {
      action: 'charge.create',
      targetType: 'charge',
      targetId: doc.id,
      regionCode: villageCode,
      data: { title: req.title, payers: payers.length },
    })
    return doc.toObject()
  }

  /**
   * A due date from today (China) to MAX_DUE_YEARS ahead. Paying after it stays possible (a villager a day late
   * still pays; their card says 已过截止日期): the date tells villagers when, the secretary closes the charge.
   */
  private checkDueDate(dueDate: string): void {
    const today = this.today()
    if (dueDate < today)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '截止日期不能早于今天，请重新选择')
    if (dueDate > addDays(today, MAX_DUE_YEARS * 366))
      throw new AppError(
        422,
        ErrorCode.UnprocessableEntity,
        `截止日期最多定在 ${MAX_DUE_YEARS} 年以内，请检查年份`,
      )
  }

  /**
   * The disclosure a charge's basis names: a public disclosure of the same village. Any other village's id (or an
   * id that is no disclosure at all) answers 404, as reading it would (docs/api.md); the village's own draft or
   * withdrawn one 422. With a decision named too, it must be that decision's 决议公开 or 实施结果公开 (a version of
   * the decision's own series), else 422: the basis villagers open is the decision the money rests on.
   */
  private async checkBasisDisclosure(
    villageCode: string,
    id: string,
    decision: Pick<Decision, '_id'> | null,
  ): Promise<void> {
    const d = await this.deps.models.Disclosure.findById(id, {
      regionCode: 1,
      status: 1,
      seriesKey: 1,
    }).lean()
    if (!d || d.regionCode !== villageCode) throw notFound('所选公开内容')
    if (!isPublicDisclosureStatus(d.status, true))
      throw new AppError(
        422,
        ErrorCode.UnprocessableEntity,
        d.status === 'retracted'
          ? '所选公开内容已撤回，不能作为收费依据'
          : '所选公开内容还没有公开，不能作为收费依据',
      )
    if (decision && !d.seriesKey.endsWith(`|${decisionSeriesOf(decision._id)}`))
      throw new AppError(
        422,
        ErrorCode.UnprocessableEntity,
        '收费依据所选的公开内容不是所选议事事项的决议公开，请改选这件事的决议公开或实施结果公开',
        true,
        { 'body.basis.disclosureId': '不是所选议事事项的决议公开' },
      )
  }

  /** Charges of a village with payment counts, newest first. */
  async list(villageCode: string): Promise<ChargeSummary[]> {
    const charges = await this.deps.models.Charge.find({ villageCode })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean()
    const orders = await this.ordersByPayer(charges.map((c) => c._id))
    const refunded = await this.refundedByOrder([...orders.values()])
    return charges.map((charge) => {
      let paidCount = 0
      let receivedFen = 0
      for (const p of charge.payers) {
        const o = orders.get(paySlotOf(charge._id, p.householdNo))
        if (o?.status === 'paid') {
          paidCount++
          receivedFen += o.amountFen - (refunded.get(o.outTradeNo) ?? 0)
        }
      }
      return { charge, paidCount, receivedFen }
    })
  }

  /** A charge with each payer's status. */
  async detail(
    id: string,
  ): Promise<{ summary: ChargeSummary; payers: PayerView[]; refunds: PaymentRefund[] }> {
    const charge = await this.load(id)
    const [orders, refunds] = await Promise.all([
      this.ordersByPayer([charge._id]),
      this.deps.models.PaymentRefund.find({ chargeId: charge._id }).sort({ createdAt: -1 }).limit(500).lean(),
    ])
    // Refunds count once they went back (succeeded), as the ledger books them; one processing or held as abnormal
    // is listed with the charge's refunds.
    const back = new Map<string, number>()
    for (const r of refunds)
      if (r.status === 'succeeded') back.set(r.outTradeNo, (back.get(r.outTradeNo) ?? 0) + r.amountFen)
    let paidCount = 0
    let receivedFen = 0
    const payers = charge.payers.map((p) => {
      const o = orders.get(paySlotOf(charge._id, p.householdNo))
      const refundedFen = o ? (back.get(o.outTradeNo) ?? 0) : 0
      if (o?.status === 'paid') {
        paidCount++
        receivedFen += o.amountFen - refundedFen
      }
      return { ...p, status: payerStatusOf(o), paidAt: o?.paidAt ?? null, refundedFen }
    })
    return { summary: { charge, paidCount, receivedFen }, payers, refunds }
  }

  /**
   * What the user's households owe or paid, over every village they belong to: the households the roster proves
   * theirs (`householdMemberships`) and those they hold proxy rights for.
   */
  async mine(user: User): Promise<MyCharge[]> {
    const { Charge: Charges, Proxy } = this.deps.models
    const [members, proxies] = await Promise.all([
      householdMemberships(this.deps.models, user._id),
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
    const orders = await this.ordersByPayer(charges.map((c) => c._id))
    const refunded = await this.refundedByOrder([...orders.values()])
    const out: MyCharge[] = []
    const seen = new Set<string>()
    for (const charge of charges) {
      for (const pair of pairs) {
        if (pair.villageCode !== charge.villageCode) continue
        const payer = charge.payers.find((p) => p.householdNo === pair.householdNo)
        const key = paySlotOf(charge._id, pair.householdNo)
        if (!payer || seen.has(key)) continue
        seen.add(key)
        out.push(this.share(charge, payer, orders.get(key), refunded))
      }
    }
    return out
  }

  /** One household's share of a charge as the household sees it (after a payment check, say). */
  async shareOf(charge: Charge, householdNo: string): Promise<MyCharge> {
    const payer = charge.payers.find((p) => p.householdNo === householdNo)
    if (!payer) throw notFound('缴费记录')
    const orders = await this.ordersByPayer([charge._id])
    const order = orders.get(paySlotOf(charge._id, householdNo))
    return this.share(charge, payer, order, await this.refundedByOrder(order ? [order] : []))
  }

  /**
   * What has reached each household back, by order: refunds WeChat reported as succeeded. An order's own
   * `refundedFen` also holds refunds still processing or held as abnormal (reserved, so not refunded twice), which
   * the household has not received.
   */
  private async refundedByOrder(orders: PaymentOrder[]): Promise<Map<string, number>> {
    const paid = orders.filter((o) => o.status === 'paid' && o.refundedFen > 0).map((o) => o.outTradeNo)
    const sums = new Map<string, number>()
    if (paid.length === 0) return sums
    const done = await this.deps.models.PaymentRefund.find(
      { outTradeNo: { $in: paid }, status: 'succeeded' },
      { outTradeNo: 1, amountFen: 1 },
    ).lean()
    for (const r of done) sums.set(r.outTradeNo, (sums.get(r.outTradeNo) ?? 0) + r.amountFen)
    return sums
  }

  private share(
    charge: Charge,
    payer: ChargePayer,
    o: PaymentOrder | undefined,
    refunded: Map<string, number>,
  ): MyCharge {
    const back = o?.status === 'paid' ? (refunded.get(o.outTradeNo) ?? 0) : 0
    const status = payerStatusOf(o)
    return {
      charge,
      payer,
      // 已全部退还 once it all reached the household, not while a refund is on its way.
      status: status === 'refunded' && o && back < o.amountFen ? 'paid' : status,
      paidAt: o?.paidAt ?? null,
      refundedFen: back,
      pastDue: charge.dueDate < this.today(),
    }
  }

  /** The live (pending or paid) order of each payer slot of these charges. */
  private async ordersByPayer(chargeIds: Types.ObjectId[]): Promise<Map<string, PaymentOrder>> {
    const orders = await this.deps.models.PaymentOrder.find({
      chargeId: { $in: chargeIds },
      status: { $in: ['pending', 'paid'] },
    }).lean()
    const map = new Map<string, PaymentOrder>()
    for (const o of orders) {
      const key = paySlotOf(o.chargeId, o.householdNo)
      const prev = map.get(key)
      // A paid order wins over a pending one (there is normally only one live order per slot).
      if (!prev || (o.status === 'paid' && prev.status !== 'paid')) map.set(key, o)
    }
    return map
  }
}
