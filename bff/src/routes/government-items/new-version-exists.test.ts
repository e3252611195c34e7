import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { publishGovernmentItem } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')

// A second 发布新版本 of a government item (another tab, another phone) while version 2 is an open draft: the 409
// names that draft, as a disclosure's does (docs/versions.md), so the officer knows which one to finish.
describe('POST /government-items/:id/versions while a new version is open', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let county = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    county = (await signIn(t.app, 'demo-county')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should answer 409 disclosure_exists naming the open draft by id, version, title and change note', async () => {
    const id = await publishGovernmentItem(server, county, COUNTY, {
      catalogItemId: 'social-assistance.dibao.approval',
      period: '2026-04',
      title: '2026年4月低保名单',
      rows: [{ village: V1, name: '王建国', household_size: 3, amount: 135000 }],
    })
    const newVersion = (changeNote: string) =>
      request(server)
        .post(`/api/v1/government-items/${id}/versions`)
        .set('Authorization', county)
        .send({ changeNote })
    const first = await newVersion('更正王建国的保障金额')
    expect(first.status).toBe(201)

    const second = await newVersion('再更正一次')
    expect(second.status).toBe(409)
    expect(second.body.error).toEqual({
      code: 'disclosure_exists',
      message: '已有一个未发布的新版本（第 2 版：更正王建国的保障金额），请先处理它',
      details: {
        governmentItemId: first.body.id,
        version: 2,
        title: '2026年4月低保名单',
        changeNote: '更正王建国的保障金额',
      },
    })
  })
})
