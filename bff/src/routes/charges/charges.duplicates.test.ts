import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChargeDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { dueDateAhead } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const fee = (title: string) => ({
  title,
  unit: 'household',
  unitAmountFen: 6000,
  category: '卫生费',
  payers: [{ householdNo: '001' }],
  dueDate: dueDateAhead(),
  basis: { text: '2026年12月村民代表会议决议（一事一议）' },
})

/** A charge sent twice (a double tap, a retry after a lost answer) must not bill a household twice (tester t2 H1). */
describe('charges: the same new charge sent more than once', () => {
  let t: TestApp
  let secretary = ''
  let villager = ''
  beforeAll(async () => {
    t = await buildTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const post = (body: object, key?: string) => {
    const req = request(t.app.callback())
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
    if (key) req.set('Idempotency-Key', key)
    return req.send(body)
  }
  const chargesTitled = async (title: string) =>
    (
      await request(t.app.callback()).get(`/api/v1/villages/${V1}/charges`).set('Authorization', secretary)
    ).body.charges.filter((c: { title: string }) => c.title === title) as Array<{ id: string }>

  it('creates one charge for each burst of identical charges sent at once, in every round', async () => {
    for (let round = 0; round < 8; round++) {
      const title = `2027年度卫生费第${round}轮`
      const all = await Promise.all(Array.from({ length: 6 }, () => post(fee(title))))
      for (const r of all) expect([201, 409]).toContain(r.status)
      for (const r of all.filter((x) => x.status === 409))
        expect(r.body.error.code).toBe('submission_in_progress')
      const created = await chargesTitled(title)
      expect(created).toHaveLength(1)
      // Every 201 names that one charge: a copy answered after the first finished is given the first answer.
      for (const r of all.filter((x) => x.status === 201)) expect(r.body.id).toBe(created[0]?.id)
    }
    const mine = await request(t.app.callback()).get('/api/v1/me/charges').set('Authorization', villager)
    expect(
      mine.body.charges.filter((c: { title: string }) => c.title.startsWith('2027年度卫生费第')),
    ).toHaveLength(8)
  }, 120_000)

  it('answers a retry with the same Idempotency-Key with the first charge, and a changed charge is a new one', async () => {
    const key = 'charge-form-0001-aaaa'
    const first = await post(fee('2027年度垃圾清运费'), key)
    expect(first.status).toBe(201)
    const taps = await Promise.all(Array.from({ length: 5 }, () => post(fee('2027年度垃圾清运费'), key)))
    for (const r of taps) {
      expect(r.status).toBe(201)
      expect(r.headers['idempotent-replayed']).toBe('true')
      expect(ChargeDtoSchema.parse(r.body).id).toBe(first.body.id)
    }
    expect(await chargesTitled('2027年度垃圾清运费')).toHaveLength(1)
    const reused = await post(fee('2027年度路灯电费'), key)
    expect([reused.status, reused.body.error?.code]).toEqual([422, 'idempotency_key_reused'])
    const other = await post(fee('2027年度路灯电费'), 'charge-form-0002-bbbb')
    expect(other.status).toBe(201)
    expect(other.body.id).not.toBe(first.body.id)
  })
})
