import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplianceDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = `${V2.slice(0, 9)}000`
/** V2 is merged into V1 from 20 September 2026: August's statements (due 14 September) stay owed. */
const RETIRED_ON = '2026-09-20'

describe('retiring a merged village (PUT/DELETE /regions/:code/retirement)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const retire = (code: string, who: string | null, body: unknown) => {
    const req = request(server).put(`/api/v1/regions/${code}/retirement`)
    return (who ? req.set('Authorization', auth[who] ?? '') : req).send(body as object)
  }
  const reinstate = (code: string, who: string, body: unknown) =>
    request(server)
      .delete(`/api/v1/regions/${code}/retirement`)
      .set('Authorization', auth[who] ?? '')
      .send(body as object)
  const board = async (code: string, period: string) => {
    const res = await request(server)
      .get(`/api/v1/regions/${code}/compliance?period=${period}`)
      .set('Authorization', auth['demo-county'] ?? '')
    expect(res.status).toBe(200)
    return ComplianceDtoSchema.parse(res.body)
  }
  const createDibao = (period: string) =>
    request(server)
      .post(`/api/v1/villages/${V2}/disclosures`)
      .set('Authorization', auth['demo-secretary-2'] ?? '')
      .send({
        catalogItemId: dibaoItem().id,
        period,
        title: `${period}低保名单`,
        rows: buildDibaoRows(V2, 3),
      })
  const valid = { retiredOn: RETIRED_ON, mergedInto: V1, reason: '依据县政府撤并行政村的批复' }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of [
      'demo-admin',
      'demo-county',
      'demo-township',
      'demo-secretary',
      'demo-secretary-2',
      'demo-villager',
    ])
      auth[key] = (await signIn(t.app, key)).auth
    // 10:00 on 20 December 2026 in Beijing: November's statements (due 14 December) are overdue.
    t.services?.clock.setTo(new Date('2026-12-20T02:00:00Z'))
  })
  afterAll(async () => {
    await t.close()
  })

  it('should refuse everyone but an admin covering the village, and answer 404 for a village that does not exist', async () => {
    for (const who of ['demo-county', 'demo-township', 'demo-secretary-2', 'demo-villager']) {
      const res = await retire(V2, who, valid)
      expect([who, res.status, res.body.error?.code]).toEqual([who, 403, 'forbidden'])
    }
    expect((await retire(V2, null, valid)).status).toBe(401)
    // A region code is public, so a region outside the admin's county is 403, as for every route that takes
    // one in the path (docs/api.md, Authorization); a village of the county that does not exist is 404.
    expect((await retire('110101001001', 'demo-admin', valid)).status).toBe(403)
    const missing = await retire(`${TOWNSHIP.slice(0, 9)}399`, 'demo-admin', valid)
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found'])
    expect((await request(server).get(`/api/v1/regions/${V2}`)).body.retirement).toBeNull()
  })

  it('should check the body and the merge target, in plain Chinese', async () => {
    for (const body of [
      {},
      { ...valid, retiredOn: '2026-02-30' },
      { ...valid, retiredOn: '20 Sep 2026' },
      { ...valid, reason: ' ' },
      { ...valid, mergedInto: '３６' },
      { ...valid, extra: 1 },
    ]) {
      const res = await retire(V2, 'demo-admin', body)
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        400,
        'validation_error',
      ])
    }
    // The day is read as every typed date is (TypedDateSchema), with its messages.
    const impossible = await retire(V2, 'demo-admin', { ...valid, retiredOn: '2026年2月30日' })
    expect(impossible.body.error.details).toEqual({ 'body.retiredOn': '日期不存在（2026年2月30日），请核对' })
    const unreadable = await retire(V2, 'demo-admin', { ...valid, retiredOn: '九月二十日' })
    expect(unreadable.body.error.details).toEqual({
      'body.retiredOn': '日期请写成 2026-11-10 或 2026年11月10日 这样',
    })
    const self = await retire(V2, 'demo-admin', { ...valid, mergedInto: V2 })
    expect([self.status, self.body.error.code]).toEqual([422, 'merge_target_invalid'])
    expect(self.body.error.message).toMatch(/不能并入本村自己/)
    const nowhere = await retire(V2, 'demo-admin', { ...valid, mergedInto: `${V2.slice(0, 9)}399` })
    expect([nowhere.status, nowhere.body.error.code]).toEqual([422, 'merge_target_invalid'])
    // A township is retired into a township (retirement-effects.test.ts); a county cannot be.
    const township = await retire(TOWNSHIP, 'demo-admin', valid)
    expect([township.status, township.body.error.code]).toEqual([422, 'merge_target_invalid'])
    const county = await retire(`${V2.slice(0, 6)}000000`, 'demo-admin', valid)
    expect([county.status, county.body.error.code]).toEqual([422, 'region_not_village'])
    expect(county.body.error.message).toMatch(/只能撤并村（社区）和乡镇/)
  })

  it('should stop counting what falls due after the merger on the boards, and keep what was overdue before it', async () => {
    const overdueOf = (b: { rows: { dueStatus: string | null; catalogItemId: string; period: string }[] }) =>
      b.rows
        .filter((r) => r.dueStatus === 'overdue')
        .map((r) => `${r.catalogItemId}|${r.period}`)
        .sort()
    const [aug, villageAug, sep, nov, villageSep, villageNov] = [
      await board(TOWNSHIP, '2026-08'),
      await board(V2, '2026-08'),
      await board(TOWNSHIP, '2026-09'),
      await board(TOWNSHIP, '2026-11'),
      await board(V2, '2026-09'),
      await board(V2, '2026-11'),
    ]
    const perVillage = villageNov.counts.expected
    expect(perVillage).toBeGreaterThan(0)
    expect(villageSep.counts.overdue).toBeGreaterThan(0)

    // Typed as a person types it (full-width, 年月日): stored as YYYY-MM-DD.
    const res = await retire(V2, 'demo-admin', { ...valid, retiredOn: '２０２６年９月２０日' })
    expect(res.status).toBe(200)
    expect(res.body.retirement).toEqual({
      retiredOn: RETIRED_ON,
      mergedInto: V1,
      mergedIntoName: expect.any(String),
    })

    // August's statements fell due (14 September) before the merger: still owed, still overdue. The quarter and
    // the year August lies in fall due after it: no longer owed.
    const augOverdue = overdueOf(await board(V2, '2026-08'))
    expect(augOverdue.length).toBeGreaterThan(0)
    expect(augOverdue).toEqual(overdueOf(villageAug).filter((k) => k.endsWith('|2026-08')))
    expect(overdueOf(villageAug).length).toBeGreaterThan(augOverdue.length)
    const augAfter = await board(TOWNSHIP, '2026-08')
    expect(augAfter.counts.villages).toBe(aug.counts.villages)
    expect(augAfter.counts.overdue).toBe(
      aug.counts.overdue - (overdueOf(villageAug).length - augOverdue.length),
    )
    // September began before it and falls due after it: the village is still one of the month's, owing nothing.
    const sepAfter = await board(TOWNSHIP, '2026-09')
    expect(sepAfter.counts.villages).toBe(sep.counts.villages)
    expect(sepAfter.counts.expected).toBe(sep.counts.expected - perVillage)
    expect(sepAfter.counts.overdue).toBe(sep.counts.overdue - villageSep.counts.overdue)
    // November began after it: the village is not one of the month's at all.
    const novAfter = await board(TOWNSHIP, '2026-11')
    expect(novAfter.counts.villages).toBe(nov.counts.villages - 1)
    expect(novAfter.counts.expected).toBe(nov.counts.expected - perVillage)
    expect(novAfter.counts.overdue).toBe(nov.counts.overdue - villageNov.counts.overdue)
    expect(novAfter.children.find((c) => c.code === V2)).toBeUndefined()
    expect(sepAfter.children.find((c) => c.code === V2)?.name).toMatch(/（已撤并）$/)
    const village = await board(V2, '2026-09')
    expect(village.rows.filter((r) => r.dueStatus === 'overdue')).toEqual([])
  })

  it("should leave the secretary's schedule and the catalog owing only what fell due before the merger", async () => {
    const schedule = await request(server)
      .get(`/api/v1/villages/${V2}/schedule?year=2026`)
      .set('Authorization', auth['demo-secretary-2'] ?? '')
    expect(schedule.status).toBe(200)
    const entries = schedule.body.entries as { periodKey: string; dueDate: string; status: string }[]
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.dueDate < RETIRED_ON)).toBe(true)
    expect(entries.some((e) => e.periodKey === '2026-08' && e.status === 'overdue')).toBe(true)
    const catalog = await request(server)
      .get(`/api/v1/villages/${V2}/catalog`)
      .set('Authorization', auth['demo-secretary-2'] ?? '')
    expect(catalog.status).toBe(200)
    expect(catalog.body.village.retirement.retiredOn).toBe(RETIRED_ON)
    for (const s of catalog.body.standings as { current: { dueDate: string } | null }[])
      if (s.current) expect(s.current.dueDate < RETIRED_ON).toBe(true)
  })

  it("should refuse the retired village's secretary any new disclosure from the merger day, in Chinese", async () => {
    // From 20 September the secretary's grant on the village allows reading only (a retirement entered ahead of
    // its day refuses periods after it with 422 village_retired: retirement-effects.test.ts).
    for (const period of ['2026-10', '2026-09']) {
      const res = await createDibao(period)
      expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden'])
      expect(res.body.error.message).toMatch(/^.+已于2026年9月20日撤并（并入.+），您在那里的职务已随撤并结束/)
    }
  })

  it('should keep the village retired through a region import that names it again, and show it to the public', async () => {
    const stored = (await request(server).get(`/api/v1/regions/${V2}`)).body
    const csv = `code,name,codeYear,urbanRuralCode\n${V2},${stored.name},${stored.codeYear},${stored.urbanRuralCode ?? ''}`
    const imported = await request(server)
      .post('/api/v1/regions/import')
      .set('Authorization', auth['demo-admin'] ?? '')
      .send({ csv })
    expect(imported.status).toBe(200)
    const pub = await request(server).get(`/api/v1/regions/${V2}`)
    expect(pub.body.retirement).toMatchObject({ retiredOn: RETIRED_ON, mergedInto: V1 })
    const children = await request(server).get(`/api/v1/regions/${TOWNSHIP}/children`)
    expect(children.body.regions.find((r: { code: string }) => r.code === V2)?.retirement?.retiredOn).toBe(
      RETIRED_ON,
    )
  })

  it('should name the village merged into by its current name after that village is renamed', async () => {
    const target = (await request(server).get(`/api/v1/regions/${V1}`)).body
    const rename = (name: string) =>
      request(server)
        .post('/api/v1/regions/import')
        .set('Authorization', auth['demo-admin'] ?? '')
        .send({
          csv: `code,name,codeYear,urbanRuralCode\n${V1},${name},${target.codeYear},${target.urbanRuralCode ?? ''}`,
        })
    expect((await rename('云溪新村委会')).status).toBe(200)
    try {
      const pub = await request(server).get(`/api/v1/regions/${V2}`)
      expect(pub.body.retirement).toMatchObject({ mergedInto: V1, mergedIntoName: '云溪新村委会' })
      const children = await request(server).get(`/api/v1/regions/${TOWNSHIP}/children`)
      const listed = children.body.regions.find((r: { code: string }) => r.code === V2)
      expect(listed?.retirement?.mergedIntoName).toBe('云溪新村委会')
      const late = await createDibao('2026-11')
      expect(late.body.error.message).toContain('（并入云溪新村委会）')
    } finally {
      expect((await rename(String(target.name))).status).toBe(200)
    }
  })

  it('should undo a mistaken retirement, audit both, and refuse undoing one that is not retired', async () => {
    const before = await board(TOWNSHIP, '2026-11')
    const bad = await reinstate(V2, 'demo-admin', {})
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_error'])
    expect((await reinstate(V2, 'demo-county', { reason: '撤并录入有误' })).status).toBe(403)
    const undone = await reinstate(V2, 'demo-admin', { reason: '撤并录入有误' })
    expect([undone.status, undone.body.retirement]).toEqual([200, null])
    expect((await board(TOWNSHIP, '2026-11')).counts.villages).toBe(before.counts.villages + 1)
    const again = await reinstate(V2, 'demo-admin', { reason: '撤并录入有误' })
    expect([again.status, again.body.error.code]).toEqual([409, 'region_not_retired'])
    const events = await t.services?.models.AuditEvent.find({
      targetId: V2,
      action: { $in: ['region.retire', 'region.reinstate'] },
    })
      .sort({ _id: 1 })
      .lean()
    expect(events?.map((e) => [e.action, e.regionCode])).toEqual([
      ['region.retire', V2],
      ['region.reinstate', V2],
    ])
    expect(events?.[0]?.data).toMatchObject({ retiredOn: RETIRED_ON, mergedInto: V1, previous: null })
    expect(events?.[1]?.data).toMatchObject({
      reason: '撤并录入有误',
      previous: { retiredOn: RETIRED_ON, mergedInto: V1 },
    })
  })
})
