import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplianceDtoSchema, expectedDisclosures, listCatalogItems, periodBounds } from '@cunwu/domain'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { demoRegionOf } from '../../testing/demo'
import { signIn } from '../../testing/sign-in'

const COUNTY = demoRegionOf('demo-county')
const TOWNSHIP = `${COUNTY.slice(0, 6)}296000`
const village = (n: number) => `${TOWNSHIP.slice(0, 9)}${String(n).padStart(3, '0')}`
/** 20 January 2027 in Beijing: 2026's periodic items are due, most of them overdue where not published. */
const NOW = new Date('2027-01-20T02:00:00Z')

/**
 * The dashboard's villages in the order of what needs doing (byNeed, docs/api.md): overdue first, then
 * discrepancies, then items missing on the village's side, then on the government's, then by name. They came in
 * code order, so 93 villages that published nothing were scattered among 200 and looked calmest.
 */
describe('GET /api/v1/regions/:code/compliance (villages worst first)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let county = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    county = (await signIn(t.app, 'demo-county')).auth
    const admin = (await signIn(t.app, 'demo-admin')).auth
    // Code order differs from what needs doing and from name order (白石 bai before 大洞 da).
    const names = ['上坊村委会', '安福村委会', '枫林村委会', '洪坑村委会', '大洞村委会', '白石村委会']
    const csv = [
      'code,name,codeYear,urbanRuralCode',
      `${TOWNSHIP},试排乡,2025,`,
      ...names.map((n, i) => `${village(i + 1)},${n},2025,220`),
    ].join('\n')
    const imported = await request(server)
      .post('/api/v1/regions/import')
      .set('Authorization', admin)
      .send({ csv })
    expect(imported.status).toBe(200)

    // The periodic items of 2026 already due on NOW: a village that lists them all has nothing overdue.
    const { start, end } = periodBounds('2026')
    const due = expectedDisclosures(
      listCatalogItems({ level: 'village' }),
      { regionCode: '', level: 'village', from: start, to: end },
      getWorkingCalendar(),
    )
      .filter((e) => e.dueDate < '2027-01-20')
      .map((e) => `${e.itemId}|${e.periodKey}`)
    expect(due.length).toBeGreaterThan(2)
    const summary = (n: number, counts: Record<string, number>, publishedPeriodic: string[]) => ({
      key: `${village(n)}|2026`,
      villageCode: village(n),
      townshipCode: TOWNSHIP,
      countyCode: COUNTY,
      period: '2026',
      published: publishedPeriodic.length,
      publishedPeriodic,
      aligned: Object.values(counts).reduce((s, x) => s + x, 0),
      ...counts,
      updatedAt: new Date(),
    })
    // 上坊 published nothing (no summary); 安福 all but one; 枫林 all, one list differs from the county's;
    // 洪坑 all, the county's list missing for one; 大洞 and 白石 all, consistent.
    await t.services?.models.VillageCompliance.insertMany([
      summary(2, { consistent: 1 }, due.slice(1)),
      summary(3, { inconsistent: 1, discrepancies: 2 }, due),
      summary(4, { governmentMissing: 1 }, due),
      summary(5, { consistent: 1 }, due),
      summary(6, { consistent: 1 }, due),
    ])
  })
  afterAll(async () => {
    await t.close()
  })

  it('should list the villages by overdue items, then other problems, then name', async () => {
    try {
      t.services?.clock.setTo(NOW)
      const res = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=2026`)
        .set('Authorization', county)
      expect(res.status).toBe(200)
      const dto = ComplianceDtoSchema.parse(res.body)
      expect(dto.children.map((c) => [c.name, c.counts.overdue])).toEqual([
        ['上坊村委会', dto.counts.overdue - 1],
        ['安福村委会', 1],
        ['枫林村委会', 0],
        ['洪坑村委会', 0],
        ['白石村委会', 0],
        ['大洞村委会', 0],
      ])
      expect(dto.children[0]?.counts.overdue).toBeGreaterThan(1)
    } finally {
      t.services?.clock.setTo(new Date())
    }
  })
})
