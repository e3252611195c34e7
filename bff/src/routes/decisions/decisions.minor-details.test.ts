import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DecisionDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const votes = (f: number, a = 0, ab = 0) => ({ for: f, against: a, abstain: ab })
const steps = [
  {
    step: 'proposal',
    heldOn: '2026-11-02',
    bodySize: 5,
    present: 5,
    votes: votes(5),
    motion: '提议资助困难家庭',
  },
  {
    step: 'discussion',
    heldOn: '2026-11-04',
    bodySize: 7,
    present: 7,
    votes: votes(6, 1),
    motion: '商议资助办法',
  },
  {
    step: 'review',
    heldOn: '2026-11-06',
    bodySize: 30,
    present: 24,
    votes: votes(20, 2, 2),
    motion: '审议办法',
  },
  {
    step: 'resolution',
    heldOn: '2026-11-10',
    meeting: 'representatives',
    bodySize: 30,
    present: 21,
    votes: votes(18, 2, 1),
    motion: '每学期资助一户困难家庭 500 元',
  },
]
const CHILD = '资助张小红（12岁，云溪小学六年级，父母双亡）每学期500元'
const GRANDSON = '其孙子王小明今年9岁，在云溪小学读三年级，患有白血病'

/**
 * A decision's typed texts are published as written (决议公开, 实施结果公开, the decision page) and the 决议公开 is
 * never edited: a minor's details are refused with 422 `minor_details` before anything is recorded
 * (docs/decisions.md, docs/scrubbing.md).
 */
describe('decisions: no minor details in what is published', () => {
  let t: TestApp
  let secretary = ''
  beforeAll(async () => {
    t = await buildTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })
  const post = (url: string, body: object) =>
    request(t.app.callback()).post(url).set('Authorization', secretary).send(body)
  const expectMinorDetails = (res: request.Response) => {
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('minor_details')
    expect(res.body.error.message).toMatch(/未成年人/)
  }

  it('should refuse a title or description with a minor details and open nothing', async () => {
    const before = await t.services?.models.Decision.countDocuments({ villageCode: V1 })
    expectMinorDetails(
      await post(`/api/v1/villages/${V1}/decisions`, { title: '资助张小红（12岁）上学', kind: 'other' }),
    )
    expectMinorDetails(
      await post(`/api/v1/villages/${V1}/decisions`, {
        title: '困难家庭补助',
        kind: 'other',
        description: GRANDSON,
      }),
    )
    expect(await t.services?.models.Decision.countDocuments({ villageCode: V1 })).toBe(before)
  })

  it('should refuse a step whose motion or note carries a minor details, record nothing, and take it reworded', async () => {
    const opened = await post(`/api/v1/villages/${V1}/decisions`, { title: '困难家庭资助', kind: 'other' })
    expect(opened.status).toBe(201)
    const id = DecisionDtoSchema.parse(opened.body).id
    const [proposal, ...rest] = steps
    expectMinorDetails(await post(`/api/v1/decisions/${id}/steps`, { ...proposal, motion: CHILD }))
    expectMinorDetails(await post(`/api/v1/decisions/${id}/steps`, { ...proposal, note: GRANDSON }))
    const stored = await t.services?.models.Decision.findById(id).lean()
    expect(stored?.steps).toHaveLength(0)
    expect(stored?.nextStep).toBe('proposal')
    for (const s of [proposal, ...rest])
      expect((await post(`/api/v1/decisions/${id}/steps`, s ?? {})).status).toBe(201)
    // The results' text goes into the 实施结果公开 as written.
    expectMinorDetails(await post(`/api/v1/decisions/${id}/results`, { text: `已发放。${GRANDSON}` }))
    expect((await t.services?.models.Decision.findById(id).lean())?.resultsDisclosureId ?? null).toBeNull()
  })
})
