import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn, signInAsGrantedSecretary } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')
const ROUNDS = 8

/**
 * Two secretaries of one village posting the same consultation's summary at once (outside tester 2, H2 and L4):
 * exactly one is accepted, the summary disclosure and the consultation carry the winner's decision, and the other
 * is told 409 in the words docs/consultations.md promises, with nothing of theirs written.
 */
describe('consultation summary sent by two secretaries at once', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const post = (url: string, who: string, body: object = {}) =>
    request(server).post(url).set('Authorization', as(who)).send(body)

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-admin']) auth[key] = (await signIn(t.app, key)).auth
    auth['race-sec-b'] = await signInAsGrantedSecretary(t.app, as('demo-admin'), 'race-sec-b', V1)
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  /** A consultation of V1 whose deadline and grace have passed, its tally frozen. */
  async function closedConsultation(round: number): Promise<string> {
    const now = services.clock.now().getTime()
    const opened = await post(`/api/v1/villages/${V1}/consultations`, 'demo-secretary', {
      title: `村道硬化征求意见（第${round + 1}轮）`,
      draft: '拟硬化村东主路 1.2 公里。',
      questions: [{ kind: 'single', text: '是否同意硬化村道？', options: ['同意', '不同意'] }],
      deadline: new Date(now + 2 * 86_400_000).toISOString(),
      unit: 'person',
    })
    expect(opened.status).toBe(201)
    services.clock.setTo(new Date(now + 3 * 86_400_000))
    return String(opened.body.id)
  }

  it('should accept exactly one and write nothing of the other, round after round', async () => {
    const decidedBy = { 'demo-secretary': '甲：同意调整，提交村民代表会议表决', 'race-sec-b': '乙：不调整' }
    for (let round = 0; round < ROUNDS; round++) {
      const id = await closedConsultation(round)
      const [a, b] = await Promise.all(
        (['demo-secretary', 'race-sec-b'] as const).map((who) =>
          post(`/api/v1/consultations/${id}/summary`, who, { decided: decidedBy[who] }),
        ),
      )
      const answers = [a, b].map((r) => r?.status).sort()
      expect(answers, JSON.stringify([a?.body, b?.body])).toEqual([201, 409])
      const winner = a?.status === 201 ? 'demo-secretary' : 'race-sec-b'
      const loser = winner === 'demo-secretary' ? 'race-sec-b' : 'demo-secretary'
      const lost = (a?.status === 409 ? a : b)?.body.error
      // 结果已经提交公布, or (the winner still drafting) the promise to look again shortly.
      expect(
        (lost.code === 'invalid_transition' && lost.message === '结果已经提交公布') ||
          lost.code === 'submission_in_progress',
        JSON.stringify(lost),
      ).toBe(true)

      const consultation = await services.models.Consultation.findById(id).lean()
      expect(consultation?.decided).toBe(decidedBy[winner])
      const drafts = await services.models.Disclosure.find({
        seriesKey: { $regex: `consultation:${id}$` },
      }).lean()
      expect(drafts).toHaveLength(1)
      const summary = drafts[0]
      expect(summary?._id.equals(consultation?.summaryDisclosureId ?? undefined)).toBe(true)
      expect(summary?.status).toBe('pending_review')
      expect(summary?.body).toContain(decidedBy[winner])
      expect(summary?.body).not.toContain(decidedBy[loser])
      const audited = await services.models.AuditEvent.countDocuments({
        action: 'consultation.summary',
        targetId: id,
      })
      expect(audited).toBe(1)
    }
  }, 240_000)
})
