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

  it("should keep last year's December, Q4 and yearly items counted after New Year, due soon and then overdue", async () => {
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    type Entry = { itemId: string; periodKey: string; status: string; dueDate: string }
    const at = async (instant: string) => {
      t.services?.clock.setTo(new Date(instant))
      const res = await request(t.app.callback())
        .get(`/api/v1/villages/${V1}/schedule`)
        .set('Authorization', secretary)
      expect(res.status).toBe(200)
      const of = (itemId: string, periodKey: string) =>
        (res.body.entries as Entry[]).find((e) => e.itemId === itemId && e.periodKey === periodKey)
      return { body: res.body, of }
    }
    try {
      // 10:00 on 12 January 2027 in Beijing: the 2026 periods that end with the year fall due on the 15th.
      const soon = await at('2027-01-12T02:00:00Z')
      expect(soon.body.year).toBe(2027)
      expect(soon.of('village-finance.income', '2026-12')).toMatchObject({
        status: 'due_soon',
        dueDate: '2027-01-15',
      })
      expect(soon.of('village-affairs.meeting-decisions', '2026-Q4')?.status).toBe('due_soon')
      expect(soon.of('village-finance.annual-plan', '2026')?.status).toBe('due_soon')
      expect(soon.body.summary.dueSoon).toBeGreaterThanOrEqual(12)
      const late = await at('2027-01-20T02:00:00Z')
      expect(late.of('village-finance.income', '2026-12')?.status).toBe('overdue')
      expect(late.of('village-affairs.meeting-decisions', '2026-Q4')?.status).toBe('overdue')
      expect(late.of('village-finance.annual-plan', '2026')?.status).toBe('overdue')
      // The months of 2026 that were overdue in December still are.
      expect(late.of('village-finance.income', '2026-11')?.status).toBe('overdue')
      expect(late.body.summary.overdue).toBeGreaterThanOrEqual(79)
    } finally {
      t.services?.clock.setTo(new Date())
    }
  })
})
