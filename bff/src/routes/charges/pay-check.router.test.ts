import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MyChargeDtoSchema, addDays, shanghaiDateOf } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

/**
 * A payment whose notice never reaches us (WeChat paid, the callback failed verification): the household's page
 * has the order checked at WeChat Pay, and a second tap's ORDERPAID records it too, so the share shows 已缴 at once
 * instead of 待支付 until the expiry job.
 */
describe('a payment whose notice was lost', () => {
  let t: PayTestApp
  let secretary = ''
  let villager = ''

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  const api = () => request(t.app.callback())
  const models = () => {
    if (!t.services) throw new Error('no services')
    return t.services.models
  }

  /** A 30.00 元 charge for household 001 and its order; the order is paid at WeChat with a forged notice. */
  async function paidWithLostNotice(title: string): Promise<{ chargeId: string; outTradeNo: string }> {
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title,
        unit: 'household',
        unitAmountFen: 3000,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: dueDateAhead(),
        basis: { text: '村民代表会议决议' },
      })
    expect(charge.status).toBe(201)
    const pay = await api()
      .post(`/api/v1/charges/${charge.body.id}/pay`)
      .set('Authorization', villager)
      .send({})
    expect(pay.status).toBe(200)
    const before = t.answers.length
    t.sim.control.payOrder(pay.body.outTradeNo, { tamper: 'bad_signature' })
    // Our server refuses the forged notice (401), rightly, and WeChat does not send it again.
    await eventually(() => t.answers.length > before)
    expect(t.answers.slice(before)).toEqual([401])
    return { chargeId: charge.body.id, outTradeNo: pay.body.outTradeNo }
  }

  const shareOf = async (chargeId: string) => {
    const mine = await api().get('/api/v1/me/charges').set('Authorization', villager)
    return mine.body.charges
      .map((c: unknown) => MyChargeDtoSchema.parse(c))
      .find((c: { chargeId: string }) => c.chargeId === chargeId)
  }

  it('should record the payment when the page has the order checked, once, and book it once', async () => {
    const { chargeId, outTradeNo } = await paidWithLostNotice('卫生费（查单）')
    expect((await shareOf(chargeId))?.status).toBe('pending')

    const checked = await api()
      .post(`/api/v1/charges/${chargeId}/pay/check`)
      .set('Authorization', villager)
      .send({ householdNo: '001' })
    expect(checked.status).toBe(200)
    expect(MyChargeDtoSchema.parse(checked.body)).toMatchObject({
      chargeId,
      householdNo: '001',
      status: 'paid',
      amountFen: 3000,
      refundedFen: 0,
    })
    expect(checked.body.paidAt).not.toBeNull()
    expect((await shareOf(chargeId))?.status).toBe('paid')
    const order = await models().PaymentOrder.findOne({ outTradeNo }).lean()
    expect(order).toMatchObject({ status: 'paid' })
    expect(order?.transactionId).toMatch(/^42/)
    expect(await models().LedgerEntry.countDocuments({ sourceRef: `payment:${outTradeNo}` })).toBe(1)

    const again = await api()
      .post(`/api/v1/charges/${chargeId}/pay/check`)
      .set('Authorization', villager)
      .send({})
    expect(again.body.status).toBe('paid')
    expect(await models().LedgerEntry.countDocuments({ sourceRef: `payment:${outTradeNo}` })).toBe(1)
  })

  it('should record the payment when a second tap finds the order paid at WeChat (ORDERPAID)', async () => {
    const { chargeId, outTradeNo } = await paidWithLostNotice('卫生费（再点缴费）')
    const tap = await api().post(`/api/v1/charges/${chargeId}/pay`).set('Authorization', villager).send({})
    expect(tap.status).toBe(409)
    expect(tap.body.error).toMatchObject({ code: 'already_paid', message: '本户已缴清这项费用' })
    // The 409 is now true of our records too: the card the page reloads says 已缴.
    expect((await shareOf(chargeId))?.status).toBe('paid')
    expect(await models().LedgerEntry.countDocuments({ sourceRef: `payment:${outTradeNo}` })).toBe(1)
  })

  it('should ask WeChat at most once per order every moment, however often the page checks', async () => {
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: '卫生费（限频）',
        unit: 'household',
        unitAmountFen: 1200,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: dueDateAhead(),
        basis: { text: '村民代表会议决议' },
      })
    const id = charge.body.id as string
    const pay = await api().post(`/api/v1/charges/${id}/pay`).set('Authorization', villager).send({})
    const check = () => api().post(`/api/v1/charges/${id}/pay/check`).set('Authorization', villager).send({})
    expect((await check()).body.status).toBe('pending')
    const before = t.answers.length
    t.sim.control.payOrder(pay.body.outTradeNo, { tamper: 'bad_signature' })
    await eventually(() => t.answers.length > before)
    // Checked a moment ago: answered from our records, WeChat not asked again.
    expect((await check()).body.status).toBe('pending')
    t.sim.control.advanceClock(2000)
    expect((await check()).body.status).toBe('paid')
  })

  it("should refuse checking for a household that is not the user's and an unknown charge", async () => {
    const { chargeId } = await paidWithLostNotice('卫生费（他户）')
    const other = await api()
      .post(`/api/v1/charges/${chargeId}/pay/check`)
      .set('Authorization', villager)
      .send({ householdNo: '002' })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('not_a_payer')
    const unknown = await api()
      .post('/api/v1/charges/0123456789abcdef01234567/pay/check')
      .set('Authorization', villager)
      .send({})
    expect(unknown.status).toBe(404)
    const staff = await api()
      .post(`/api/v1/charges/${chargeId}/pay/check`)
      .set('Authorization', secretary)
      .send({})
    expect(staff.status).toBe(403)
  })

  it('should let a household pay after the due date, its card saying so', async () => {
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: '卫生费（逾期）',
        unit: 'household',
        unitAmountFen: 500,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: shanghaiDateOf(t.sim.control.now()),
        basis: { text: '村民代表会议决议' },
      })
    expect(charge.status).toBe(201)
    expect((await shareOf(charge.body.id))?.pastDue).toBe(false)
    t.sim.control.advanceClock(86_400_000)
    expect(shanghaiDateOf(t.sim.control.now())).toBe(addDays(charge.body.dueDate, 1))
    expect((await shareOf(charge.body.id))?.pastDue).toBe(true)
    const late = await api()
      .post(`/api/v1/charges/${charge.body.id}/pay`)
      .set('Authorization', villager)
      .send({})
    expect(late.status).toBe(200)
    t.sim.control.payOrder(late.body.outTradeNo)
    await eventually(async () => (await shareOf(charge.body.id))?.status === 'paid')
  })
})
