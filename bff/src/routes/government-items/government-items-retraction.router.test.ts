import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure, publishGovernmentItem } from '../../testing/publish'

/**
 * A retracted government item: its list is withdrawn from the public (as a retracted village list's is), and the
 * officer corrects it through a new version of the retracted item, published again. Also where an item may be made.
 */
const ITEM = 'social-assistance.dibao.approval'
const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')

describe('government items: retraction and the corrected list', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary'])
      auth.set(key, (await signIn(t.app, key)).auth)
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  async function publishedAndRetracted(period: string): Promise<string> {
    const id = await publishGovernmentItem(server, as('demo-county'), COUNTY, {
      catalogItemId: ITEM,
      period,
      title: '低保名单',
      rows: [{ village: V1, name: '王建国', household_size: 3, amount: 135000 }],
    })
    await request(server)
      .post(`/api/v1/government-items/${id}/retract`)
      .set('Authorization', as('demo-county'))
      .send({ reason: '名单有误，撤回重发' })
      .expect(200)
    return id
  }

  it('should let the officer correct a retracted list through a new version and publish it again', async () => {
    const id = await publishedAndRetracted('2026-03')
    // The retracted item itself cannot be edited, and says why in words that fit its status.
    const patched = await request(server)
      .patch(`/api/v1/government-items/${id}`)
      .set('Authorization', as('demo-county'))
      .send({ title: '低保名单（更正）' })
    expect(patched.status).toBe(409)
    expect(patched.body.error.message).toBe(
      '已撤回的内容不能修改；如需更正，请从它发布新版本，改好后重新发布',
    )
    const next = await request(server)
      .post(`/api/v1/government-items/${id}/versions`)
      .set('Authorization', as('demo-county'))
      .send({ changeNote: '更正王建国的保障金额' })
    expect(next.status).toBe(201)
    expect(next.body).toMatchObject({ status: 'draft', version: 2, retractReason: null })
    await request(server)
      .patch(`/api/v1/government-items/${next.body.id}`)
      .set('Authorization', as('demo-county'))
      .send({ rows: [{ village: V1, name: '王建国', household_size: 3, amount: 120000 }] })
      .expect(200)
    const published = await request(server)
      .post(`/api/v1/government-items/${next.body.id}/publish`)
      .set('Authorization', as('demo-county'))
    expect(published.status).toBe(200)
    expect(published.body.status).toBe('published')
    // Once corrected, the retracted version takes no second new version: the newest one does.
    const again = await request(server)
      .post(`/api/v1/government-items/${id}/versions`)
      .set('Authorization', as('demo-county'))
      .send({ changeNote: '再改一次' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('invalid_transition')
  })

  it("should show the public a retracted item's title and reason without its rows, and its staff the rows", async () => {
    const id = await publishedAndRetracted('2026-05')
    const anonymous = await request(server).get(`/api/v1/government-items/${id}?village=${V1}`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toMatchObject({
      status: 'retracted',
      retractReason: '名单有误，撤回重发',
      table: null,
      rowsPage: null,
    })
    const secretary = await request(server)
      .get(`/api/v1/government-items/${id}?village=${V1}`)
      .set('Authorization', as('demo-secretary'))
    expect(secretary.body.table).toBeNull()
    const staff = await request(server)
      .get(`/api/v1/government-items/${id}?village=${V1}`)
      .set('Authorization', as('demo-county'))
    expect(staff.body.table.rows).toHaveLength(1)
  })

  it('should answer 422 saying a 乡镇 or 县 publishes government items when asked for a village', async () => {
    const res = await request(server)
      .post(`/api/v1/regions/${V1}/government-items`)
      .set('Authorization', as('demo-township'))
      .send({ catalogItemId: ITEM, period: '2026-06', title: '低保名单' })
    expect(res.status).toBe(422)
    expect(res.body.error).toEqual({
      code: 'unprocessable_entity',
      message: '政务公开由乡镇或县发布，这里不是乡镇或县',
    })
  })

  it('should let a secretary correct a retracted village list through a new version, as the government side', async () => {
    const id = await publishDisclosure(
      server,
      V1,
      {
        catalogItemId: ITEM,
        period: '2026-07',
        title: '低保名单公示',
        rows: [{ name: '王建国', household_size: 3, amount: 135000 }],
      },
      {
        secretary: as('demo-secretary'),
        reviewer: as('demo-township'),
        submit: { confirmRosterMismatches: true },
      },
    )
    await request(server)
      .post(`/api/v1/disclosures/${id}/retract`)
      .set('Authorization', as('demo-secretary'))
      .send({ reason: '名单有误，撤回重发' })
      .expect(200)
    const next = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正保障金额' })
    expect(next.status).toBe(201)
    expect(next.body).toMatchObject({ status: 'draft', version: 2, retractReason: null })
  })
})
