import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

describe('GET /api/v1/villages/:code/schedule', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should list the village finance statements of a past year as overdue until published', async () => {
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const res = await request(t.app.callback())
      .get(`/api/v1/villages/${V1}/schedule?year=2025`)
      .set('Authorization', secretary)
    expect(res.status).toBe(200)
    const monthly = res.body.entries.filter((e: { cadence: string }) => e.cadence === 'monthly')
    expect(monthly.length).toBeGreaterThanOrEqual(12)
    expect(monthly.every((e: { status: string }) => e.status === 'overdue')).toBe(true)
    expect(res.body.summary.overdue).toBeGreaterThanOrEqual(12)
    expect(monthly[0].dueDate).toMatch(/^2025-\d{2}-\d{2}$/)
  })

  it('should refuse a year out of range and another village', async () => {
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    expect(
      (
        await request(t.app.callback())
          .get(`/api/v1/villages/${V1}/schedule?year=1800`)
          .set('Authorization', secretary)
      ).status,
    ).toBe(400)
    const other = (await signIn(t.app, 'demo-secretary-2')).auth
    expect(
      (await request(t.app.callback()).get(`/api/v1/villages/${V1}/schedule`).set('Authorization', other))
        .status,
    ).toBe(403)
  })

  it("should default to today's year in Asia/Shanghai at the time of the request", async () => {
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const yearAt = async (instant: string) => {
      t.services?.clock.setTo(new Date(instant))
      const res = await request(t.app.callback())
        .get(`/api/v1/villages/${V1}/schedule`)
        .set('Authorization', secretary)
      expect(res.status).toBe(200)
      return res.body.year
    }
    try {
      // 23:59 on 31 December in Beijing is still 2036; a minute later it is 2037, while UTC still says 2036.
      expect(await yearAt('2036-12-31T15:59:00Z')).toBe(2036)
      expect(await yearAt('2036-12-31T16:00:30Z')).toBe(2037)
      expect(await yearAt('2031-06-01T00:00:00Z')).toBe(2031)
    } finally {
      t.services?.clock.setTo(new Date())
    }
  })
})
