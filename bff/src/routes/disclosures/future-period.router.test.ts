import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

/** A period not yet over (accounts) or not yet begun (other items) is refused, on the app clock. */
describe('POST /api/v1/villages/:code/disclosures for a future period', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    // 10:00 on 7 December 2026 in Beijing.
    t.services?.clock.setTo(new Date('2026-12-07T02:00:00Z'))
  })
  afterEach(() => {
    t.services?.clock.setTo(new Date('2026-12-07T02:00:00Z'))
  })
  afterAll(async () => {
    t.services?.clock.setTo(new Date())
    await t.close()
  })

  const create = (catalogItemId: string, period: string) =>
    request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId, period, title: `测试${period}`, body: '本期说明' })

  it("should refuse a month's accounts before the month is over, as the ledger's finance statement does", async () => {
    for (const period of ['2026-12', '2031-03']) {
      const res = await create('village-finance.expense', period)
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('month_not_ended')
    }
    const res = await create('village-finance.expense', '2026-12')
    expect(res.body.error.message).toBe('2026年12月还没有过完，2027年1月1日起才能公开这个月的支出明细')
    expect(
      await t.services?.models.Disclosure.countDocuments({ period: { $in: ['2026-12', '2031-03'] } }),
    ).toBe(0)
    // From 1 January (Beijing) it may.
    t.services?.clock.setTo(new Date('2026-12-31T16:00:30Z'))
    expect((await create('village-finance.expense', '2026-12')).status).toBe(201)
  })

  it('should refuse a quarter or year that has not begun, and take the current one', async () => {
    const early = await create('village-affairs.other-matters', '2030-Q2')
    expect(early.status).toBe(422)
    expect(early.body.error).toEqual({
      code: 'period_not_started',
      message:
        '2030年第2季度还没有开始，2030年4月1日起才能公开这一期的涉及本村村民利益、村民普遍关心的其他事项',
    })
    expect((await create('village-affairs.other-matters', '2026-Q4')).status).toBe(201)
  })

  it("should take next year's financial plan (announced in advance), not the year after", async () => {
    expect((await create('village-finance.annual-plan', '2027')).status).toBe(201)
    const res = await create('village-finance.annual-plan', '2028')
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('period_not_started')
  })
})
