import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotifyTamper } from '@cunwu/wechat-sim'
import { buildPayTestApp, dueDateAhead, eventually, replayCallback } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { PaymentSettlementService } from '../../services/payment-settlement.service'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

describe('WeChat Pay callbacks', () => {
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

  const models = () => {
    if (!t.services) throw new Error('no services')
    return t.services.models
  }

  /** A new charge for household 001 and a placed order for it; returns the order number. */
  async function placeOrder(amountFen = 1500): Promise<string> {
    const charge = await request(t.app.callback())
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: '卫生费',
        unit: 'household',
        unitAmountFen: amountFen,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: dueDateAhead(),
        basis: { text: '村民代表会议决议' },
      })
    expect(charge.status).toBe(201)
    const pay = await request(t.app.callback())
      .post(`/api/v1/charges/${charge.body.id}/pay`)
      .set('Authorization', villager)
      .send({})
    expect(pay.status).toBe(200)
    return pay.body.outTradeNo
  }

  /** The first answered delivery attempt of a notification. */
  async function firstAnswer(id: string) {
    const attempt = () =>
      t.sim.control
        .notifications()
        .find((n) => n.id === id)
        ?.attempts.find((a) => a.status !== undefined || a.error !== undefined)
    await eventually(() => attempt() !== undefined)
    const found = attempt()
    if (!found) throw new Error('no answer')
    return found
  }

  const entriesOf = (outTradeNo: string) =>
    models().LedgerEntry.countDocuments({ sourceRef: `payment:${outTradeNo}` })

  describe('POST /api/v1/pay/notify', () => {
    it('should book exactly one ledger entry under 50 parallel duplicate deliveries', async () => {
      const no = await placeOrder()
      const before = t.answers.length
      t.sim.control.payOrder(no, { duplicates: 49, parallel: true })
      await eventually(() => t.answers.length - before >= 50, 10_000)
      expect(t.answers.slice(before).every((s) => s === 204)).toBe(true)
      expect(await entriesOf(no)).toBe(1)
      const order = await models().PaymentOrder.findOne({ outTradeNo: no }).lean()
      expect(order?.status).toBe('paid')
      expect(order?.transactionId).toMatch(/^42/)
      const entry = await models()
        .LedgerEntry.findOne({ sourceRef: `payment:${no}` })
        .lean()
      expect(entry).toMatchObject({
        section: 'income',
        amountFen: 1500,
        villageCode: V1,
        category: '卫生费',
        source: 'payment',
      })
    })

    it('should refuse forged, stale, wrong-serial, tampered and SIGNTEST callbacks with FAIL and change nothing', async () => {
      const no = await placeOrder(2300)
      // WeChat has the order paid, but its genuine callback is held back from the app.
      const heldBefore = t.held.length
      t.hold.on = true
      t.sim.control.payOrder(no)
      await eventually(() => t.held.length > heldBefore)
      const genuine = t.held.at(-1)
      t.hold.on = false
      if (!genuine) throw new Error('no held callback')

      const tampers: NotifyTamper[] = [
        'signtest',
        'bad_signature',
        'bad_tag',
        'stale_timestamp',
        'wrong_serial',
      ]
      for (const tamper of tampers) {
        const record = t.sim.control.sendNotificationProbe(`${t.base}/api/v1/pay/notify`, tamper, no)
        const attempt = await firstAnswer(record.id)
        expect(attempt?.status, tamper).toBeGreaterThanOrEqual(400)
        expect(JSON.parse(attempt?.responseBody ?? '{}')).toMatchObject({ code: 'FAIL' })
      }
      expect(await entriesOf(no)).toBe(0)
      expect((await models().PaymentOrder.findOne({ outTradeNo: no }).lean())?.status).toBe('pending')

      // The held genuine callback is accepted, so the refusals above were not for lack of a valid payment.
      const ok = await replayCallback(t, genuine)
      expect(ok.status).toBe(204)
      expect(await entriesOf(no)).toBe(1)
    })

    it('should treat a replay inside the window as a duplicate and refuse one after it', async () => {
      const no = await placeOrder(900)
      const heldBefore = t.held.length
      t.hold.on = true
      t.sim.control.payOrder(no)
      await eventually(() => t.held.length > heldBefore)
      t.hold.on = false
      const cb = t.held.at(-1)
      if (!cb) throw new Error('no held callback')
      expect((await replayCallback(t, cb)).status).toBe(204)
      expect((await replayCallback(t, cb)).status).toBe(204)
      expect(await entriesOf(no)).toBe(1)
      t.sim.control.advanceClock(6 * 60_000)
      const late = await replayCallback(t, cb)
      expect(late.status).toBe(401)
      expect(late.body).toEqual({ code: 'FAIL', message: 'stale_timestamp' })
      expect(await entriesOf(no)).toBe(1)
    })

    it('should verify responses and callbacks signed with the 微信支付公钥 (PUB_KEY_ID_…) after a key switch', async () => {
      t.sim.control.setPayMode('public_key')
      try {
        const no = await placeOrder(700)
        const before = t.answers.length
        t.sim.control.payOrder(no)
        await eventually(() => t.answers.length > before)
        expect(t.answers.at(-1)).toBe(204)
        expect(await entriesOf(no)).toBe(1)
      } finally {
        t.sim.control.setPayMode('certificate')
      }
    })

    it('should answer 400 FAIL to a body that is not a callback', async () => {
      const res = await request(t.app.callback()).post('/api/v1/pay/notify').send({ hello: 'world' })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('FAIL')
      const empty = await request(t.app.callback())
        .post('/api/v1/pay/notify')
        .set('Content-Type', 'application/json')
        .send('')
      expect(empty.status).toBe(400)
      expect(empty.body.code).toBe('FAIL')
    })
  })

  describe('confirmPayment', () => {
    it('should reject a verified transaction whose amount differs from the order, or is not positive', async () => {
      const no = await placeOrder(1200)
      const settlement = t.services?.pay.settlement
      if (!settlement) throw new Error('no services')
      const keys = t.sim.control.payKeys()
      const appid = t.sim.control.apps()[0]?.appid
      const base = {
        mchid: keys.mchid,
        appid,
        out_trade_no: no,
        transaction_id: '4200000000000000000000000001',
        trade_state: 'SUCCESS',
        success_time: '2026-06-01T10:00:00+08:00',
      }
      expect(await settlement.confirmPayment({ ...base, amount: { total: 1 } })).toEqual({
        ok: false,
        reason: 'amount_mismatch',
      })
      expect(await settlement.confirmPayment({ ...base, amount: { total: 0 } })).toEqual({
        ok: false,
        reason: 'amount_mismatch',
      })
      expect(await settlement.confirmPayment({ ...base, amount: { total: -1200 } })).toEqual({
        ok: false,
        reason: 'amount_mismatch',
      })
      expect(await settlement.confirmPayment({ ...base, mchid: '1234567', amount: { total: 1200 } })).toEqual(
        { ok: false, reason: 'merchant_mismatch' },
      )
      expect(await entriesOf(no)).toBe(0)
    })
  })

  describe('confirmPayment across processes', () => {
    it('should book one entry when separate settlement instances (no shared memory) race on one payment', async () => {
      const no = await placeOrder(4400)
      const heldBefore = t.held.length
      t.hold.on = true
      t.sim.control.payOrder(no)
      await eventually(() => t.held.length > heldBefore)
      t.hold.on = false
      const services = t.services
      const payments = services?.pay
      const runtime = payments?.runtime()
      if (!services || !payments || !runtime) throw new Error('no services')
      const txn = await runtime.client.queryOrder(no)
      if (!txn) throw new Error('order unknown to the simulator')
      const instances = Array.from(
        { length: 10 },
        () =>
          new PaymentSettlementService({
            models: services.models,
            ledger: payments.ledger,
            merchant: () => ({ mchid: runtime.client.mchid, appid: runtime.client.appid }),
            now: runtime.now,
          }),
      )
      const results = await Promise.all(instances.map((s) => s.confirmPayment(txn)))
      expect(results.every((r) => r.ok)).toBe(true)
      expect(results.filter((r) => r.ok && r.booked)).toHaveLength(1)
      expect(await entriesOf(no)).toBe(1)
    })
  })

  describe('POST /api/v1/pay/refund-notify', () => {
    it('should book one expense per refund under parallel duplicates, and refuse a SIGNTEST probe', async () => {
      const no = await placeOrder(3000)
      t.sim.control.payOrder(no)
      await eventually(async () => (await entriesOf(no)) === 1)
      const order = await models().PaymentOrder.findOne({ outTradeNo: no }).lean()
      const charge = await models().Charge.findById(order?.chargeId).lean()
      const res = await request(t.app.callback())
        .post(`/api/v1/charges/${charge?._id.toHexString()}/refunds`)
        .set('Authorization', secretary)
        .send({ householdNo: '001', amountFen: 1000, reason: '重复收取' })
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ amountFen: 1000, status: 'processing' })
      const before = t.answers.length
      t.sim.control.settleRefund(res.body.outRefundNo, 'SUCCESS', { duplicates: 9, parallel: true })
      await eventually(() => t.answers.length - before >= 10, 10_000)
      expect(await models().LedgerEntry.countDocuments({ sourceRef: `refund:${res.body.outRefundNo}` })).toBe(
        1,
      )
      const entry = await models()
        .LedgerEntry.findOne({ sourceRef: `refund:${res.body.outRefundNo}` })
        .lean()
      expect(entry).toMatchObject({ section: 'expense', amountFen: 1000, source: 'refund' })
      expect(
        (await models().PaymentRefund.findOne({ outRefundNo: res.body.outRefundNo }).lean())?.status,
      ).toBe('succeeded')

      const probe = t.sim.control.sendNotificationProbe(`${t.base}/api/v1/pay/refund-notify`, 'signtest', no)
      expect((await firstAnswer(probe.id)).status).toBe(401)
    })
  })

  describe('refund sync', () => {
    it('should settle a refund whose callback never arrived by asking WeChat Pay', async () => {
      const no = await placeOrder(5200)
      t.sim.control.payOrder(no)
      await eventually(async () => (await entriesOf(no)) === 1)
      const order = await models().PaymentOrder.findOne({ outTradeNo: no }).lean()
      const res = await request(t.app.callback())
        .post(`/api/v1/charges/${order?.chargeId.toHexString()}/refunds`)
        .set('Authorization', secretary)
        .send({ householdNo: '001', reason: '多收退回' })
      expect(res.status).toBe(201)
      const heldBefore = t.held.length
      t.hold.on = true
      t.sim.control.settleRefund(res.body.outRefundNo, 'SUCCESS')
      await eventually(() => t.held.length > heldBefore)
      t.hold.on = false
      const ref = `refund:${res.body.outRefundNo}`
      expect(await models().LedgerEntry.countDocuments({ sourceRef: ref })).toBe(0)
      t.sim.control.advanceClock(11 * 60_000)
      expect(await t.services?.pay.refunds.syncProcessing()).toBeGreaterThanOrEqual(1)
      expect(await models().LedgerEntry.countDocuments({ sourceRef: ref })).toBe(1)
      expect(
        (await models().PaymentRefund.findOne({ outRefundNo: res.body.outRefundNo }).lean())?.status,
      ).toBe('succeeded')
    })
  })
})
