import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')

/** Publication, retraction and the feed read the app's one clock (ClockService), which the dev clock moves. */
describe('publishing on the app clock', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let township = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
  })
  afterEach(() => {
    t.services?.clock.setTo(new Date())
  })
  afterAll(async () => {
    await t.close()
  })

  async function publish(catalogItemId: string, period: string) {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId, period, title: `测试${period}`, body: '本期说明' })
    expect(created.status).toBe(201)
    const sent = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/submit`)
      .set('Authorization', secretary)
      .send({ confirmNoRows: true })
    expect(sent.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, created.body.id, township) })
    expect(approved.status).toBe(200)
    return approved.body as { id: string; publishedAt: string; postingUntil: string }
  }

  it('should stamp the publication and its posting window on the app clock, so a late one counts as late', async () => {
    const at = '2027-01-20T02:00:00Z' // 10:00 Beijing, five days after the 2026-12 due date
    t.services?.clock.setTo(new Date(at))
    const d = await publish('village-finance.claims', '2026-12')
    expect(Math.abs(Date.parse(d.publishedAt) - Date.parse(at))).toBeLessThan(60_000)
    // 5 calendar days, the day it went up not counted: up to the end of 25 January (Beijing).
    expect(d.postingUntil).toBe('2027-01-25T15:59:59.999Z')
    const schedule = await request(server)
      .get(`/api/v1/villages/${V1}/schedule?year=2026`)
      .set('Authorization', secretary)
    const entry = schedule.body.entries.find(
      (e: { itemId: string; periodKey: string }) =>
        e.itemId === 'village-finance.claims' && e.periodKey === '2026-12',
    )
    expect(entry).toMatchObject({ status: 'late', publishedOn: '2027-01-20', daysPastDue: 5 })
  })

  it('should stamp a retraction on the app clock', async () => {
    const at = '2027-02-01T02:00:00Z'
    t.services?.clock.setTo(new Date('2027-01-21T02:00:00Z'))
    const d = await publish('village-finance.debts', '2026-12')
    t.services?.clock.setTo(new Date(at))
    const res = await request(server)
      .post(`/api/v1/disclosures/${d.id}/retract`)
      .set('Authorization', township)
      .send({ reason: '数字有误，重新公开' })
    expect(res.status).toBe(200)
    const stored = await t.services?.models.Disclosure.findById(d.id, { retractedAt: 1 }).lean()
    expect(Math.abs((stored?.retractedAt?.getTime() ?? 0) - Date.parse(at))).toBeLessThan(60_000)
  })
})
