import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChargeDetailDtoSchema, MyChargeDtoSchema } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

/**
 * Refunds as the secretary and the household see them: WeChat Pay's minute between refunds of one order is kept
 * here (429 with Retry-After, in words), an abnormal refund stays on the charge with what to do, and the household's
 * card says what came back.
 */
describe('refunds of a payment', () => {
  let t: PayTestApp
  let secretary = ''
  let villager = ''
  let chargeId = ''
  let outTradeNo = ''

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: '卫生费',
        unit: 'household',
        unitAmountFen: 3001,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: dueDateAhead(),
        basis: { text: '村民代表会议决议' },
      })
    chargeId = charge.body.id
    const pay = await api().post(`/api/v1/charges/${chargeId}/pay`).set('Authorization', villager).send({})
    outTradeNo = pay.body.outTradeNo
    t.sim.control.payOrder(outTradeNo)
    await eventually(async () => (await orderOf())?.status === 'paid')
  })
  afterAll(async () => {
    await t.close()
  })

  function api() {
    return request(t.app.callback())
  }
  function orderOf() {
    if (!t.services) throw new Error('no services')
    return t.services.models.PaymentOrder.findOne({ outTradeNo }).lean()
  }
  const refund = (body: object = { householdNo: '001', amountFen: 1000, reason: '部分退还' }) =>
    api().post(`/api/v1/charges/${chargeId}/refunds`).set('Authorization', secretary).send(body)
  const detail = async () =>
    ChargeDetailDtoSchema.parse(
      (await api().get(`/api/v1/charges/${chargeId}`).set('Authorization', secretary)).body,
    )
  const myShare = async () => {
    const mine = await api().get('/api/v1/me/charges').set('Authorization', villager)
    return MyChargeDtoSchema.parse(
      mine.body.charges.find((c: { chargeId: string }) => c.chargeId === chargeId),
    )
  }

  it('should answer refunds within a minute of the last with 429 and Retry-After, never 5xx', async () => {
    const answers = await Promise.all([refund(), refund(), refund()])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 429, 429])
    for (const r of answers.filter((a) => a.status === 429)) {
      expect(r.body.error).toMatchObject({
        code: 'refund_too_soon',
        message: '同一笔缴费两次退款要间隔 1 分钟，请稍后再试',
      })
      const wait = Number(r.headers['retry-after'])
      expect(wait).toBeGreaterThanOrEqual(1)
      expect(wait).toBeLessThanOrEqual(60)
    }
    // Only the accepted refund is reserved and known to WeChat.
    expect((await orderOf())?.refundedFen).toBe(1000)
    expect(t.sim.control.refunds().filter((r) => r.outTradeNo === outTradeNo)).toHaveLength(1)
    t.sim.control.settleRefund(answers.find((a) => a.status === 201)?.body.outRefundNo, 'SUCCESS')
    await eventually(async () => (await detail()).refunds[0]?.status === 'succeeded')
  })

  it("should answer WeChat's own FREQUENCY_LIMITED with the same 429 and give the amount back", async () => {
    // A refund this server did not space (applied for elsewhere, or before the spacing was kept): WeChat refuses.
    if (!t.services) throw new Error('no services')
    await t.services.models.PaymentOrder.updateOne({ outTradeNo }, { $set: { lastRefundAt: null } })
    const res = await refund()
    expect(res.status).toBe(429)
    expect(res.body.error.code).toBe('refund_too_soon')
    expect(res.headers['retry-after']).toBe('60')
    expect((await orderOf())?.refundedFen).toBe(1000)
    expect((await detail()).refunds.map((r) => r.status)).toEqual(['closed', 'succeeded'])
  })

  it('should show an abnormal refund on the charge, with when, and keep its amount reserved (WeChat holds it)', async () => {
    t.sim.control.advanceClock(61_000)
    const res = await refund()
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'processing', endedAt: null })
    t.sim.control.settleRefund(res.body.outRefundNo, 'ABNORMAL', { duplicates: 2, parallel: true })
    await eventually(async () => (await detail()).refunds[0]?.status === 'abnormal')
    const d = await detail()
    expect(d.refunds[0]).toMatchObject({
      outRefundNo: res.body.outRefundNo,
      householdNo: '001',
      amountFen: 1000,
      reason: '部分退还',
      status: 'abnormal',
    })
    expect(d.refunds[0]?.endedAt).not.toBeNull()
    // The charge counts as refunded what went back, as the ledger books it.
    expect(d.payers[0]).toMatchObject({ status: 'paid', refundedFen: 1000 })
    // Not refundable again here: the money is in WeChat's refund account until handled in the merchant platform.
    expect((await orderOf())?.refundedFen).toBe(2000)
    // The household is told only what reached it: the first refund, not the one WeChat holds.
    expect(await myShare()).toMatchObject({ status: 'paid', refundedFen: 1000 })
    t.sim.control.advanceClock(61_000)
    const again = await refund({ householdNo: '001', amountFen: 2000, reason: '再退一次' })
    expect(again.status).toBe(409)
  })

  it('should book an abnormal refund completed later in the merchant platform, once', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    const abnormal = (await detail()).refunds.find((r) => r.status === 'abnormal')
    if (!abnormal) throw new Error('no abnormal refund')
    const success = {
      mchid: services.pay.runtime()?.client.mchid,
      out_trade_no: outTradeNo,
      out_refund_no: abnormal.outRefundNo,
      refund_id: '50300000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2026-06-02T10:00:00+08:00',
      amount: { total: 3001, refund: 1000 },
    }
    const results = await Promise.all([1, 2, 3].map(() => services.pay.settlement.confirmRefund(success)))
    expect(results.every((r) => r.ok)).toBe(true)
    expect((await detail()).refunds.find((r) => r.outRefundNo === abnormal.outRefundNo)?.status).toBe(
      'succeeded',
    )
    expect((await orderOf())?.refundedFen).toBe(2000)
    expect(
      await services.models.LedgerEntry.countDocuments({ sourceRef: `refund:${abnormal.outRefundNo}` }),
    ).toBe(1)
  })

  it('should tell the household what was refunded, and a household refunded in full that it need not pay', async () => {
    expect(await myShare()).toMatchObject({ status: 'paid', amountFen: 3001, refundedFen: 2000 })
    t.sim.control.advanceClock(61_000)
    const rest = await refund({ householdNo: '001', reason: '全部退还' })
    expect(rest.status).toBe(201)
    expect(rest.body.amountFen).toBe(1001)
    // Told once it has reached the household.
    expect(await myShare()).toMatchObject({ status: 'paid', refundedFen: 2000 })
    t.sim.control.settleRefund(rest.body.outRefundNo, 'SUCCESS')
    await eventually(async () => (await myShare()).refundedFen === 3001)
    expect(await myShare()).toMatchObject({ status: 'refunded', refundedFen: 3001 })
    const tap = await api().post(`/api/v1/charges/${chargeId}/pay`).set('Authorization', villager).send({})
    expect(tap.status).toBe(409)
    expect(tap.body.error).toMatchObject({
      code: 'already_paid',
      message: '这项费用已全部退还给本户，不用再缴',
    })
  })
})
