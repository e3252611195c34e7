import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QuestionDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../../testing/demo'
import { buildQuestionsKit, type QuestionsKit } from './questions-test-kit'

const V1 = demoRegionOf('demo-secretary')
const CHILD_OBJECTION = '第2行我家的低保不该取消。我孙子王小明今年8岁，在云溪小学读二年级，电话13800138000。'
const CHILD_REPLY = '经核实，孙子王小明8岁在读，名单无误。'

/** Public Q&A: a minor's details never reach the public, and a public thread can be withdrawn (docs/questions.md). */
describe('publishing and withdrawing a public Q&A', () => {
  let k: QuestionsKit
  let disclosureId = ''
  beforeAll(async () => {
    k = await buildQuestionsKit()
    disclosureId = await k.draft(V1, 'demo-secretary', '2026-05')
    await k.publish(disclosureId)
  }, 120_000)
  afterAll(async () => {
    await k.t.close()
  })
  const post = (path: string, who: string, body: object) =>
    request(k.server).post(`/api/v1/questions/${path}`).set('Authorization', k.as(who)).send(body)
  async function answered(text: string, reply: string): Promise<string> {
    const q = QuestionDtoSchema.parse((await k.ask(disclosureId, { kind: 'objection', text })).body)
    expect(
      (await post(`${q.id}/reply`, 'demo-secretary', { outcome: 'not_upheld', text: reply })).status,
    ).toBe(200)
    return q.id
  }
  const publicList = async () =>
    (await request(k.server).get(`/api/v1/disclosures/${disclosureId}/questions`)).body as {
      questions: { id: string; text: string; reply: { text: string } | null }[]
    }

  it('should not publish as it stands a text WeChat’s check sent to a person, only the secretary’s wording', async () => {
    const id = await answered('第3行的金额是不是不对？', '金额无误。')
    // The verdict the content check gives when it wants a person to look (the simulator only says pass or risky).
    await k.t.services?.models.Question.updateOne({ _id: id }, { $set: { contentCheck: 'review' } })
    const refused = await post(`${id}/publish`, 'demo-secretary', { askerConsented: true })
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'content_review'])
    expect(refused.body.error.message).toContain('公开时显示的文字')
    expect(JSON.stringify(await publicList())).not.toContain('第3行的金额')
    const reworded = await post(`${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: '村民询问第3行的金额。',
    })
    expect(reworded.status).toBe(200)
    const shown = (await publicList()).questions.find((q) => q.id === id)
    expect(shown?.text).toBe('村民询问第3行的金额。')
  })

  it('should refuse to publish a child’s name, age and school, and publish the secretary’s public wording', async () => {
    const id = await answered(CHILD_OBJECTION, CHILD_REPLY)
    const refused = await post(`${id}/publish`, 'demo-secretary', { askerConsented: true })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('minor_details')
    expect(refused.body.error.message).toMatch(/^问题和答复的文字里可能有未成年人的信息（.*孙子.*8岁.*小学/)
    expect(refused.body.error.message).not.toMatch(/[A-Za-z]/)
    expect((await request(k.server).get(`/api/v1/questions/${id}`)).status).toBe(404)
    expect(JSON.stringify(await publicList())).not.toContain('王小明')

    // Only the question's wording given: the reply still names the child.
    const half = await post(`${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: '第2行我家的低保不该取消，家里有困难。',
    })
    expect([half.status, half.body.error?.code]).toEqual([422, 'minor_details'])
    expect(half.body.error.message).toMatch(/^答复的/)
    // Public wording that names a child, or carries a phone number, is refused too.
    const stillChild = await post(`${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: '家里有个上小学的孩子',
      publicReply: '名单无误。',
    })
    expect(stillChild.body.error?.code).toBe('minor_details')
    const phone = await post(`${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: '请打13800138000',
      publicReply: '名单无误。',
    })
    expect([phone.status, phone.body.error?.code]).toEqual([422, 'personal_numbers'])
    expect(
      (await post(`${id}/publish`, 'demo-secretary', { askerConsented: true, publicText: '' })).status,
    ).toBe(400)

    const ok = await post(`${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: '第2行我家的低保不该取消，家里有困难。',
      publicReply: '经核实，该户家庭收入超过标准，名单无误。',
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      public: true,
      text: CHILD_OBJECTION,
      publicWording: { text: '第2行我家的低保不该取消，家里有困难。' },
    })
    const signedOut = await request(k.server).get(`/api/v1/questions/${id}`)
    expect(signedOut.body).toMatchObject({
      text: '第2行我家的低保不该取消，家里有困难。',
      reply: { text: '经核实，该户家庭收入超过标准，名单无误。' },
    })
    expect(signedOut.body.publicWording).toBeUndefined()
    const listed = JSON.stringify(await publicList())
    expect(listed).not.toMatch(/王小明|8岁|小学/)
    expect(listed).toContain('家里有困难')
    // The asker keeps what they wrote (scrubbed of the phone number).
    const asker = await request(k.server)
      .get(`/api/v1/questions/${id}`)
      .set('Authorization', k.as('demo-villager'))
    expect(asker.body.text).toContain('王小明')
    expect(asker.body.text).not.toContain('13800138000')
  }, 120_000)

  it('should publish typed texts that name no child as before', async () => {
    const id = await answered('第3行人数不对', '该户新增一名成员，已核实。')
    expect((await post(`${id}/publish`, 'demo-secretary', { askerConsented: true })).status).toBe(200)
    expect((await publicList()).questions.some((q) => q.id === id)).toBe(true)
  }, 60_000)

  it('should let the secretary or the township withdraw a public Q&A with a reason, recorded in the audit log', async () => {
    const id = await answered('第4行金额不对', '金额经核实无误。')
    // Not public yet: nothing to withdraw.
    const early = await post(`${id}/unpublish`, 'demo-secretary', { reason: '误公开' })
    expect([early.status, early.body.error?.code]).toEqual([409, 'invalid_transition'])
    expect((await post(`${id}/publish`, 'demo-secretary', { askerConsented: true })).status).toBe(200)

    expect((await post(`${id}/unpublish`, 'demo-secretary', {})).status).toBe(400)
    expect((await post(`${id}/unpublish`, 'demo-secretary', { reason: '   ' })).status).toBe(400)
    // The asker, and another village's secretary (who reads it as the public does), may not withdraw it.
    expect((await post(`${id}/unpublish`, 'demo-villager', { reason: '撤回' })).status).toBe(403)
    expect((await post(`${id}/unpublish`, 'demo-secretary-2', { reason: '撤回' })).status).toBe(403)
    expect(
      (await request(k.server).post(`/api/v1/questions/${id}/unpublish`).send({ reason: '撤回' })).status,
    ).toBe(401)

    const withdrawn = await post(`${id}/unpublish`, 'demo-township', { reason: '答复里有孩子的信息' })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.public).toBe(false)
    expect((await request(k.server).get(`/api/v1/questions/${id}`)).status).toBe(404)
    expect((await publicList()).questions.some((q) => q.id === id)).toBe(false)
    const other = await request(k.server)
      .get(`/api/v1/disclosures/${disclosureId}/questions`)
      .set('Authorization', k.as('demo-newcomer'))
    expect(other.body.questions.some((q: { id: string }) => q.id === id)).toBe(false)
    // The asker and staff keep the thread.
    const asker = await request(k.server)
      .get(`/api/v1/questions/${id}`)
      .set('Authorization', k.as('demo-villager'))
    expect(asker.status).toBe(200)

    const audit = await k.t.services?.models.AuditEvent.find({
      targetId: id,
      action: 'question.unpublish',
    }).lean()
    expect(audit).toHaveLength(1)
    expect(audit?.[0]?.data).toMatchObject({ reason: '答复里有孩子的信息' })
    // The county above may withdraw too, once it is public again.
    expect((await post(`${id}/publish`, 'demo-secretary', { askerConsented: true })).status).toBe(200)
    expect((await post(`${id}/unpublish`, 'demo-county', { reason: '重新核实' })).status).toBe(200)
  }, 120_000)
})
