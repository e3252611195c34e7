import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../testing/factories'
import { runDisclosureMaintenance } from './disclosure-maintenance.job'
import { demoRegionOf } from '../testing/demo'
import { publishDisclosure, seenRevision } from '../testing/publish'

const V1 = demoRegionOf('demo-secretary')

describe('runDisclosureMaintenance', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let id = ''

  beforeAll(async () => {
    t = await buildTestApp({ NOTIFICATIONS_WORKER: 'false', MAINTENANCE_INTERVAL_MS: '0' })
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    const township = (await signIn(t.app, 'demo-township')).auth
    id = await publishDisclosure(
      server,
      V1,
      {
        catalogItemId: dibaoItem().id,
        period: '2026-03',
        title: '三月低保名单',
        rows: buildDibaoRows(V1, 4),
      },
      { secretary, reviewer: township },
    )
  })
  afterAll(async () => {
    await t.close()
  })

  async function inboxCount(auth: string): Promise<number> {
    const res = await request(server).get('/api/v1/inbox/unread-count').set('Authorization', auth)
    return Number(res.body.unread ?? res.body.count ?? -1)
  }

  it('should tell the author the review result once, however often the sweep runs', async () => {
    const before = await inboxCount(secretary)
    expect(before).toBeGreaterThanOrEqual(1)
    const services = t.services
    if (!services) throw new Error('no services')
    const first = await runDisclosureMaintenance(services)
    const second = await runDisclosureMaintenance(services)
    expect(first.swept).toBeGreaterThanOrEqual(1)
    expect(second.swept).toBe(first.swept)
    expect(await inboxCount(secretary)).toBe(before)
  })

  it('should tell a retraction whose event a crash lost, once', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    // Retracted as the route does it, but the process ended before the events behind the response.
    const retracted = await services.models.Disclosure.findOneAndUpdate(
      { _id: id, status: 'published' },
      { $set: { status: 'retracted', retractedAt: new Date(), retractReason: '数据有误' } },
      { returnDocument: 'after' },
    ).lean()
    expect(retracted?.status).toBe('retracted')
    const key = `disclosure.retracted:${id}`
    expect(await services.notifications.isRecorded(key)).toBe(false)
    await runDisclosureMaintenance(services)
    await runDisclosureMaintenance(services)
    const events = await services.models.NotificationEvent.find({ key }).lean()
    expect(events.map((e) => [e.type, e.body])).toEqual([
      ['disclosure.retracted', expect.stringContaining('撤回原因：数据有误')],
    ])
    await services.models.Disclosure.updateOne({ _id: id }, { $set: { status: 'published' } })
  })

  it('should expire a roster after its notice period: hidden from the feed, kept for the household', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    const d = await services.models.Disclosure.findById(id).lean()
    const after = new Date((d?.postingUntil?.getTime() ?? 0) + 86_400_000)
    const result = await runDisclosureMaintenance(services, after)
    expect(result.expired).toBe(1)
    const feed = await request(server).get(`/api/v1/villages/${V1}/feed`)
    expect(feed.body.disclosures.map((x: { id: string }) => x.id)).not.toContain(id)
    const view = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(view.body.status).toBe('expired')
    const villager = (await signIn(t.app, 'demo-villager')).auth
    const related = await request(server).get('/api/v1/me/related').set('Authorization', villager)
    expect(related.body.disclosures.map((x: { id: string }) => x.id)).toContain(id)
  })

  it('should supersede an older version an approval left public when its second step failed', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    const township = (await signIn(t.app, 'demo-township')).auth
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-04',
        title: '四月低保名单',
        rows: buildDibaoRows(V1, 4),
      })
    const v1 = created.body.id as string
    await request(server).post(`/api/v1/disclosures/${v1}/submit`).set('Authorization', secretary)
    await request(server)
      .post(`/api/v1/disclosures/${v1}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, v1, township) })
    const next = await request(server)
      .post(`/api/v1/disclosures/${v1}/versions`)
      .set('Authorization', secretary)
      .send({ changeNote: '更正一户金额' })
    expect(next.status).toBe(201)
    const v2 = next.body.id as string
    await request(server)
      .post(`/api/v1/disclosures/${v2}/submit`)
      .set('Authorization', secretary)
      .send({ confirmRosterMismatches: true })
    const approved = await request(server)
      .post(`/api/v1/disclosures/${v2}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, v2, township) })
    expect(approved.status).toBe(200)
    // As if the write superseding version 1 had failed after version 2 was published.
    await services.models.Disclosure.updateOne(
      { _id: v1 },
      { $set: { status: 'published', supersededAt: null } },
    )
    await runDisclosureMaintenance(services)
    const [first, second] = await Promise.all([
      services.models.Disclosure.findById(v1).lean(),
      services.models.Disclosure.findById(v2).lean(),
    ])
    expect([first?.status, second?.status]).toEqual(['superseded', 'published'])
    const view = await request(server).get(`/api/v1/disclosures/${v1}`)
    expect(view.body.status).toBe('superseded')
  })
})
