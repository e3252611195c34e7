import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { majorItemDraft } from '../../testing/factories'
import { queuedDraft, submitDraft } from '../../testing/publish'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')

/**
 * A review's stale check compares what the reviewer could read (docs/api.md, "Reviewing a draft"): the upkeep
 * re-deriving a draft's search tokens between the reviewer's read and their approval changes nothing they saw, so the
 * approval goes through; an edit in between is still refused.
 */
describe('POST /disclosures/:id/review after a background write', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township']) auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  const submitted = (period: string, title: string, body: string) =>
    submitDraft(server, V1, majorItemDraft(period, title, body), as('demo-secretary'))

  /** The draft's revision as the township's review queue shows it. */
  const seen = async (id: string) =>
    (await queuedDraft(server, demoRegionOf('demo-township'), as('demo-township'), id)).revision

  /** The upkeep's search re-indexing of the draft (index rules changed since it was written). */
  async function reindexInBackground(id: string): Promise<void> {
    const { Disclosure } = services.models
    await Disclosure.collection.updateOne(
      { _id: (await Disclosure.findById(id))?._id },
      { $unset: { indexVersion: 1 } },
    )
    const before = await Disclosure.findById(id, { writes: 1 }).lean()
    expect(await services.disclosures.reindexStale(1000)).toBeGreaterThan(0)
    const after = await Disclosure.findById(id, { writes: 1 }).lean()
    // It was written (a copy kept by `writes` reads it again).
    expect(after?.writes ?? 0).toBe((before?.writes ?? 0) + 1)
  }

  const approve = (id: string, revision: number) =>
    request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision })

  it('should approve a draft the upkeep re-indexed after the reviewer loaded it', async () => {
    const id = await submitted('2026-07', '重大事项丙：修渠款4000元', '修渠款 4000 元')
    const revision = await seen(id)
    await reindexInBackground(id)
    const res = await approve(id, revision)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', title: '重大事项丙：修渠款4000元' })
  })

  it('should still refuse an approval when the content changed as well', async () => {
    const id = await submitted('2026-08', '重大事项丁：修井款2000元', '修井款 2000 元')
    const revision = await seen(id)
    await reindexInBackground(id)
    await services.models.Disclosure.updateOne({ _id: id }, { $set: { body: '修井款 8000 元' } })
    const res = await approve(id, revision)
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe(ErrorCode.DisclosureStale)
    const still = await services.models.Disclosure.findById(id).lean()
    expect(still?.status).toBe('pending_review')
  })
})
