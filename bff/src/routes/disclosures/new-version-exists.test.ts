import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { submitAndApprove } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')

// A second 建立更正版本 (another tab, another phone) while version 2 is an open draft: the 409 names that draft, so
// the page can open it (tester r1, N6; docs/versions.md).
describe('POST /disclosures/:id/versions while a new version is open', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township']) auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should answer 409 disclosure_exists naming the open draft', async () => {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-09',
        title: '2026-09 低保对象名单公示',
        body: '经村民代表会议评议，现予公示。',
        rows: buildDibaoRows(V1),
      })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    await submitAndApprove(server, id, {
      secretary: auth['demo-secretary'] ?? '',
      reviewer: auth['demo-township'] ?? '',
    })
    const first = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ changeNote: '更正第 3 户保障金额' })
    expect(first.status).toBe(201)

    const second = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ changeNote: '再更正一次' })
    expect(second.status).toBe(409)
    expect(second.body.error).toMatchObject({
      code: 'disclosure_exists',
      message: '已有一个未发布的新版本，请先处理它',
      details: { disclosureId: first.body.id },
    })
  })
})
