import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsultationDtoSchema, DecisionDtoSchema, MyChargeDtoSchema } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead } from '../testing/pay'
import type { PayTestApp } from '../testing/pay'
import { signIn } from '../testing/sign-in'
import { demoHouseholds } from '../services/seed.service'
import { demoRegionOf } from '../testing/demo'

/**
 * What the village's members read of text staff typed (decisions, consultations, charges, a membership's reason,
 * an information request's reply) goes through the one scrubber (docs/scrubbing.md): a full ID, phone or bank
 * number typed into it never reaches a villager.
 */
const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')

/** A valid 居民身份证号 (check character 4), a mobile and a Luhn-valid card, and how each is masked. */
const ID = '110101199003074514'
const PHONE = '13912345678'
const CARD = '6222021234567890128'
const FULL = [ID, PHONE, CARD]
const MASKED = ['110***********4514', '139****5678', '***************0128']
const typed = (lead: string) => `${lead}（身份证${ID}，电话${PHONE}，卡号${CARD}）`

function expectScrubbed(body: unknown): void {
  const text = JSON.stringify(body)
  for (const n of FULL) expect(text).not.toContain(n)
}

describe("text typed by staff, as the village's members read it", () => {
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
  const get = (url: string, auth: string) => api().get(url).set('Authorization', auth)
  const post = (url: string, body: object) => api().post(url).set('Authorization', secretary).send(body)

  it("should scrub a decision: title, description, each step's motion and note", async () => {
    const opened = await post(`/api/v1/villages/${V1}/decisions`, {
      title: `评议低保户${PHONE}`,
      kind: 'other',
      description: typed('评议王建国'),
    })
    expect(opened.status).toBe(201)
    const id = String(opened.body.id)
    const step = await post(`/api/v1/decisions/${id}/steps`, {
      step: 'proposal',
      heldOn: '2026-11-02',
      bodySize: 5,
      present: 5,
      votes: { for: 5, against: 0, abstain: 0 },
      motion: typed('提议'),
      note: typed('备注'),
    })
    expect(step.status).toBe(201)

    for (const who of [villager, secretary]) {
      const one = await get(`/api/v1/decisions/${id}`, who)
      expect(one.status).toBe(200)
      const d = DecisionDtoSchema.parse(one.body)
      expectScrubbed(d)
      expect(d.description).toContain(MASKED[0])
      expect(d.steps[0]?.motion).toContain(MASKED[1])
      expect(d.steps[0]?.note).toContain(MASKED[2])
      const list = await get(`/api/v1/villages/${V1}/decisions`, who)
      expect(list.status).toBe(200)
      expectScrubbed(list.body)
    }
  })

  it('should scrub a consultation: title, draft, questions, options, the tally and its subscribe message', async () => {
    const followed = await api()
      .post('/api/v1/subscriptions')
      .set('Authorization', villager)
      .send({
        category: 'village-affairs',
        villageCode: V1,
        results: { tmpl_disclosure_published: 'accept' },
      })
    expect(followed.status).toBe(201)
    const now = new Date(String((await api().get('/api/v1/dev/clock')).body.now))
    const opened = await post(`/api/v1/villages/${V1}/consultations`, {
      title: `征求意见 ${PHONE}`,
      draft: typed('申请人'),
      questions: [
        { kind: 'single', text: typed('是否同意'), options: [`同意${PHONE}`, `不同意${CARD}`] },
        { kind: 'text', text: `其他意见，联系${ID}` },
      ],
      deadline: new Date(now.getTime() + 2 * 86_400_000).toISOString(),
      unit: 'person',
    })
    expect(opened.status).toBe(201)
    expectScrubbed(opened.body)
    const url = `/api/v1/consultations/${String(opened.body.id)}`
    // The announcement pushed to followers' phones (a WeChat subscribe message) carries the title scrubbed too.
    const pushed = await t.services?.models.Outbox.find({
      eventId: `consultation.opened:${String(opened.body.id)}`,
    }).lean()
    expect(pushed?.length).toBeGreaterThan(0)
    expectScrubbed(pushed?.map((m) => m.data))
    expect(pushed?.[0]?.data.thing1).toContain('139****')

    const c = ConsultationDtoSchema.parse((await get(url, villager)).body)
    expectScrubbed(c)
    expect(c.draft).toContain(MASKED[0])
    expect(c.questions[0]).toMatchObject({ options: ['同意139****5678', `不同意${MASKED[2]}`] })
    expectScrubbed((await get(`/api/v1/villages/${V1}/consultations`, villager)).body)
    expectScrubbed((await get(`${url}/mine`, villager)).body)

    const answered = await api()
      .post(`${url}/answers`)
      .set('Authorization', villager)
      .send({ responses: [{ options: [0] }, { text: '' }] })
    expect(answered.status).toBe(201)
    expect((await api().post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(200)
    const tally = await get(`${url}/tally`, villager)
    expect(tally.status).toBe(200)
    expectScrubbed(tally.body)
    expect(JSON.stringify(tally.body)).toContain(MASKED[1])
    expectScrubbed((await get(url, villager)).body)
  })

  it("should scrub a household's charge: title, description, unit and basis", async () => {
    const created = await post(`/api/v1/villages/${V1}/charges`, {
      title: `卫生费 ${PHONE}`,
      description: typed('按户收取，退款联系'),
      unit: 'household',
      unitAmountFen: 1000,
      unitLabel: '户',
      category: '卫生费',
      allHouseholds: true,
      dueDate: dueDateAhead(),
      basis: { text: typed('2026年村民代表会议决议') },
    })
    expect(created.status).toBe(201)
    const mine = await get('/api/v1/me/charges', villager)
    expect(mine.status).toBe(200)
    expectScrubbed(mine.body)
    const charge = (mine.body.charges as unknown[])
      .map((x) => MyChargeDtoSchema.parse(x))
      .find((x) => x.chargeId === created.body.id)
    expect(charge?.description).toContain(MASKED[0])
    expect(charge?.basis.text).toContain(MASKED[2])
  })

  it('should scrub the reason a secretary gives for refusing a membership, as the applicant reads it', async () => {
    const applicant = (await signIn(t.app, 'mv-applicant')).auth
    // A head of household on the roster who has not joined (a sound application; the refusal is the secretary's).
    const free = demoHouseholds(V1)[6]
    const applied = await api()
      .post(`/api/v1/villages/${V1}/memberships`)
      .set('Authorization', applicant)
      .send({ name: free?.headName, householdNo: free?.householdNo })
    expect(applied.status).toBe(201)
    const rejected = await post(`/api/v1/memberships/${String(applied.body.id)}/reject`, {
      reason: typed('材料不全'),
    })
    expect(rejected.status).toBe(200)
    const me = await get('/api/v1/me', applicant)
    expect(me.status).toBe(200)
    expectScrubbed(me.body)
    expect(JSON.stringify(me.body)).toContain(MASKED[0])
  })

  it("should scrub an office's reply to an information request as the requester reads it; the office sees it whole", async () => {
    const township = (await signIn(t.app, 'demo-township')).auth
    const created = await api()
      .post('/api/v1/info-requests')
      .set('Authorization', villager)
      .send({
        regionCode: TOWNSHIP,
        description: '2025年本镇低保资金发放明细',
        form: 'electronic',
        requester: {
          name: '李四',
          idType: 'resident_id',
          idNumber: '110101199003074477',
          contact: '13800138000',
        },
      })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    const replied = await api()
      .post(`/api/v1/info-requests/${id}/reply`)
      .set('Authorization', township)
      .send({ type: 'disclosed', text: typed('已公开，经办人') })
    expect(replied.status).toBe(200)
    const mine = await get(`/api/v1/info-requests/${id}`, villager)
    expect(mine.status).toBe(200)
    expectScrubbed(mine.body)
    expect(mine.body.reply.text).toContain(MASKED[1])
    expect((await get(`/api/v1/info-requests/${id}`, township)).body.reply.text).toContain(PHONE)
  })
})
