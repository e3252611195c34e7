import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplianceDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')

/** 统计时间 on the compliance dashboard: when the figures were counted, never before what they count. */
describe('GET /api/v1/regions/:code/compliance (统计时间)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let township = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    township = (await signIn(t.app, 'demo-township')).auth
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-11',
        title: '2026年11月低保名单',
        rows: buildDibaoRows(V1, 5),
      })
    expect(created.status).toBe(201)
    await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/submit`)
      .set('Authorization', secretary)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, created.body.id, township) })
    expect(approved.status).toBe(200)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should say the moment the figures were counted, not older than the village summaries it counts', async () => {
    const newest = await t.services?.models.VillageCompliance.findOne({}, { updatedAt: 1 })
      .sort({ updatedAt: -1 })
      .lean()
    const before = Date.now()
    for (const code of [TOWNSHIP, V1]) {
      const res = await request(server)
        .get(`/api/v1/regions/${code}/compliance?period=2026`)
        .set('Authorization', township)
      expect(res.status).toBe(200)
      const dto = ComplianceDtoSchema.parse(res.body)
      expect(dto.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
      const asOf = Date.parse(dto.asOf)
      expect(asOf).toBeGreaterThanOrEqual(before - 1)
      expect(asOf).toBeLessThanOrEqual(Date.now())
      if (newest?.updatedAt) expect(asOf).toBeGreaterThanOrEqual(newest.updatedAt.getTime())
    }
  })

  it('should count overdue and say 统计时间 on the app clock, as the village schedule does', async () => {
    try {
      // 10:00 on 20 January 2027 in Beijing: the 2026-11 statements (due 2026-12-14) are overdue.
      t.services?.clock.setTo(new Date('2027-01-20T02:00:00Z'))
      const res = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=2026-11`)
        .set('Authorization', township)
      expect(res.status).toBe(200)
      const dto = ComplianceDtoSchema.parse(res.body)
      expect(dto.counts.overdue).toBeGreaterThan(0)
      expect(Math.abs(Date.parse(dto.asOf) - Date.parse('2027-01-20T02:00:00Z'))).toBeLessThan(60_000)
      const village = await request(server)
        .get(`/api/v1/regions/${V1}/compliance?period=2026-11`)
        .set('Authorization', township)
      const expense = village.body.rows.find(
        (r: { catalogItemId: string }) => r.catalogItemId === 'village-finance.expense',
      )
      expect(expense).toMatchObject({ period: '2026-11', dueStatus: 'overdue' })
    } finally {
      t.services?.clock.setTo(new Date())
    }
  })

  it('should open, without a period, on the year of the most recent overdue period by the app clock', async () => {
    const opened = async () => {
      const res = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/compliance`)
        .set('Authorization', township)
      expect(res.status).toBe(200)
      return ComplianceDtoSchema.parse(res.body).period
    }
    try {
      // 5 January 2027: nothing of 2027 is due yet, while 2026's last months and quarter are overdue.
      t.services?.clock.setTo(new Date('2027-01-05T02:00:00Z'))
      expect(await opened()).toBe('2026')
      // 1 March 2027: January's monthly items fell due in February.
      t.services?.clock.setTo(new Date('2027-03-01T02:00:00Z'))
      expect(await opened()).toBe('2027')
    } finally {
      t.services?.clock.setTo(new Date())
    }
    // A period asked for is kept.
    const asked = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=2025`)
      .set('Authorization', township)
    expect(asked.body.period).toBe('2025')
  })
})
