import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChargeCreateSchema, ErrorCode } from '@cunwu/domain'
import type { ChargeCreateReq } from '@cunwu/domain'
import { AppError } from '../errors'
import type { User } from '../models/User.model'
import { buildPayTestApp, dueDateAhead, eventually } from '../testing/pay'
import type { PayTestApp } from '../testing/pay'
import { signIn } from '../testing/sign-in'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { demoRegionOf } from '../testing/demo'

// The charge, payment order and refund rules called directly (no HTTP), against the embedded test database and
// the in-process WeChat Pay simulator.

const V1 = demoRegionOf('demo-secretary')
const actor: Actor = { userId: null, requestId: 'charges.service.test' }

/** The AppError code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

function chargeReq(overrides: Partial<ChargeCreateReq> = {}): ChargeCreateReq {
  return ChargeCreateSchema.parse({
    title: '2026年自来水费',
    unit: 'item',
    unitAmountFen: 250,
    unitLabel: '吨',
    category: '水费',
    payers: [
      { householdNo: '001', quantity: 12 },
      { householdNo: '002', quantity: 8 },
    ],
    dueDate: dueDateAhead(),
    basis: { text: '村民代表会议决议' },
    ...overrides,
  })
}

describe('charges, payment orders and refunds services', () => {
  let t: PayTestApp
  let s: Services
  let secretary: User
  let villager: User

  const userOf = async (key: string): Promise<User> => {
    const u = await s.models.User.findOne({ demoUserKey: key }).lean()
    if (!u) throw new Error(`no ${key}`)
    return u
  }

  beforeAll(async () => {
    t = await buildPayTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    // WeChat Pay accepts orders only for openids WeChat knows: the villager signs in through the simulator once.
    await signIn(t.app, 'demo-villager')
    secretary = await userOf('demo-secretary')
    villager = await userOf('demo-villager')
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should fix amounts per payer from the roster, and refuse payers off the roster or listed twice', async () => {
    const charge = await s.pay.charges.create(V1, chargeReq(), secretary, actor)
    expect(charge.payers.map((p) => [p.householdNo, p.quantity, p.amountFen])).toEqual([
      ['001', 12, 3000],
      ['002', 8, 2000],
    ])
    const perHousehold = await s.pay.charges.create(
      V1,
      chargeReq({ unit: 'household', unitAmountFen: 5000, payers: [{ householdNo: '003', quantity: 9 }] }),
      secretary,
      actor,
    )
    expect(perHousehold.payers[0]).toMatchObject({ quantity: 1, amountFen: 5000 })
    const all = await s.pay.charges.create(
      V1,
      chargeReq({ payers: [], allHouseholds: true }),
      secretary,
      actor,
    )
    expect(all.payers).toHaveLength(await s.models.Household.countDocuments({ villageCode: V1 }))

    const offRoster = chargeReq({ payers: [{ householdNo: '999', quantity: 1 }] })
    expect(await codeOf(s.pay.charges.create(V1, offRoster, secretary, actor))).toBe(
      ErrorCode.HouseholdNotOnRoster,
    )
    const twice = chargeReq({
      payers: [
        { householdNo: '001', quantity: 1 },
        { householdNo: '001', quantity: 2 },
      ],
    })
    expect(await codeOf(s.pay.charges.create(V1, twice, secretary, actor))).toBe(
      ErrorCode.UnprocessableEntity,
    )
    expect(await codeOf(s.pay.charges.create(V1, chargeReq({ payers: [] }), secretary, actor))).toBe(
      ErrorCode.UnprocessableEntity,
    )
  })

  it('should let only a payer household pay, reuse its live order, and count it paid once WeChat Pay confirms', async () => {
    const charge = await s.pay.charges.create(V1, chargeReq(), secretary, actor)
    const id = charge._id.toHexString()
    expect(await codeOf(s.pay.orders.start(id, secretary, {}))).toBe(ErrorCode.NotAPayer)
    expect(await codeOf(s.pay.orders.start(id, villager, { householdNo: '002' }))).toBe(ErrorCode.NotAPayer)

    const first = await s.pay.orders.start(id, villager, {})
    const second = await s.pay.orders.start(id, villager, {})
    expect(second.order.outTradeNo).toBe(first.order.outTradeNo)
    expect(first.order.amountFen).toBe(3000)
    expect((await s.pay.charges.detail(id)).payers.map((p) => p.status)).toEqual(['pending', 'unpaid'])

    t.sim.control.payOrder(first.order.outTradeNo)
    await eventually(
      async () => (await s.models.PaymentOrder.findById(first.order._id).lean())?.status === 'paid',
    )
    const { summary, payers } = await s.pay.charges.detail(id)
    expect(payers.map((p) => p.status)).toEqual(['paid', 'unpaid'])
    expect(summary).toMatchObject({ paidCount: 1, receivedFen: 3000 })
    expect(await codeOf(s.pay.orders.start(id, villager, {}))).toBe(ErrorCode.AlreadyPaid)
    const mine = (await s.pay.charges.mine(villager)).find((m) => m.charge._id.equals(charge._id))
    expect(mine?.status).toBe('paid')
  })

  it('should refund at most what was paid, reserving each amount on the order', async () => {
    const charge = await s.pay.charges.create(V1, chargeReq(), secretary, actor)
    const id = charge._id.toHexString()
    expect(
      await codeOf(s.pay.refunds.create(id, { householdNo: '001', reason: '多收' }, secretary, actor)),
    ).toBe(ErrorCode.RefundNotAllowed)
    const { order } = await s.pay.orders.start(id, villager, {})
    t.sim.control.payOrder(order.outTradeNo)
    await eventually(async () => (await s.models.PaymentOrder.findById(order._id).lean())?.status === 'paid')

    const over = { householdNo: '001', amountFen: 3001, reason: '多收' }
    expect(await codeOf(s.pay.refunds.create(id, over, secretary, actor))).toBe(ErrorCode.RefundNotAllowed)
    const part = await s.pay.refunds.create(
      id,
      { householdNo: '001', amountFen: 1000, reason: '多收' },
      secretary,
      actor,
    )
    expect(part).toMatchObject({ amountFen: 1000, status: 'processing' })
    expect((await s.models.PaymentOrder.findById(order._id).lean())?.refundedFen).toBe(1000)
    // WeChat Pay takes one refund of an order a minute.
    t.sim.control.advanceClock(61_000)
    const rest = await s.pay.refunds.create(id, { householdNo: '001', reason: '全部退回' }, secretary, actor)
    expect(rest.amountFen).toBe(2000)
    expect(
      await codeOf(
        s.pay.refunds.create(id, { householdNo: '001', amountFen: 1, reason: '再退' }, secretary, actor),
      ),
    ).toBe(ErrorCode.RefundNotAllowed)
  })

  it('should close pending orders past their expiry and leave the household free to pay again', async () => {
    const charge = await s.pay.charges.create(V1, chargeReq(), secretary, actor)
    const id = charge._id.toHexString()
    const { order } = await s.pay.orders.start(id, villager, {})
    expect((await s.pay.orders.expireDue()).closed).toBe(0)
    t.sim.control.advanceClock(31 * 60_000)
    expect((await s.pay.orders.expireDue()).closed).toBeGreaterThanOrEqual(1)
    expect((await s.models.PaymentOrder.findById(order._id).lean())?.status).toBe('closed')
    const again = await s.pay.orders.start(id, villager, {})
    expect(again.order.outTradeNo).not.toBe(order.outTradeNo)
  })
})
