import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DecisionDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const votes = (f: number, a = 0, ab = 0) => ({ for: f, against: a, abstain: ab })
const steps = [
  { step: 'proposal', heldOn: '2026-11-02', bodySize: 5, present: 5, votes: votes(5), motion: '提议' },
  { step: 'discussion', heldOn: '2026-11-04', bodySize: 7, present: 7, votes: votes(6, 1), motion: '商议' },
  { step: 'review', heldOn: '2026-11-06', bodySize: 30, present: 24, votes: votes(20, 2, 2), motion: '审议' },
  {
    step: 'resolution',
    heldOn: '2026-11-10',
    meeting: 'representatives',
    bodySize: 30,
    present: 21,
    votes: votes(18, 2, 1),
    motion: '通过方案',
  },
]

/** The same 实施结果公开 sent several times at once (a double tap): one is drafted, the others are told so. */
describe('decisions: duplicate submits', () => {
  let t: TestApp
  let secretary = ''
  let township = ''
  beforeAll(async () => {
    t = await buildTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
  })
  afterAll(async () => {
    await t.close()
  })
  const post = (url: string, who: string, body: object) =>
    request(t.app.callback()).post(url).set('Authorization', who).send(body)

  it('should draft the results once and tell the parallel repeats it is already being done', async () => {
    const opened = await post(`/api/v1/villages/${V1}/decisions`, secretary, {
      title: '村道硬化',
      kind: 'other',
    })
    const id = DecisionDtoSchema.parse(opened.body).id
    let last: request.Response | undefined
    for (const s of steps) last = await post(`/api/v1/decisions/${id}/steps`, secretary, s)
    const resolution = DecisionDtoSchema.parse(last?.body).resolutionDisclosure?.id
    expect(
      (await post(`/api/v1/disclosures/${resolution}/review`, township, { decision: 'approve' })).status,
    ).toBe(200)
    // Drafting takes a moment (as over a network), so the repeats arrive while the first still drafts.
    const disclosures = t.services?.disclosures
    if (!disclosures) throw new Error('no services')
    const create = disclosures.create.bind(disclosures)
    vi.spyOn(disclosures, 'create').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      return create(...args)
    })
    const all = await Promise.all(
      Array.from({ length: 5 }, () => post(`/api/v1/decisions/${id}/results`, secretary, { text: '已完工' })),
    )
    vi.restoreAllMocks()
    expect(all.filter((r) => r.status === 201)).toHaveLength(1)
    for (const r of all.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409)
      // Not 本期已有该事项的公开内容 or 不能提交审核: the secretary did nothing wrong, the first is still being drafted.
      expect(r.body.error.message).toMatch(/上一次提交还在处理|实施结果已经公开过/)
    }
    expect(
      await t.services?.models.Disclosure.countDocuments({ seriesKey: { $regex: `decision:${id}$` } }),
    ).toBe(2)
  })
})
