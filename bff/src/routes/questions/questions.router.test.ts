import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOCUMENTED_RISKY_TEST_STRING } from '@cunwu/wechat-sim'
import { QuestionDtoSchema, QuestionListDtoSchema, RegionQuestionsDtoSchema } from '@cunwu/domain'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, buildIdNumber } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { buildQuestionsKit, type QuestionsKit } from './questions-test-kit'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')

describe('questions and objections on disclosures', () => {
  let k: QuestionsKit
  let t: TestApp
  let server: QuestionsKit['server']

  beforeAll(async () => {
    k = await buildQuestionsKit()
    t = k.t
    server = k.server
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const as = (key: string) => k.as(key)
  const draft = (village: string, secretary: string, period: string, rows = buildDibaoRows(village)) =>
    k.draft(village, secretary, period, { rows })
  const publish = (id: string, secretary?: string, reviewer?: string) => k.publish(id, secretary, reviewer)
  const ask = (id: string, body: Record<string, unknown>, who?: string) => k.ask(id, body, who)
  const inbox = async (who: string) =>
    (await request(server).get('/api/v1/inbox').set('Authorization', as(who))).body as {
      entries?: { eventType: string; title: string; body: string }[]
    }

  it('should take an objection to one row, refuse bad ones, and show the thread only to the asker and staff', async () => {
    const id = await draft(V1, 'demo-secretary', '2026-07')
    // A draft is not there for villagers.
    expect((await ask(id, { kind: 'question', text: '这是什么？' })).status).toBe(404)
    await publish(id)

    const created = await ask(id, { kind: 'objection', text: '第3行 金额不对', rowRef: 3 })
    expect(created.status).toBe(201)
    const q = QuestionDtoSchema.parse(created.body)
    expect(q).toMatchObject({ kind: 'objection', rowRef: 3, status: 'open', mine: true, overdue: false })

    // The WeChat content check refuses the documentation's test string; nothing is stored.
    const risky = await ask(id, { kind: 'question', text: `请问${DOCUMENTED_RISKY_TEST_STRING}` })
    expect(risky.status).toBe(422)
    expect(risky.body.error.code).toBe('content_risky')
    expect(await t.services?.models.Question.countDocuments({ disclosureId: q.disclosureId })).toBe(1)

    const long = await ask(id, { kind: 'question', text: '字'.repeat(501) })
    expect(long.status).toBe(422)
    expect((await ask(id, { kind: 'question', text: '行不存在', rowRef: 99_999 })).status).toBe(400)
    expect((await ask(id, { kind: 'complaint', text: 'x' })).status).toBe(400)
    // Not a member of the village.
    expect((await ask(id, { kind: 'question', text: '请问' }, 'demo-newcomer')).status).toBe(403)
    // Another village's published item.
    const other = await draft(V2, 'demo-secretary-2', '2026-07')
    await publish(other, 'demo-secretary-2', 'demo-county')
    expect((await ask(other, { kind: 'question', text: '请问' })).status).toBe(403)

    const list = (who?: string) => {
      const r = request(server).get(`/api/v1/disclosures/${id}/questions`)
      return who ? r.set('Authorization', as(who)) : r
    }
    expect((await list()).body.questions).toEqual([])
    expect((await list('demo-newcomer')).body.questions).toEqual([])
    expect((await list('demo-secretary-2')).body.questions).toEqual([])
    expect((await list('demo-villager')).body.questions).toHaveLength(1)
    const staffView = (await list('demo-secretary')).body.questions
    expect(staffView).toHaveLength(1)
    expect(JSON.stringify(staffView)).not.toMatch(/askerId|openid/)
    expect((await request(server).get(`/api/v1/questions/${q.id}`)).status).toBe(404)
  }, 120_000)

  it('should count a question by the characters kept, not by the invisible ones pasted with it', async () => {
    const id = await draft(V1, 'demo-secretary', '2025-11')
    await publish(id)
    // 200 characters with 400 zero-width spaces or 350 soft hyphens: 200 characters are kept, under the 500.
    for (const invisible of ['\u200b'.repeat(400), '\u00ad'.repeat(350)]) {
      const res = await ask(id, { kind: 'question', text: `${'问'.repeat(200)}${invisible}` })
      expect(res.status).toBe(201)
      expect([...(res.body.text as string)]).toHaveLength(200)
    }
    const long = await ask(id, { kind: 'question', text: `${'问'.repeat(501)}\u200b` })
    expect(long.status).toBe(422)
    expect(long.body.error.message).toBe('留言不能超过500字')
  })

  it('should let the secretary answer once, tell the asker, and refuse answers from outside the village', async () => {
    const id = await draft(V1, 'demo-secretary', '2026-08')
    await publish(id)
    const q = QuestionDtoSchema.parse(
      (await ask(id, { kind: 'question', text: '为什么第5户人数变了？' })).body,
    )
    const reply = (who: string, body: Record<string, unknown>) =>
      request(server).post(`/api/v1/questions/${q.id}/reply`).set('Authorization', as(who)).send(body)

    // Another village's secretary cannot read the thread, so acting on it answers as reading does (404); the asker
    // reads it and is refused (403).
    expect(
      (await request(server).get(`/api/v1/questions/${q.id}`).set('Authorization', as('demo-secretary-2')))
        .status,
    ).toBe(404)
    expect((await reply('demo-secretary-2', { outcome: 'answered', text: '答复' })).status).toBe(404)
    expect(
      (
        await request(server)
          .post(`/api/v1/questions/${q.id}/correction`)
          .set('Authorization', as('demo-secretary-2'))
          .send({ changeNote: '更正' })
      ).status,
    ).toBe(404)
    expect(
      (
        await request(server)
          .post(`/api/v1/questions/${q.id}/publish`)
          .set('Authorization', as('demo-secretary-2'))
          .send({ askerConsented: true })
      ).status,
    ).toBe(404)
    expect((await reply('demo-villager', { outcome: 'answered', text: '答复' })).status).toBe(403)
    expect((await reply('demo-secretary', { outcome: 'not_upheld', text: '不予采纳' })).status).toBe(400)
    const ok = await reply('demo-secretary', { outcome: 'answered', text: '该户新增一名成员，已核实。' })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ status: 'answered', reply: { by: 'secretary' } })
    const again = await reply('demo-secretary', { outcome: 'answered', text: '再答一次' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('question_closed')

    const entries = (await inbox('demo-villager')).entries ?? []
    expect(entries.some((e) => e.eventType === 'question.answered' && e.body.includes('已核实'))).toBe(true)

    // Public Q&A only with the asker's consent; then anyone sees it, without the asker.
    const pub = (body: object) =>
      request(server)
        .post(`/api/v1/questions/${q.id}/publish`)
        .set('Authorization', as('demo-secretary'))
        .send(body)
    expect((await pub({})).status).toBe(400)
    expect((await pub({ askerConsented: true })).status).toBe(200)
    const seen = await request(server).get(`/api/v1/disclosures/${id}/questions`)
    expect(seen.body.questions).toHaveLength(1)
    expect(seen.body.questions[0]).toMatchObject({
      mine: false,
      reply: { text: '该户新增一名成员，已核实。' },
    })
  }, 120_000)

  it('should read rowRef as the row number of the public table, which leaves out rows about minors', async () => {
    const rows = buildDibaoRows(V1)
    // Stored row 2 is about a minor: the public table skips it, so public row 2 is stored row 3.
    rows[1] = { ...rows[1], id_number: buildIdNumber('2016-03-01', 98) }
    const id = await draft(V1, 'demo-secretary', '2027-01', rows)
    await publish(id)
    const table = (await request(server).get(`/api/v1/disclosures/${id}`)).body.table as {
      rows: { name: string }[]
    }
    expect(table.rows).toHaveLength(rows.length - 1)
    expect(table.rows[1]?.name).toBe(rows[2]?.name)

    // 30 stored rows, 29 public ones: row 30 is not there for the villager.
    const beyond = await ask(id, { kind: 'objection', text: '金额不对', rowRef: rows.length })
    expect([beyond.status, beyond.body.error?.code]).toEqual([400, 'validation_error'])
    const created = await ask(id, { kind: 'objection', text: '第2行 金额不对', rowRef: 2 })
    expect(created.status).toBe(201)
    const mine = QuestionDtoSchema.parse(created.body)
    // The asker sees the number they gave, never where the row sits among the hidden ones.
    expect(mine.rowRef).toBe(2)
    expect(mine.storedRow).toBeUndefined()
    // Staff get the row of the stored table (which they see whole), the one the villager meant.
    const staff = QuestionDtoSchema.parse(
      (await request(server).get(`/api/v1/questions/${mine.id}`).set('Authorization', as('demo-secretary')))
        .body,
    )
    expect(staff).toMatchObject({ rowRef: 2, storedRow: 3 })
    const staffTable = (
      await request(server).get(`/api/v1/disclosures/${id}`).set('Authorization', as('demo-secretary'))
    ).body.table as { rows: { name: string }[] }
    expect(staffTable.rows[(staff.storedRow ?? 0) - 1]?.name).toBe(table.rows[1]?.name)
    // Closed so the villager's open threads stay under the limit for the tests after this one.
    await request(server)
      .post(`/api/v1/questions/${mine.id}/reply`)
      .set('Authorization', as('demo-secretary'))
      .send({ outcome: 'not_upheld', text: '金额经核实无误。' })
  }, 120_000)

  it('should send the answer as a subscribe message when the asker allowed it when asking, using up that one send', async () => {
    const sender = t.runtime.outboxSender
    const sim = t.runtime.wechatSim
    if (!sender || !sim) throw new Error('no simulator or sender')
    // Earlier answers to this villager are delivered first, so the credit below is spent on this thread only.
    await sender.drain()
    const template = 'tmpl_question_replied'
    const credits = async () =>
      (
        (await request(server).get('/api/v1/subscriptions').set('Authorization', as('demo-villager')))
          .body as {
          credits: { templateId: string; credits: number }[]
        }
      ).credits.find((c) => c.templateId === template)?.credits ?? 0
    const before = await credits()
    const id = await draft(V1, 'demo-secretary', '2027-02')
    await publish(id)
    // What the ask page does: WeChat's prompt (here the simulator's stand-in), then the answer recorded.
    const prompt = await request(server)
      .post('/api/v1/dev/subscribe-message')
      .set('Authorization', as('demo-villager'))
      .send({ templateIds: [template] })
    expect(prompt.body[template]).toBe('accept')
    const granted = await request(server)
      .post('/api/v1/subscriptions')
      .set('Authorization', as('demo-villager'))
      .send({ results: { [template]: 'accept' }, requestId: 'ask-question-grant-1' })
    expect(granted.status).toBe(201)
    expect(await credits()).toBe(before + 1)
    const q = QuestionDtoSchema.parse((await ask(id, { kind: 'question', text: '补助什么时候发？' })).body)
    const sentBefore = sim.control.sentMessages({ templateId: template }).length
    const ok = await request(server)
      .post(`/api/v1/questions/${q.id}/reply`)
      .set('Authorization', as('demo-secretary'))
      .send({ outcome: 'answered', text: '本月底前发放。' })
    expect(ok.status).toBe(200)
    await sender.drain()
    const sent = sim.control.sentMessages({ templateId: template }).slice(sentBefore)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.page).toContain(q.id)
    expect(sent[0]?.data.thing2).toContain('本月底前发放')
    expect(await credits()).toBe(before)
  }, 120_000)

  it("should list a person's own threads at GET /me/questions, newest first, and nobody else's", async () => {
    const id = await draft(V1, 'demo-secretary', '2026-11')
    await publish(id)
    const first = QuestionDtoSchema.parse((await ask(id, { kind: 'question', text: '第一问' })).body)
    const second = QuestionDtoSchema.parse(
      (await ask(id, { kind: 'objection', text: '第2行 人数不对', rowRef: 2 })).body,
    )
    const mine = await request(server).get('/api/v1/me/questions').set('Authorization', as('demo-villager'))
    expect(mine.status).toBe(200)
    const ids = QuestionListDtoSchema.parse(mine.body).questions.map((x) => x.id)
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id))
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0)
    expect(mine.body.questions.every((x: { mine: boolean }) => x.mine)).toBe(true)
    const other = await request(server).get('/api/v1/me/questions').set('Authorization', as('demo-secretary'))
    expect(other.body.questions).toEqual([])
    expect((await request(server).get('/api/v1/me/questions')).status).toBe(401)
  }, 120_000)

  it('should uphold an objection when the corrected version it names is published', async () => {
    const id = await draft(V1, 'demo-secretary', '2026-09')
    await publish(id)
    const q = QuestionDtoSchema.parse(
      (await ask(id, { kind: 'objection', text: '第2行 金额不对', rowRef: 2 })).body,
    )
    const correction = (who: string) =>
      request(server)
        .post(`/api/v1/questions/${q.id}/correction`)
        .set('Authorization', as(who))
        .send({ changeNote: '更正第2行金额' })
    expect((await correction('demo-township')).status).toBe(403)
    const started = await correction('demo-secretary')
    expect(started.status).toBe(201)
    const versionId = String(started.body.disclosureId)
    expect(started.body.question).toMatchObject({ status: 'open', correctionDisclosureId: versionId })
    // The new version as it was started corrects nothing: it may not be submitted, so nothing is 采纳 for show.
    const unchanged = await request(server)
      .post(`/api/v1/disclosures/${versionId}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({})
    expect(unchanged.status).toBe(422)
    expect(unchanged.body.error.code).toBe('correction_unchanged')
    expect(unchanged.body.error.message).toContain('还没有改正')
    // A new title leaves the objected row as it was: still nothing corrected.
    expect(
      (
        await request(server)
          .patch(`/api/v1/disclosures/${versionId}`)
          .set('Authorization', as('demo-secretary'))
          .send({ title: '2026年9月低保对象名单公示（更正）' })
      ).status,
    ).toBe(200)
    const retitled = await request(server)
      .post(`/api/v1/disclosures/${versionId}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({})
    expect([retitled.status, retitled.body.error?.code]).toEqual([422, 'correction_unchanged'])
    const staffView = await request(server)
      .get(`/api/v1/disclosures/${versionId}`)
      .set('Authorization', as('demo-secretary'))
    const rows = (staffView.body.table.rows as Record<string, unknown>[]).map((r, i) =>
      i === 1 ? { ...r, amount: Number(r.amount) + 2_000 } : r,
    )
    const fixed = await request(server)
      .patch(`/api/v1/disclosures/${versionId}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows })
    expect(fixed.status).toBe(200)
    await publish(versionId)

    const after = await request(server)
      .get(`/api/v1/questions/${q.id}`)
      .set('Authorization', as('demo-villager'))
    expect(after.body).toMatchObject({ status: 'upheld', correctionDisclosureId: versionId })
    const entries = (await inbox('demo-villager')).entries ?? []
    expect(entries.some((e) => e.eventType === 'question.answered' && e.body.includes('已采纳'))).toBe(true)
    // Closed: no answer after it.
    const late = await request(server)
      .post(`/api/v1/questions/${q.id}/reply`)
      .set('Authorization', as('demo-secretary'))
      .send({ outcome: 'answered', text: '迟到的答复' })
    expect(late.status).toBe(409)
  }, 180_000)

  it('should send an unanswered thread past its deadline to the township once, on the moved clock', async () => {
    const id = await draft(V1, 'demo-secretary', '2026-10')
    await publish(id)
    const q = QuestionDtoSchema.parse((await ask(id, { kind: 'question', text: '补助标准是多少？' })).body)
    expect(q.overdue).toBe(false)
    const upkeep = async () =>
      (await request(server).post('/api/v1/dev/upkeep')).body as { questionsEscalated: number }
    expect((await upkeep()).questionsEscalated).toBe(0)

    const moved = await request(server).post('/api/v1/dev/clock').send({ advanceDays: 15 })
    expect(moved.status).toBe(200)
    expect((await request(server).post('/api/v1/dev/clock').send({})).status).toBe(400)
    try {
      expect((await upkeep()).questionsEscalated).toBeGreaterThanOrEqual(1)
      expect((await upkeep()).questionsEscalated).toBe(0)
      const entries = (await inbox('demo-township')).entries ?? []
      expect(entries.filter((e) => e.eventType === 'question.overdue').length).toBeGreaterThanOrEqual(1)

      const overview = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/questions`)
        .set('Authorization', as('demo-township'))
      expect(overview.status).toBe(200)
      RegionQuestionsDtoSchema.parse(overview.body)
      const mine = overview.body.open.find((x: { id: string }) => x.id === q.id)
      expect(mine).toMatchObject({ overdue: true, escalated: true })
      // Overdue first.
      expect(overview.body.open[0].overdue).toBe(true)
      expect(
        (
          await request(server)
            .get(`/api/v1/regions/${TOWNSHIP}/questions`)
            .set('Authorization', as('demo-villager'))
        ).status,
      ).toBe(403)

      // The township may answer too.
      const answered = await request(server)
        .post(`/api/v1/questions/${q.id}/reply`)
        .set('Authorization', as('demo-township'))
        .send({ outcome: 'answered', text: '按县里标准执行。' })
      expect(answered.body).toMatchObject({ status: 'answered', reply: { by: 'township' } })
      const medians = (
        await request(server)
          .get(`/api/v1/regions/${TOWNSHIP}/questions`)
          .set('Authorization', as('demo-township'))
      ).body.medians
      expect(
        medians.find((m: { villageCode: string }) => m.villageCode === V1)?.answered,
      ).toBeGreaterThanOrEqual(1)
    } finally {
      await request(server).post('/api/v1/dev/clock').send({ advanceDays: -15 })
    }
  }, 120_000)
})
