import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

describe('a region office phone (PATCH /regions/:code/contact)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const setPhone = (code: string, who: string | null, body: unknown) => {
    const req = request(server).patch(`/api/v1/regions/${code}/contact`)
    return (who ? req.set('Authorization', auth[who] ?? '') : req).send(body as object)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-county', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should show the demo village its seeded number and everyone else none', async () => {
    expect((await request(server).get(`/api/v1/regions/${V1}`)).body.officePhone).toBe('0795-7123456')
    expect((await request(server).get(`/api/v1/regions/${V2}`)).body.officePhone).toBeNull()
  })

  it("should let the village's secretary set it, stored in one form, shown to anyone, and audited", async () => {
    const res = await setPhone(V2, 'demo-secretary-2', { officePhone: '０７９５－８２３４５６７８' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ code: V2, officePhone: '0795-82345678' })
    const pub = await request(server).get(`/api/v1/regions/${V2}`)
    expect(pub.body.officePhone).toBe('0795-82345678')
    const audit = await t.services?.models.AuditEvent.find({ action: 'region.contact', targetId: V2 }).lean()
    expect(audit?.at(-1)?.data).toMatchObject({ officePhone: '0795-82345678' })
  })

  it('should let the township and county above set or clear it', async () => {
    expect((await setPhone(V2, 'demo-county', { officePhone: '13812345678' })).body.officePhone).toBe(
      '13812345678',
    )
    const cleared = await setPhone(V1, 'demo-township', { officePhone: null })
    expect(cleared.status).toBe(200)
    expect(cleared.body.officePhone).toBeNull()
    expect((await setPhone(V1, 'demo-secretary', { officePhone: '0795-7123456' })).status).toBe(200)
  })

  it("should refuse another village's secretary, a villager and the anonymous, and change nothing", async () => {
    const other = await setPhone(V1, 'demo-secretary-2', { officePhone: '13900000000' })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('forbidden')
    expect((await setPhone(V1, 'demo-villager', { officePhone: '13900000000' })).status).toBe(403)
    const anonymous = await setPhone(V1, null, { officePhone: '13900000000' })
    expect(anonymous.status).toBe(401)
    expect((await request(server).get(`/api/v1/regions/${V1}`)).body.officePhone).toBe('0795-7123456')
  })

  it('should answer 400 validation_error for what is not a phone number, a missing field or a bad code', async () => {
    for (const body of [
      { officePhone: '12345' },
      { officePhone: '0431-1234567' },
      { officePhone: 13812345678 },
      { officePhone: 'x'.repeat(41) },
      {},
      { officePhone: '13812345678', name: '改名' },
    ]) {
      const res = await setPhone(V1, 'demo-secretary', body)
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        400,
        'validation_error',
      ])
    }
    const badCode = await setPhone('12345', 'demo-secretary', { officePhone: '13812345678' })
    expect(badCode.status).toBe(400)
    expect((await request(server).get(`/api/v1/regions/${V1}`)).body.officePhone).toBe('0795-7123456')
  })
})

describe('the region CSV import (POST /regions/import)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const COUNTY = demoRegionOf('demo-county')

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    auth['demo-admin'] = (await signIn(t.app, 'demo-admin')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it("should let a county's admin add a township and its villages under the stored county", async () => {
    const township = `${COUNTY.slice(0, 6)}298000`
    const csv = [
      'code,name,codeYear,urbanRuralCode',
      `${township},试点乡,2025,`,
      `${township.slice(0, 9)}001,前进村委会,2025,220`,
      `${township.slice(0, 9)}002,红旗村委会,2025,220`,
    ].join('\n')
    const res = await request(server)
      .post('/api/v1/regions/import')
      .set('Authorization', auth['demo-admin'] ?? '')
      .send({ csv })
    expect([res.status, res.body]).toEqual([200, { added: 3, updated: 0, unchanged: 0 }])
    const children = await request(server).get(`/api/v1/regions/${township}/children`)
    expect(children.body.regions.map((r: { code: string }) => r.code)).toEqual([
      `${township.slice(0, 9)}001`,
      `${township.slice(0, 9)}002`,
    ])
    // A parent neither stored nor in the file is still refused, naming it.
    const orphan = await request(server)
      .post('/api/v1/regions/import')
      .set('Authorization', auth['demo-admin'] ?? '')
      .send({ csv: `code,name,codeYear,urbanRuralCode\n${COUNTY.slice(0, 6)}297001,孤村村委会,2025,220` })
    expect(orphan.status).toBe(400)
    expect(orphan.body.error.details.rows[0].message).toBe(
      `上级区划 ${COUNTY.slice(0, 6)}297000 不在文件中，也不在已有区划中`,
    )
  })

  it('should audit each changed region in its own trail with the name before, and refuse an older code year', async () => {
    const township = `${COUNTY.slice(0, 6)}298000`
    const [v1, v2] = [`${township.slice(0, 9)}001`, `${township.slice(0, 9)}002`]
    const admin = auth['demo-admin'] ?? ''
    const post = (body: object) =>
      request(server).post('/api/v1/regions/import').set('Authorization', admin).send(body)
    const same = await post({ csv: `code,name,codeYear,urbanRuralCode\n${v1},前进村委会,2025,220` })
    // The same row again writes nothing, and the answer says so (it said { imported: 1 }).
    expect([same.status, same.body]).toEqual([200, { added: 0, updated: 0, unchanged: 1 }])
    const renamed = await post({ csv: `code,name,codeYear,urbanRuralCode\n${v2},红星村委会,2026,220` })
    expect([renamed.status, renamed.body]).toEqual([200, { added: 0, updated: 1, unchanged: 0 }])
    const trail = async (code: string) =>
      (
        await request(server)
          .get(`/api/v1/admin/audit?regionCode=${code}&limit=50`)
          .set('Authorization', admin)
      ).body.events.filter((e: { action: string }) => e.action === 'region.import')
    // v1 did not change: no new event; v2 has its own, with the old name, also in its township's trail.
    expect((await trail(v1)).length).toBe(1)
    const [changed] = await trail(v2)
    expect(changed).toMatchObject({
      targetId: v2,
      regionCode: v2,
      data: { name: '红星村委会', codeYear: 2026, previous: { name: '红旗村委会', codeYear: 2025 } },
    })
    expect(await trail(township)).toContainEqual(expect.objectContaining({ targetId: v2 }))

    const old = await post({ csv: `code,name,codeYear,urbanRuralCode\n${v2},红旗村委会,2012,220` })
    expect(old.status).toBe(409)
    expect(old.body.error.code).toBe('region_code_year_older')
    // The region named as people know it: its name now, with the code, and what the file would bring back.
    expect(old.body.error.message).toBe(
      `文件的区划代码年份比已有的旧，未导入任何数据。有 1 个地区已是更新年份的名称：红星村委会（区划代码 ${v2}）已是2026年的名称，文件里是2012年的“红旗村委会”。确实要用旧年份的名称覆盖，请选择“允许用旧年份覆盖”后再导入`,
    )
    const kept = await request(server).get(`/api/v1/regions/${v2}`)
    expect(kept.body.name).toBe('红星村委会')
    const forced = await post({
      csv: `code,name,codeYear,urbanRuralCode\n${v2},红旗村委会,2012,220`,
      allowOlderCodeYear: true,
    })
    expect([forced.status, forced.body]).toEqual([200, { added: 0, updated: 1, unchanged: 0 }])
    expect((await request(server).get(`/api/v1/regions/${v2}`)).body.name).toBe('红旗村委会')
  })

  it('should name the first three regions of an older code year by name and code, and say how many more', async () => {
    const township = `${COUNTY.slice(0, 6)}298000`
    const [v1, v3, v4] = ['001', '003', '004'].map((n) => `${township.slice(0, 9)}${n}`)
    const post = (csv: string) =>
      request(server)
        .post('/api/v1/regions/import')
        .set('Authorization', auth['demo-admin'] ?? '')
        .send({ csv: `code,name,codeYear,urbanRuralCode\n${csv}` })
    expect((await post(`${v3},胜利村委会,2025,220\n${v4},东风村委会,2025,220`)).status).toBe(200)
    const old = await post(
      [
        `${township},试点乡,2012,`,
        `${v1},前进村,2012,220`,
        `${v3},胜利村委会,2012,220`,
        `${v4},东风村,2012,220`,
      ].join('\n'),
    )
    expect([old.status, old.body.error.code]).toEqual([409, 'region_code_year_older'])
    expect(old.body.error.message).toBe(
      `文件的区划代码年份比已有的旧，未导入任何数据。有 4 个地区已是更新年份的名称：` +
        `试点乡（区划代码 ${township}）已是2025年的名称，文件里是2012年；` +
        `前进村委会（区划代码 ${v1}）已是2025年的名称，文件里是2012年的“前进村”；` +
        `胜利村委会（区划代码 ${v3}）已是2025年的名称，文件里是2012年；还有 1 个。` +
        `确实要用旧年份的名称覆盖，请选择“允许用旧年份覆盖”后再导入`,
    )
  })
})
