import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { majorItemDraft } from '../../testing/factories'
import { queuedDraft, submitDraft } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')

/**
 * A review carries the revision of the draft the reviewer's page loaded (docs/api.md, "Reviewing a draft"): a draft
 * returned by a colleague, changed and sent again is not approved on the strength of the old content.
 */
describe('POST /disclosures/:id/review and the revision the reviewer saw', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-county'])
      auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  /** A submitted draft (重大事项) with `body`: its id. */
  const submitted = (period: string, title: string, body: string) =>
    submitDraft(server, V1, majorItemDraft(period, title, body), as('demo-secretary'))

  /** The draft as the review queue shows it to `reviewer`: what their page holds. */
  async function queued(reviewer: string, id: string): Promise<{ title: string; revision: number }> {
    const found = await queuedDraft(server, demoRegionOf(reviewer), as(reviewer), id)
    expect(typeof found.revision).toBe('number')
    return found
  }

  const review = (reviewer: string, id: string, body: object) =>
    request(server).post(`/api/v1/disclosures/${id}/review`).set('Authorization', as(reviewer)).send(body)

  it('should refuse to approve a draft changed since the reviewer loaded it, and publish it once they have seen it', async () => {
    const id = await submitted('2026-06', '重大事项乙：修路款3000元', '修路款 3000 元')
    // The township's first officer opens the queue; a colleague (the county) returns the draft meanwhile.
    const seenByT1 = await queued('demo-township', id)
    const seenByT2 = await queued('demo-county', id)
    await review('demo-county', id, {
      decision: 'return',
      comment: '金额不对',
      revision: seenByT2.revision,
    }).expect(200)
    // The village corrects it and sends it again: the same id is back in the queue.
    await request(server)
      .patch(`/api/v1/disclosures/${id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ title: '重大事项乙：修路款9000元', body: '修路款 9000 元' })
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({})
      .expect(200)

    // The first officer's page still shows 3000 元: approving it is refused, and nothing is published.
    const stale = await review('demo-township', id, { decision: 'approve', revision: seenByT1.revision })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe(ErrorCode.DisclosureStale)
    expect(stale.body.error.message).toBe(
      '这条内容在您打开后又改过，没有按旧内容审核。请看过最新内容后再审核',
    )
    // Returning it on the old content is refused the same way.
    const staleReturn = await review('demo-township', id, {
      decision: 'return',
      comment: '请补充',
      revision: seenByT1.revision,
    })
    expect(staleReturn.status).toBe(409)
    expect(staleReturn.body.error.code).toBe(ErrorCode.DisclosureStale)
    const meanwhile = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('Authorization', as('demo-township'))
    expect(meanwhile.body).toMatchObject({ status: 'pending_review', title: '重大事项乙：修路款9000元' })

    // Read again, the page shows 9000 元 and approves what it shows.
    const seenAgain = await queued('demo-township', id)
    expect(seenAgain.title).toBe('重大事项乙：修路款9000元')
    const approved = await review('demo-township', id, { decision: 'approve', revision: seenAgain.revision })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'published', title: '重大事项乙：修路款9000元' })
    // Sent again (an answer lost on the way), it is no longer waiting for review: 409 as before.
    const again = await review('demo-township', id, { decision: 'approve', revision: seenAgain.revision })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({
      code: ErrorCode.InvalidTransition,
      message: '该内容不在待审核状态',
    })
  })

  it('should refuse a review without the revision the page loaded, in plain words, and decide nothing', async () => {
    const id = await submitted('2026-05', '重大事项甲：修桥款', '修桥款 5000 元')
    for (const body of [{ decision: 'approve' }, { decision: 'return', comment: '请补充' }]) {
      const res = await review('demo-township', id, body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe(ErrorCode.ValidationError)
      expect(res.body.error.details['body.revision']).toBe(
        '页面版本过旧，请关闭后重新打开小程序（或刷新网页）再审核',
      )
    }
    const still = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('Authorization', as('demo-township'))
    expect(still.body.status).toBe('pending_review')
  })
})
