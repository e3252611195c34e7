import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DecisionDtoSchema, DisclosureDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { PASSING_STEPS } from '../../testing/decisions'

const V1 = demoRegionOf('demo-secretary')

/**
 * A decision's 决议公开 is the meeting's record: its title, text and table are refused if changed (422,
 * docs/decisions.md), and the staff view says so (`generatedFromDecision`), so the editor shows them read-only
 * instead of offering fields the BFF refuses.
 */
describe('decisions: the 决议公开 draft tells the editor it is generated', () => {
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
  const api = () => request(t.app.callback())

  it('should mark a returned 决议公开 as generated from the decision, and not a plain one of the same item', async () => {
    const opened = await api()
      .post(`/api/v1/villages/${V1}/decisions`)
      .set('Authorization', secretary)
      .send({ title: '村道硬化一事一议筹资', kind: 'fundraising', description: '硬化村东主路 800 米' })
    expect(opened.status).toBe(201)
    let last: request.Response | undefined
    for (const s of PASSING_STEPS) {
      last = await api()
        .post(`/api/v1/decisions/${opened.body.id}/steps`)
        .set('Authorization', secretary)
        .send(s)
      expect(last.status).toBe(201)
    }
    const id = DecisionDtoSchema.parse(last?.body).resolutionDisclosure?.id ?? ''
    // The reviewer names the revision it read (the review queue's), as its page does.
    const { revision } = (await api().get(`/api/v1/disclosures/${id}`).set('Authorization', township)).body
    const returned = await api()
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', township)
      .send({ decision: 'return', comment: '请补充政策解读', revision })
    expect(returned.status).toBe(200)

    const draft = DisclosureDtoSchema.parse(
      (await api().get(`/api/v1/disclosures/${id}`).set('Authorization', secretary)).body,
    )
    expect(draft).toMatchObject({
      status: 'draft',
      generatedFromDecision: true,
      reviewComment: '请补充政策解读',
    })

    // A plain disclosure of the same item, typed by the secretary, is edited as any other.
    const plain = await api()
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: 'village-affairs.four-two.resolution',
        period: '2026-11',
        title: '十一月议事记录',
      })
    expect(plain.status).toBe(201)
    expect(plain.body.generatedFromDecision).toBeUndefined()
  })
})
