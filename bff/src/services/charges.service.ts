import { Types } from 'mongoose'
import type { ChargeCreateReq, PayerStatus } from '@cunwu/domain'
import { ErrorCode, levelOfCode } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { Charge, ChargePayer } from '../models/Charge.model'
import type { ChargeSummary, MyCharge, PayerView } from '../models/charge-views'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { loadPassedDecision } from './decisions.service'
import { householdMemberships } from './household-proof.service'

/** Where a payer stands, from their live order (paid, pending, refunded in full, or none). */
export function payerStatusOf(order: PaymentOrder | undefined): PayerStatus {
  if (!order) return 'unpaid'
  if (order.status === 'pending') return 'pending'
  if (order.status === 'paid') return order.refundedFen >= order.amountFen ? 'refunded' : 'paid'
  return 'unpaid'
}

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
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

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
    const decision = req.decisionId
      ? await loadPassedDecision(this.deps.models, villageCode, req.decisionId)
      : null
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

  /** Charges of a village with payment counts, newest first. */
  async list(villageCode: string): Promise<ChargeSummary[]> {
    const charges = await this.deps.models.Charge.find({ villageCode })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean()
    const orders = await this.ordersByPayer(charges.map((c) => c._id))
    return charges.map((charge) => {
      let paidCount = 0
      let receivedFen = 0
      for (const p of charge.payers) {
        const o = orders.get(paySlotOf(charge._id, p.householdNo))
        if (o?.status === 'paid') {
          paidCount++
          receivedFen += o.amountFen - o.refundedFen
        }
      }
      return { charge, paidCount, receivedFen }
    })
  }

  /** A charge with each payer's status. */
  async detail(id: string): Promise<{ summary: ChargeSummary; payers: PayerView[] }> {
    const charge = await this.load(id)
    const orders = await this.ordersByPayer([charge._id])
    let paidCount = 0
    let receivedFen = 0
    const payers = charge.payers.map((p) => {
      const o = orders.get(paySlotOf(charge._id, p.householdNo))
      if (o?.status === 'paid') {
        paidCount++
        receivedFen += o.amountFen - o.refundedFen
      }
      return { ...p, status: payerStatusOf(o), paidAt: o?.paidAt ?? null, refundedFen: o?.refundedFen ?? 0 }
    })
    return { summary: { charge, paidCount, receivedFen }, payers }
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
    const out: MyCharge[] = []
    const seen = new Set<string>()
    for (const charge of charges) {
      for (const pair of pairs) {
        if (pair.villageCode !== charge.villageCode) continue
        const payer = charge.payers.find((p) => p.householdNo === pair.householdNo)
        const key = paySlotOf(charge._id, pair.householdNo)
        if (!payer || seen.has(key)) continue
        seen.add(key)
        const o = orders.get(key)
        out.push({ charge, payer, status: payerStatusOf(o), paidAt: o?.paidAt ?? null })
      }
    }
    return out
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
