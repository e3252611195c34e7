import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONSULTATION_DRAFT_MAX,
  CONSULTATION_TITLE_MAX,
  CORRECTION_TARGET_MAX,
  CORRECTION_TEXT_MAX,
  DECISION_DESCRIPTION_MAX,
  DECISION_TITLE_MAX,
  DISCLOSURE_BODY_MAX,
  DISCLOSURE_TITLE_MAX,
  FIGURE_NAME_MAX,
  QUESTION_PUBLIC_TEXT_MAX,
  QUESTION_TEXT_MAX,
} from '@cunwu/domain'
import { buildQuestionsKit, type QuestionsKit } from './questions/questions-test-kit'
import { demoRegionOf } from '../testing/demo'
import { toAppError } from '../middlewares/error-handler'

// Every stored free-text field counts characters as the API does (textLength: an emoji is one). Mongoose's maxlength
// counted UTF-16 units, so text of emoji within the API's limit failed the save as 400 数据校验未通过 naming no field.
const V1 = demoRegionOf('demo-secretary')
const emoji = (n: number) => '😀'.repeat(n)

describe('free-text limits: an emoji is one character, at save as in the schema', () => {
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
    request(k.server).post(`/api/v1${path}`).set('Authorization', k.as(who)).send(body)

  it('should take a question, its answer and its public wording of exactly the limit in emoji, and refuse one more', async () => {
    const asked = await k.ask(disclosureId, { kind: 'question', text: emoji(QUESTION_TEXT_MAX) })
    expect(asked.status).toBe(201)
    expect(asked.body.text).toBe(emoji(QUESTION_TEXT_MAX))
    const over = await k.ask(disclosureId, { kind: 'question', text: emoji(QUESTION_TEXT_MAX + 1) })
    expect(over.status).toBe(422)
    expect(over.body.error.details).toEqual({ 'body.text': `留言不能超过${QUESTION_TEXT_MAX}字` })

    const id = String(asked.body.id)
    const tooLongReply = await post(`/questions/${id}/reply`, 'demo-secretary', {
      outcome: 'answered',
      text: emoji(QUESTION_TEXT_MAX + 1),
    })
    expect(tooLongReply.status).toBe(422)
    expect(tooLongReply.body.error.details).toEqual({ 'body.text': `留言不能超过${QUESTION_TEXT_MAX}字` })
    const reply = await post(`/questions/${id}/reply`, 'demo-secretary', {
      outcome: 'answered',
      text: emoji(QUESTION_TEXT_MAX),
    })
    expect(reply.status).toBe(200)

    const over2 = await post(`/questions/${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: emoji(QUESTION_PUBLIC_TEXT_MAX + 1),
    })
    expect(over2.status).toBe(400)
    expect(over2.body.error.details).toEqual({ 'body.publicText': `最多 ${QUESTION_PUBLIC_TEXT_MAX} 个字` })
    const published = await post(`/questions/${id}/publish`, 'demo-secretary', {
      askerConsented: true,
      publicText: emoji(QUESTION_PUBLIC_TEXT_MAX),
      publicReply: emoji(QUESTION_PUBLIC_TEXT_MAX),
    })
    expect(published.status).toBe(200)
  })

  it('should take a correction request of exactly the limits in emoji, and refuse one more naming the field', async () => {
    const body = { villageCode: V1, kind: 'correct' }
    const over = await post('/me/data/corrections', 'demo-villager', {
      ...body,
      target: emoji(CORRECTION_TARGET_MAX + 1),
      text: emoji(CORRECTION_TEXT_MAX + 1),
    })
    expect(over.status).toBe(400)
    expect(over.body.error.details).toEqual({
      'body.target': `最多 ${CORRECTION_TARGET_MAX} 个字`,
      'body.text': `最多 ${CORRECTION_TEXT_MAX} 个字`,
    })
    const ok = await post('/me/data/corrections', 'demo-villager', {
      ...body,
      target: emoji(CORRECTION_TARGET_MAX),
      text: emoji(CORRECTION_TEXT_MAX),
    })
    expect(ok.status).toBe(201)
  })

  it('should open a consultation whose title and draft are exactly the limits in emoji, and refuse one more', async () => {
    const deadline = new Date(
      new Date(String((await request(k.server).get('/api/v1/dev/clock')).body.now)).getTime() +
        3 * 86_400_000,
    ).toISOString()
    const open = (title: string, draft: string) =>
      post(`/villages/${V1}/consultations`, 'demo-secretary', {
        title,
        draft,
        questions: [{ kind: 'text', text: '其他意见' }],
        deadline,
        unit: 'person',
      })
    const over = await open(emoji(CONSULTATION_TITLE_MAX + 1), emoji(CONSULTATION_DRAFT_MAX + 1))
    expect(over.status).toBe(400)
    expect(over.body.error.details).toEqual({
      'body.title': `标题最多 ${CONSULTATION_TITLE_MAX} 个字`,
      'body.draft': `最多 ${CONSULTATION_DRAFT_MAX} 个字`,
    })
    const ok = await open(emoji(CONSULTATION_TITLE_MAX), emoji(CONSULTATION_DRAFT_MAX))
    expect(ok.status).toBe(201)
  })

  it("should keep a disclosure's figure named with exactly the limit in emoji, and refuse one more", async () => {
    const draft = await k.draft(V1, 'demo-secretary', '2026-06')
    const patch = (name: string) =>
      request(k.server)
        .patch(`/api/v1/disclosures/${draft}`)
        .set('Authorization', k.as('demo-secretary'))
        .send({ figures: [{ name, value: 650, unit: '元/月' }] })
    const over = await patch(emoji(FIGURE_NAME_MAX + 1))
    expect(over.status).toBe(400)
    expect(over.body.error.details).toEqual({ 'body.figures.0.name': `数额名称最多 ${FIGURE_NAME_MAX} 个字` })
    const ok = await patch(emoji(FIGURE_NAME_MAX))
    expect(ok.status).toBe(200)
    expect(ok.body.figures[0].name).toBe(emoji(FIGURE_NAME_MAX))
  })

  it("should take a disclosure draft's title and text, and a matter's title and description, of the limit in emoji", async () => {
    const patch = (body: object) =>
      request(k.server)
        .patch(`/api/v1/disclosures/${draftId}`)
        .set('Authorization', k.as('demo-secretary'))
        .send(body)
    const draftId = await k.draft(V1, 'demo-secretary', '2026-07')
    const over = await patch({ title: emoji(DISCLOSURE_TITLE_MAX + 1), body: emoji(DISCLOSURE_BODY_MAX + 1) })
    expect(over.status).toBe(400)
    expect(Object.keys(over.body.error.details as object).sort()).toEqual(['body.body', 'body.title'])
    const ok = await patch({ title: emoji(DISCLOSURE_TITLE_MAX), body: emoji(DISCLOSURE_BODY_MAX) })
    expect(ok.status).toBe(200)
    expect(ok.body.title).toBe(emoji(DISCLOSURE_TITLE_MAX))

    const matter = (title: string, description: string) =>
      post(`/villages/${V1}/decisions`, 'demo-secretary', { title, kind: 'fundraising', description })
    const tooLong = await matter(emoji(DECISION_TITLE_MAX + 1), emoji(DECISION_DESCRIPTION_MAX + 1))
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.details).toEqual({
      'body.title': `事项名称最多 ${DECISION_TITLE_MAX} 个字`,
      'body.description': `最多 ${DECISION_DESCRIPTION_MAX} 个字`,
    })
    expect((await matter(emoji(DECISION_TITLE_MAX), emoji(DECISION_DESCRIPTION_MAX))).status).toBe(201)
  })

  it('should name the field in Chinese when a stored record refuses a text past the schema', async () => {
    const { Question } = k.t.services!.models
    const invalid: unknown = await new Question({ text: emoji(QUESTION_TEXT_MAX + 1) })
      .validate()
      .catch((e: unknown) => e)
    const answer = toAppError(invalid)
    expect(answer?.status).toBe(400)
    expect(answer?.code).toBe('validation_error')
    expect(answer?.details).toMatchObject({
      text: `留言最多 ${QUESTION_TEXT_MAX} 个字`,
      disclosureId: '不能为空',
    })
    // Exactly the limit in emoji is within it.
    const within = (await new Question({ text: emoji(QUESTION_TEXT_MAX) })
      .validate()
      .catch((e: unknown) => e)) as { errors?: object }
    expect(Object.keys(within.errors ?? {})).not.toContain('text')
  })
})
