import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DecisionDtoSchema, ErrorCode } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn, signInAsGrantedSecretary } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { PASSING_STEPS } from '../../testing/decisions'
import { AppError } from '../../errors'
import type { Services } from '../../services'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const ROUNDS = 8
const steps = PASSING_STEPS

/**
 * Two secretaries of one village pressing the same 两公开 step of one decision at once (outside tester, fired with
 * Promise.all): exactly one drafts and links it, the other is told 409 in plain words and nothing of theirs is
 * written, audited or sent to review (docs/decisions.md, '两公开 through the normal review').
 */
describe('decisions: 决议公开 and 实施结果公开 sent by two secretaries at once', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const post = (url: string, who: string, body: object = {}) =>
    request(server).post(url).set('Authorization', as(who)).send(body)
  const secretaries = ['demo-secretary', 'race-sec-b'] as const

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-admin'])
      auth[key] = (await signIn(t.app, key)).auth
    auth['race-sec-b'] = await signInAsGrantedSecretary(t.app, as('demo-admin'), 'race-sec-b', V1)
  }, 180_000)
  afterAll(async () => {
    vi.restoreAllMocks()
    await t.close()
  })

  /** A decision of V1 with its four steps recorded; the resolution's draft as `submitFails` leaves it. */
  async function passedDecision(round: number, submitFails: boolean): Promise<{ id: string; dto: unknown }> {
    const opened = await post(`/api/v1/villages/${V1}/decisions`, 'demo-secretary', {
      title: `村道硬化第${round + 1}轮`,
      kind: 'other',
    })
    expect(opened.status).toBe(201)
    const id = String(opened.body.id)
    for (const s of steps.slice(0, 3))
      expect((await post(`/api/v1/decisions/${id}/steps`, 'demo-secretary', s)).status).toBe(201)
    // The database going away between drafting the 决议公开 and sending it to review: the step stays recorded.
    const spy = submitFails
      ? vi
          .spyOn(services.disclosures, 'submit')
          .mockRejectedValueOnce(
            new AppError(503, ErrorCode.ServiceUnavailable, '数据库暂不可用，请稍后再试'),
          )
      : undefined
    const last = await post(`/api/v1/decisions/${id}/steps`, 'demo-secretary', steps[3])
    spy?.mockRestore()
    expect(last.status).toBe(submitFails ? 503 : 201)
    return { id, dto: last.body }
  }

  const seriesOf = (id: string, item: string) =>
    services.models.Disclosure.find({
      seriesKey: { $regex: `\\|${item.replace(/\./g, '\\.')}\\|.*decision:${id}$` },
    })
      .sort({ version: 1 })
      .lean()
  const audits = (action: string, targetId: string) =>
    services.models.AuditEvent.countDocuments({ action, targetId })

  it('should draft 实施结果公开 once, with the winner’s text, and refuse the other in plain words', async () => {
    const text = { 'demo-secretary': '甲：村东主路已硬化完工', 'race-sec-b': '乙：工程尚余排水沟未完工' }
    for (let round = 0; round < ROUNDS; round++) {
      const { id, dto } = await passedDecision(round, false)
      const resolution = DecisionDtoSchema.parse(dto).resolutionDisclosure?.id
      const approved = await post(`/api/v1/disclosures/${resolution}/review`, 'demo-township', {
        decision: 'approve',
        revision: await seenRevision(server, resolution ?? '', as('demo-township')),
      })
      expect(approved.status).toBe(200)
      // Every other round the draft is slow to come back once written (as over a network), so the other request
      // may find it before its writer has sent it to review.
      const create = services.disclosures.create.bind(services.disclosures)
      const slow =
        round % 2 === 1
          ? vi.spyOn(services.disclosures, 'create').mockImplementation(async (...args) => {
              const created = await create(...args)
              await new Promise((resolve) => setTimeout(resolve, 100))
              return created
            })
          : undefined
      const answers = await Promise.all(
        secretaries.map((who) => post(`/api/v1/decisions/${id}/results`, who, { text: text[who] })),
      )
      slow?.mockRestore()
      expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([
        201, 409,
      ])
      const won = answers.findIndex((r) => r.status === 201)
      const winner = secretaries[won] ?? 'demo-secretary'
      const loser = secretaries[1 - won] ?? 'race-sec-b'
      const lost = answers[1 - won]?.body.error
      // Still being drafted by the other, or already done: never 本期已有该事项的公开内容 or 不能提交审核.
      expect(
        (lost.code === 'submission_in_progress' &&
          lost.message === '实施结果正在由其他人提交公开，请稍候再看') ||
          (lost.code === 'disclosure_exists' && lost.message === '该事项的实施结果已经公开过'),
        JSON.stringify(lost),
      ).toBe(true)

      const drafts = await seriesOf(id, 'village-affairs.four-two.implementation')
      expect(drafts).toHaveLength(1)
      const draft = drafts[0]
      expect(draft?.status).toBe('pending_review')
      expect(draft?.body).toContain(text[winner])
      expect(draft?.body).not.toContain(text[loser])
      const decision = await services.models.Decision.findById(id).lean()
      expect(decision?.resultsDisclosureId?.toHexString()).toBe(draft?._id.toHexString())
      expect(await audits('decision.results_disclosed', id)).toBe(1)
      const draftId = draft?._id.toHexString() ?? ''
      expect(await audits('disclosure.create', draftId)).toBe(1)
      expect(await audits('disclosure.submit', draftId)).toBe(1)
    }
  }, 300_000)

  it('should finish an interrupted 决议公开 once when both secretaries retry it at once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await passedDecision(ROUNDS + round, true)
      const left = await seriesOf(id, 'village-affairs.four-two.resolution')
      expect(left.map((d) => d.status)).toEqual(['draft'])
      const answers = await Promise.all(
        secretaries.map((who) => post(`/api/v1/decisions/${id}/resolution-disclosure`, who)),
      )
      const statuses = answers.map((r) => r.status)
      // The one who finishes it is answered 200; the other 200 too when it came after (nothing left to do), or 409
      // while the first is still at it: never a conflict in words about the draft's state.
      expect(statuses, JSON.stringify(answers.map((r) => r.body))).toContain(200)
      for (const r of answers.filter((x) => x.status !== 200)) {
        expect(r.status).toBe(409)
        expect(r.body.error).toMatchObject({
          code: 'submission_in_progress',
          message: '决议公开正在由其他人提交，请稍候再看',
        })
        expect(r.headers['retry-after']).toBe('2')
      }
      const drafts = await seriesOf(id, 'village-affairs.four-two.resolution')
      expect(drafts.map((d) => d.status)).toEqual(['pending_review'])
      const decision = await services.models.Decision.findById(id).lean()
      expect(decision?.resolutionDisclosureId?.toHexString()).toBe(drafts[0]?._id.toHexString())
      expect(await audits('decision.resolution_disclosed', id)).toBe(1)
      expect(await audits('disclosure.submit', drafts[0]?._id.toHexString() ?? '')).toBe(1)
    }
  }, 300_000)

  it('should send the next secretary’s text when an interrupted 实施结果公开 left a draft unsent', async () => {
    const { id, dto } = await passedDecision(2 * ROUNDS, false)
    const resolution = DecisionDtoSchema.parse(dto).resolutionDisclosure?.id
    expect(
      (
        await post(`/api/v1/disclosures/${resolution}/review`, 'demo-township', {
          decision: 'approve',
          revision: await seenRevision(server, resolution ?? '', as('demo-township')),
        })
      ).status,
    ).toBe(200)
    const spy = vi
      .spyOn(services.disclosures, 'submit')
      .mockRejectedValueOnce(new AppError(503, ErrorCode.ServiceUnavailable, '数据库暂不可用，请稍后再试'))
    const first = await post(`/api/v1/decisions/${id}/results`, 'demo-secretary', { text: '甲：已完工' })
    spy.mockRestore()
    expect(first.status).toBe(503)
    const again = await post(`/api/v1/decisions/${id}/results`, 'race-sec-b', { text: '乙：尚余排水沟' })
    expect(again.status).toBe(201)
    const drafts = await seriesOf(id, 'village-affairs.four-two.implementation')
    expect(drafts).toHaveLength(1)
    expect(drafts[0]?.status).toBe('pending_review')
    expect(drafts[0]?.body).toContain('乙：尚余排水沟')
    expect(drafts[0]?.body).not.toContain('甲：已完工')
    expect(await audits('decision.results_disclosed', id)).toBe(1)
  }, 60_000)
})
