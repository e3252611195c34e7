import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DecisionDtoSchema, shanghaiDateOf } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { PASSING_STEPS, votes } from '../../testing/decisions'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const steps = PASSING_STEPS

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
      (
        await post(`/api/v1/disclosures/${resolution}/review`, township, {
          decision: 'approve',
          revision: await seenRevision(t.app.callback(), resolution ?? '', township),
        })
      ).status,
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

  const deliberating = () =>
    t.services?.models.Decision.countDocuments({ villageCode: V1, status: 'deliberating' }) ??
    Promise.resolve(-1)

  it('should open a matter once for each burst of identical taps, in every round', async () => {
    for (let round = 0; round < 8; round++) {
      const title = `村道路灯安装第${round}轮`
      const all = await Promise.all(
        Array.from({ length: 5 }, () =>
          post(`/api/v1/villages/${V1}/decisions`, secretary, { title, kind: 'other' }),
        ),
      )
      for (const r of all) expect([201, 409]).toContain(r.status)
      const opened = await t.services?.models.Decision.find({ villageCode: V1, title }).lean()
      expect(opened).toHaveLength(1)
      for (const r of all.filter((x) => x.status === 201))
        expect(r.body.id).toBe(opened?.[0]?._id.toHexString())
    }
  }, 120_000)

  it('should hold the 50-in-deliberation limit exactly when many secretaries open matters at once', async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    // Twelve secretaries of the village, so the burst is not one person's turn (middlewares/submissions.ts).
    const secretaries: string[] = []
    for (let i = 0; i < 12; i++) {
      const { auth } = await signIn(t.app, `cap-secretary-${i}`)
      const me = await request(t.app.callback()).get('/api/v1/me').set('Authorization', auth)
      await models.User.updateOne(
        { _id: me.body.id },
        { $set: { roles: [{ role: 'secretary', regionCode: V1 }] } },
      )
      secretaries.push(auth)
    }
    let n = 0
    while ((await deliberating()) < 47)
      expect(
        (await post(`/api/v1/villages/${V1}/decisions`, secretary, { title: `议事${n++}`, kind: 'other' }))
          .status,
      ).toBe(201)
    const today = shanghaiDateOf(new Date())
    const fail = {
      step: 'proposal',
      heldOn: today,
      bodySize: 5,
      present: 5,
      votes: votes(1, 4),
      motion: '不同意',
    }
    for (let round = 0; round < 4; round++) {
      const before = await deliberating()
      const all = await Promise.all(
        secretaries.map((who, i) =>
          post(`/api/v1/villages/${V1}/decisions`, who, { title: `上限第${round}轮${i}`, kind: 'other' }),
        ),
      )
      const created = all.filter((r) => r.status === 201)
      expect(created).toHaveLength(50 - before)
      for (const r of all.filter((x) => x.status !== 201)) {
        expect([r.status, r.body.error.code]).toEqual([429, 'rate_limited'])
        expect(r.body.error.message).toBe('本村还有 50 件议事没有办完，请先办完再新建')
      }
      expect(await deliberating()).toBe(50)
      // Some matters end (a failed proposal gives its place back) before the next burst.
      const open = await models.Decision.find({ villageCode: V1, status: 'deliberating' })
        .sort({ _id: 1 })
        .lean()
      for (const d of open.slice(0, 2 + round))
        expect((await post(`/api/v1/decisions/${d._id.toHexString()}/steps`, secretary, fail)).status).toBe(
          201,
        )
      // Matters opened before places existed carry none, and still count.
      if (round === 2)
        await models.Decision.updateMany(
          { _id: { $in: open.slice(10, 30).map((d) => d._id) } },
          { $unset: { limitSlot: 1 } },
        )
    }
  }, 180_000)
})
