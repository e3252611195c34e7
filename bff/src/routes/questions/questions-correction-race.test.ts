import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QuestionDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../../testing/demo'
import { buildQuestionsKit, type QuestionsKit } from './questions-test-kit'

const V1 = demoRegionOf('demo-secretary')
const ROUNDS = 10

/**
 * The secretary upholding an objection (采纳并更正) while the township declines it (不予采纳) at the same moment
 * (outside tester 2, M4): a secretary told 409 leaves no new version behind, and a version that was started is the
 * one the thread names.
 */
describe('correction started while the objection is declined', () => {
  let k: QuestionsKit

  beforeAll(async () => {
    k = await buildQuestionsKit()
  }, 120_000)
  afterAll(async () => {
    await k.t.close()
  })

  it('should leave no version of a refused correction, round after round', async () => {
    const models = k.t.services?.models
    if (!models) throw new Error('no services')
    const outcomes: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const id = await k.draft(V1, 'demo-secretary', `2025-${String(round + 1).padStart(2, '0')}`)
      await k.publish(id)
      const asked = await k.ask(id, { kind: 'objection', text: '第1行金额不对', rowRef: 1 })
      expect(asked.status).toBe(201)
      const q = QuestionDtoSchema.parse(asked.body)
      const [correction, reply] = await Promise.all([
        request(k.server)
          .post(`/api/v1/questions/${q.id}/correction`)
          .set('Authorization', k.as('demo-secretary'))
          .send({ changeNote: '更正第一行金额' }),
        request(k.server)
          .post(`/api/v1/questions/${q.id}/reply`)
          .set('Authorization', k.as('demo-township'))
          .send({ outcome: 'not_upheld', text: '经核实金额无误' }),
      ])
      outcomes.push(`${correction.status}/${reply.status}`)
      // Declining is open to the township before a correction starts and after it (docs/questions.md).
      expect(reply.status, JSON.stringify(reply.body)).toBe(200)
      const published = await models.Disclosure.findById(id).lean()
      const versions = await models.Disclosure.find({ seriesKey: published?.seriesKey }).lean()
      const thread = await models.Question.findById(q.id).lean()
      expect(thread?.status).toBe('not_upheld')
      const started = await models.AuditEvent.countDocuments({
        action: 'disclosure.new_version',
        'data.from': id,
      })
      if (correction.status === 409) {
        expect(correction.body.error.code).toBe('question_closed')
        expect(versions.map((v) => v.version)).toEqual([1])
        expect(thread?.correctionDisclosureId).toBeNull()
        expect(started).toBe(0)
      } else {
        expect(correction.status, JSON.stringify(correction.body)).toBe(201)
        const draft = versions.find((v) => v.version === 2)
        expect(versions).toHaveLength(2)
        expect(draft?.status).toBe('draft')
        expect(String(correction.body.disclosureId)).toBe(draft?._id.toHexString())
        expect(thread?.correctionDisclosureId?.toHexString()).toBe(draft?._id.toHexString())
        expect(started).toBe(1)
      }
    }
    expect(outcomes).toHaveLength(ROUNDS)
  }, 300_000)
})
