import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QuestionDtoSchema, QuestionListDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../../testing/demo'
import { buildQuestionsKit, type QuestionsKit } from './questions-test-kit'

const V1 = demoRegionOf('demo-secretary')

/** Threads belong to an item's series: listed on every public version, asked on an old one filed on the current. */
describe('questions across the versions of a disclosure', () => {
  let k: QuestionsKit
  beforeAll(async () => {
    k = await buildQuestionsKit()
  }, 120_000)
  afterAll(async () => {
    await k.t.close()
  })
  const list = async (id: string, who?: string) => {
    const r = request(k.server).get(`/api/v1/disclosures/${id}/questions`)
    const res = await (who ? r.set('Authorization', k.as(who)) : r)
    expect(res.status).toBe(200)
    return QuestionListDtoSchema.parse(res.body).questions
  }
  async function newVersion(id: string, changeNote: string): Promise<string> {
    const next = await request(k.server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', k.as('demo-secretary'))
      .send({ changeNote })
    expect(next.status).toBeLessThan(300)
    await k.publish(String(next.body.id))
    return String(next.body.id)
  }

  it('should uphold an objection raised after the posting window through a new version', async () => {
    const id = await k.draft(V1, 'demo-secretary', '2025-11')
    await k.publish(id)
    // The upkeep marks a list whose window ended 公示期满 (expired); objections are still taken (docs/questions.md).
    await k.t.services?.models.Disclosure.updateOne({ _id: id }, { $set: { status: 'expired' } })
    const asked = await k.ask(id, { kind: 'objection', text: '第1行的金额不对', rowRef: 1 })
    expect(asked.status).toBe(201)
    const started = await request(k.server)
      .post(`/api/v1/questions/${String(asked.body.id)}/correction`)
      .set('Authorization', k.as('demo-secretary'))
      .send({ changeNote: '更正第1行金额' })
    expect(started.status).toBe(201)
    expect(started.body.question.correctionDisclosureId).toBe(started.body.disclosureId)
  })

  it('should take a figure name only when the item names that figure', async () => {
    const bare = await k.draft(V1, 'demo-secretary', '2026-03', { figures: [] })
    await k.publish(bare)
    const unknown = await k.ask(bare, { kind: 'question', text: '问标准', figureName: '不存在的数' })
    expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'validation_error'])
    expect(unknown.body.error.message).toBe('这份公开内容里没有这个数字，请从公开的数字中选择')
    const named = await k.draft(V1, 'demo-secretary', '2026-04', {
      figures: [{ name: '低保标准', value: 680, unit: '元/月' }],
    })
    await k.publish(named)
    expect((await k.ask(named, { kind: 'question', text: '问标准', figureName: '低保标准' })).status).toBe(
      201,
    )
    expect((await k.ask(named, { kind: 'question', text: '问标准', figureName: '低保' })).status).toBe(422)
  }, 120_000)

  it('should list a series’ threads on each of its public versions, saying which version each was asked on', async () => {
    const v1 = await k.draft(V1, 'demo-secretary', '2026-02')
    await k.publish(v1)
    const asked = []
    for (const text of ['第一问', '第二问', '第三问']) {
      asked.push(QuestionDtoSchema.parse((await k.ask(v1, { kind: 'question', text })).body))
    }
    expect(asked.map((q) => q.disclosureVersion)).toEqual([1, 1, 1])
    const shown = asked[0]?.id ?? ''
    await request(k.server)
      .post(`/api/v1/questions/${shown}/reply`)
      .set('Authorization', k.as('demo-secretary'))
      .send({ outcome: 'answered', text: '已答复。' })
    const pub = await request(k.server)
      .post(`/api/v1/questions/${shown}/publish`)
      .set('Authorization', k.as('demo-secretary'))
      .send({ askerConsented: true })
    expect(pub.status).toBe(200)

    const v2 = await newVersion(v1, '更正第2行金额')
    const v3 = await newVersion(v2, '更正第3行人数')
    for (const id of [v1, v2, v3]) {
      // The public reads the public thread on every version, the superseded ones included.
      expect((await list(id)).map((q) => [q.id, q.disclosureVersion])).toEqual([[shown, 1]])
      // The asker reads their three open threads too.
      const mine = await list(id, 'demo-villager')
      expect(mine.map((q) => q.id)).toEqual(asked.map((q) => q.id))
      expect(mine.every((q) => q.disclosureId === v1 && q.disclosureVersion === 1)).toBe(true)
      expect(await list(id, 'demo-secretary')).toHaveLength(3)
    }

    // Asked on the superseded first version (an old link): filed on the current third one.
    const late = await k.ask(v1, { kind: 'objection', text: '金额还是不对' })
    expect(late.status).toBe(201)
    expect(late.body).toMatchObject({ disclosureId: v3, disclosureVersion: 3 })
    // A row number names a row of the version the villager read, which may be another row now.
    const row = await k.ask(v1, { kind: 'objection', text: '第2行不对', rowRef: 2 })
    expect([row.status, row.body.error?.code]).toEqual([409, 'version_superseded'])
    expect((await k.ask(v3, { kind: 'objection', text: '第2行不对', rowRef: 2 })).status).toBe(201)
  }, 180_000)

  it('should keep a retracted version’s threads out of reach, as the item itself', async () => {
    const v1 = await k.draft(V1, 'demo-secretary', '2026-01')
    await k.publish(v1)
    const retracted = await request(k.server)
      .post(`/api/v1/disclosures/${v1}/retract`)
      .set('Authorization', k.as('demo-secretary'))
      .send({ reason: '名单有误，重新核对' })
    expect(retracted.status).toBe(200)
    expect((await request(k.server).get(`/api/v1/disclosures/${v1}/questions`)).status).toBe(404)
    expect((await k.ask(v1, { kind: 'question', text: '为什么撤回？' })).status).toBe(404)
  }, 120_000)
})
