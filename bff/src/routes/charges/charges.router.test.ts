import { createPublicKey, verify } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChargeDetailDtoSchema, ChargeDtoSchema, ChargePayDtoSchema, MyChargeDtoSchema } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { addDays, shanghaiDateOf } from '@cunwu/domain'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

const waterFee = {
  title: '2026年自来水费',
  description: '按用水量收取',
  unit: 'item',
  unitAmountFen: 250,
  unitLabel: '吨',
  category: '水费',
  payers: [
    { householdNo: '001', quantity: 12 },
    { householdNo: '002', quantity: 8 },
  ],
  dueDate: dueDateAhead(),
  basis: { text: '2026年3月村民代表会议决议' },
}

describe('charges', () => {
  let t: PayTestApp
  let secretary = ''
  let villager = ''
  let chargeId = ''

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  const api = () => request(t.app.callback())

  describe('POST /api/v1/villages/:code/charges', () => {
    it('should define a per-item charge with amounts fixed per household', async () => {
      const res = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send(waterFee)
      expect(res.status).toBe(201)
      const dto = ChargeDtoSchema.parse(res.body)
      expect(dto).toMatchObject({ payerCount: 2, dueFen: 250 * 20, paidCount: 0, receivedFen: 0 })
      chargeId = dto.id
      const detail = await api().get(`/api/v1/charges/${chargeId}`).set('Authorization', secretary)
      expect(
        ChargeDetailDtoSchema.parse(detail.body).payers.map((p) => [p.householdNo, p.amountFen, p.status]),
      ).toEqual([
        ['001', 3000, 'unpaid'],
        ['002', 2000, 'unpaid'],
      ])
    })

    it('should refuse amounts of zero or less and other bad input with 400', async () => {
      for (const body of [
        { ...waterFee, unitAmountFen: 0 },
        { ...waterFee, unitAmountFen: -100 },
        { ...waterFee, unitAmountFen: 1.5 },
        { ...waterFee, dueDate: '2026-13-01' },
        { ...waterFee, basis: {} },
      ]) {
        const res = await api()
          .post(`/api/v1/villages/${V1}/charges`)
          .set('Authorization', secretary)
          .send(body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
    })

    it('should refuse households that are not on the roster with 422', async () => {
      const res = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...waterFee, payers: [{ householdNo: '9999' }] })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('household_not_on_roster')
    })

    it('should answer 401 without a token and 403 to a villager', async () => {
      expect((await api().post(`/api/v1/villages/${V1}/charges`).send(waterFee)).status).toBe(401)
      const res = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', villager)
        .send(waterFee)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    })
  })

  describe('POST /api/v1/charges/:id/pay', () => {
    it('should place a JSAPI order with a valid paySign and the H5 pay page, and reuse it on a second tap', async () => {
      const res = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({ returnUrl: 'http://127.0.0.1:10086/#/pages/charges/index' })
      expect(res.status).toBe(200)
      const dto = ChargePayDtoSchema.parse(res.body)
      expect(dto.amountFen).toBe(3000)
      const rp = dto.requestPayment
      const message = `${rp.appId}\n${rp.timeStamp}\n${rp.nonceStr}\n${rp.package}\n`
      const merchant = createPublicKey(t.sim.control.payKeys().merchantPublicKeyPem)
      expect(verify('RSA-SHA256', Buffer.from(message), merchant, Buffer.from(rp.paySign, 'base64'))).toBe(
        true,
      )
      expect(dto.h5PayUrl).toContain('/__sim/pay?prepay_id=')
      const page = await fetch(dto.h5PayUrl ?? '').then((r) => r.text())
      expect(page).toContain('确认支付')
      const simOrder = t.sim.control.orders().find((o) => o.outTradeNo === dto.outTradeNo)
      expect(simOrder?.totalFen).toBe(3000)

      const again = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({})
      expect(again.status).toBe(200)
      expect(again.body.outTradeNo).toBe(dto.outTradeNo)
      const mine = await api().get('/api/v1/me/charges').set('Authorization', villager)
      expect(mine.body.charges.map((c: unknown) => MyChargeDtoSchema.parse(c).status)).toEqual(['pending'])
    })

    it('should refuse paying for another household with 403', async () => {
      const res = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({ householdNo: '002' })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('not_a_payer')
      const other = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...waterFee, title: '别户收费', payers: [{ householdNo: '002', quantity: 1 }] })
      const notMine = await api()
        .post(`/api/v1/charges/${other.body.id}/pay`)
        .set('Authorization', villager)
        .send({})
      expect(notMine.status).toBe(403)
      expect(notMine.body.error.code).toBe('not_a_payer')
    })

    it('should answer 400 to a bad household number or return URL and 404 to an unknown charge', async () => {
      const bad = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({ householdNo: '0 1;' })
      expect(bad.status).toBe(400)
      const url = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({ returnUrl: 'javascript:alert(1)' })
      expect(url.status).toBe(400)
      const missing = await api()
        .post('/api/v1/charges/0123456789abcdef01234567/pay')
        .set('Authorization', villager)
        .send({})
      expect(missing.status).toBe(404)
    })

    it('should mark the household paid after the callback and refuse a second payment with 409', async () => {
      const mine = await api().get('/api/v1/me/charges').set('Authorization', villager)
      const order = await t.services?.models.PaymentOrder.findOne({
        chargeId,
        householdNo: '001',
        status: 'pending',
      }).lean()
      if (!order) throw new Error('no pending order')
      expect(mine.body.charges[0].status).toBe('pending')
      t.sim.control.payOrder(order.outTradeNo)
      await eventually(
        async () => (await t.services?.models.PaymentOrder.findById(order._id).lean())?.status === 'paid',
      )
      const after = await api().get('/api/v1/me/charges').set('Authorization', villager)
      expect(after.body.charges[0]).toMatchObject({ status: 'paid', amountFen: 3000 })
      const again = await api()
        .post(`/api/v1/charges/${chargeId}/pay`)
        .set('Authorization', villager)
        .send({})
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('already_paid')
      const list = await api().get(`/api/v1/villages/${V1}/charges`).set('Authorization', secretary)
      expect(list.body.charges.find((c: { id: string }) => c.id === chargeId)).toMatchObject({
        paidCount: 1,
        receivedFen: 3000,
      })
    })
  })

  describe('order expiry', () => {
    it('should close orders past their expiry at WeChat Pay and let the household pay with a new order', async () => {
      const charge = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...waterFee, title: '卫生费', unit: 'household', payers: [{ householdNo: '001' }] })
      const first = await api()
        .post(`/api/v1/charges/${charge.body.id}/pay`)
        .set('Authorization', villager)
        .send({})
      expect(first.status).toBe(200)
      t.sim.control.advanceClock(31 * 60_000)
      const result = await t.services?.pay.orders.expireDue()
      expect(result?.closed).toBeGreaterThanOrEqual(1)
      expect(t.sim.control.orders().find((o) => o.outTradeNo === first.body.outTradeNo)?.state).toBe('CLOSED')
      const second = await api()
        .post(`/api/v1/charges/${charge.body.id}/pay`)
        .set('Authorization', villager)
        .send({})
      expect(second.status).toBe(200)
      expect(second.body.outTradeNo).not.toBe(first.body.outTradeNo)
    })
  })

  describe('POST /api/v1/charges/:id/refunds', () => {
    it('should refuse a refund beyond what was paid with 409 and bad input with 400', async () => {
      const tooMuch = await api()
        .post(`/api/v1/charges/${chargeId}/refunds`)
        .set('Authorization', secretary)
        .send({ householdNo: '001', amountFen: 999_999, reason: '测试退款' })
      expect(tooMuch.status).toBe(409)
      expect(tooMuch.body.error.code).toBe('refund_not_allowed')
      const unpaid = await api()
        .post(`/api/v1/charges/${chargeId}/refunds`)
        .set('Authorization', secretary)
        .send({ householdNo: '002', reason: '测试退款' })
      expect(unpaid.status).toBe(409)
      const bad = await api()
        .post(`/api/v1/charges/${chargeId}/refunds`)
        .set('Authorization', secretary)
        .send({ householdNo: '001', amountFen: 0, reason: '' })
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('validation_error')
      expect(
        (
          await api()
            .post(`/api/v1/charges/${chargeId}/refunds`)
            .set('Authorization', villager)
            .send({ householdNo: '001', reason: '我要退' })
        ).status,
      ).toBe(403)
    })
  })

  describe('GET /api/v1/charges/:id and GET /api/v1/villages/:code/charges', () => {
    it('should answer 400 to malformed ids and codes, 404 to an unknown charge', async () => {
      const badId = await api().get('/api/v1/charges/not-an-id').set('Authorization', secretary)
      expect(badId.status).toBe(400)
      expect(badId.body.error.code).toBe('validation_error')
      expect((await api().get('/api/v1/villages/12345/charges').set('Authorization', secretary)).status).toBe(
        400,
      )
      expect(
        (await api().get('/api/v1/charges/0123456789abcdef01234567').set('Authorization', secretary)).status,
      ).toBe(404)
      expect(
        (
          await api()
            .get(`/api/v1/villages/${V1}/reconciliations?month=2026-13`)
            .set('Authorization', secretary)
        ).status,
      ).toBe(400)
    })

    it('should answer 401 to /me/charges without a token', async () => {
      const res = await api().get('/api/v1/me/charges')
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
    })
  })

  // Last: the charges these define are the villager's too, and the tests above count the villager's charges.
  describe('due dates and the basis a charge names', () => {
    it('should refuse a due date before today or more than two years ahead with 422, and take today', async () => {
      const today = shanghaiDateOf(t.sim.control.now())
      for (const dueDate of ['0001-01-01', '2020-01-01', addDays(today, -1), addDays(today, 2 * 366 + 1)]) {
        const res = await api()
          .post(`/api/v1/villages/${V1}/charges`)
          .set('Authorization', secretary)
          .send({ ...waterFee, dueDate })
        expect([dueDate, res.status, res.body.error?.code]).toEqual([dueDate, 422, 'unprocessable_entity'])
        expect(res.body.error.message).toMatch(/^截止日期/)
      }
      for (const dueDate of [today, addDays(today, 2 * 365)]) {
        const res = await api()
          .post(`/api/v1/villages/${V1}/charges`)
          .set('Authorization', secretary)
          .send({ ...waterFee, title: '截止日期边界', dueDate })
        expect([dueDate, res.status]).toEqual([dueDate, 201])
      }
    })

    it("should take as basis only a public disclosure of the village; another village's id or a user's answers 404", async () => {
      const draft = async (village: string, auth: string) => {
        const res = await api()
          .post(`/api/v1/villages/${village}/disclosures`)
          .set('Authorization', auth)
          .send({
            catalogItemId: dibaoItem().id,
            period: '2026-Q2',
            title: '收费依据',
            rows: buildDibaoRows(village, 3),
          })
        expect(res.status).toBe(201)
        return res.body.id as string
      }
      const secretary2 = (await signIn(t.app, 'demo-secretary-2')).auth
      const own = await draft(V1, secretary)
      const foreign = await draft(V2, secretary2)
      const models = t.services?.models
      if (!models) throw new Error('no services')
      await models.Disclosure.updateOne({ _id: foreign }, { $set: { status: 'published', openKey: null } })
      const me = await api().get('/api/v1/me').set('Authorization', villager)
      const withBasis = (disclosureId: string) =>
        api()
          .post(`/api/v1/villages/${V1}/charges`)
          .set('Authorization', secretary)
          .send({ ...waterFee, basis: { text: '村民代表会议决议', disclosureId } })
      for (const id of [foreign, me.body.id, '0123456789abcdef01234567']) {
        const res = await withBasis(id)
        expect([id, res.status, res.body.error?.code]).toEqual([id, 404, 'not_found'])
      }
      const unpublished = await withBasis(own)
      expect(unpublished.status).toBe(422)
      expect(unpublished.body.error.message).toContain('还没有公开')
      await models.Disclosure.updateOne({ _id: own }, { $set: { status: 'published', openKey: null } })
      const ok = await withBasis(own)
      expect(ok.status).toBe(201)
      expect(ok.body.basis.disclosureId).toBe(own)
    })
  })
})
