import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postingWindowEnd, QuestionDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../../testing/demo'
import { buildQuestionsKit, type QuestionsKit } from './questions-test-kit'

const V1 = demoRegionOf('demo-secretary')

/** The reply clock on the moved development clock (docs/questions.md). */
describe('the reply clock of questions and objections', () => {
  let k: QuestionsKit
  beforeAll(async () => {
    k = await buildQuestionsKit()
  }, 120_000)
  afterAll(async () => {
    await k.t.close()
  })
  const setClock = (setTo: string) => request(k.server).post('/api/v1/dev/clock').send({ setTo })
  const upkeep = async () =>
    (await request(k.server).post('/api/v1/dev/upkeep')).body as { questionsEscalated: number }

  it('should leave working days to an objection sent minutes before a window that ends on a Saturday', async () => {
    const id = await k.draft(V1, 'demo-secretary', '2026-06')
    await k.publish(id)
    // The window's last day is Saturday 2026-12-12.
    await k.t.services?.models.Disclosure.updateOne(
      { _id: id },
      { $set: { postingUntil: postingWindowEnd({ date: '2026-12-12' }) } },
    )
    try {
      expect((await setClock('2026-12-07T10:00:00+08:00')).status).toBe(200)
      const monday = QuestionDtoSchema.parse(
        (await k.ask(id, { kind: 'objection', text: '第1行 金额不对' })).body,
      )
      // Three working days are Thursday 12-10; the window ends on Saturday, so the next working day, Monday.
      expect(monday.dueDate).toBe('2026-12-14')
      const question = QuestionDtoSchema.parse(
        (await k.ask(id, { kind: 'question', text: '标准是多少？' })).body,
      )
      // A question and an objection end the same way: the last millisecond of their last day.
      expect([question.dueDate, question.dueAt]).toEqual(['2026-12-14', '2026-12-14T15:59:59.999Z'])
      expect(monday.dueAt).toBe('2026-12-14T15:59:59.999Z')

      await setClock('2026-12-12T23:50:00+08:00')
      const late = QuestionDtoSchema.parse(
        (await k.ask(id, { kind: 'objection', text: '第2行 人数不对' })).body,
      )
      expect([late.dueDate, late.dueAt]).toEqual(['2026-12-16', '2026-12-16T15:59:59.999Z'])
      await setClock('2026-12-13T00:00:30+08:00')
      expect((await upkeep()).questionsEscalated).toBe(0)
      const seen = await request(k.server)
        .get(`/api/v1/questions/${late.id}`)
        .set('Authorization', k.as('demo-secretary'))
      expect(seen.body).toMatchObject({ overdue: false, escalated: false })
      // After the last day, and only then, it goes to the township.
      await setClock('2026-12-16T23:59:00+08:00')
      const stillDue = await request(k.server)
        .get(`/api/v1/questions/${late.id}`)
        .set('Authorization', k.as('demo-secretary'))
      expect(stillDue.body.overdue).toBe(false)
      await setClock('2026-12-17T00:00:30+08:00')
      expect((await upkeep()).questionsEscalated).toBe(3)
    } finally {
      await request(k.server).post('/api/v1/dev/clock').send({ setTo: new Date().toISOString() })
    }
  }, 120_000)
})
