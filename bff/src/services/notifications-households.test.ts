import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableRow } from '@cunwu/domain'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../testing/factories'
import { demoHouseholds } from './seed.service'
import { membershipPersonKey } from '../models/Membership.model'
import type { Services } from '.'
import { publishDisclosureEvents, publishRetractionEvents } from './disclosure-events.service'
import { demoRegionOf } from '../testing/demo'
import { seenRevision } from '../testing/publish'

const V1 = demoRegionOf('demo-secretary')

/**
 * A household is told when a published version changes its own rows (docs/households.md), whether or not it follows
 * the category; a follower gets that one message, not two; a retry adds nothing.
 */
describe('household notices of changed rows', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const item = dibaoItem()
  const roster = demoHouseholds(V1)
  const users: Record<'follower' | 'changed' | 'unchanged', Types.ObjectId> = {
    follower: new Types.ObjectId(),
    changed: new Types.ObjectId(),
    unchanged: new Types.ObjectId(),
  }
  let v2 = ''

  async function publish(id: string) {
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth.secretary ?? '')
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth.township ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth.township ?? '') })
    expect(approved.status).toBe(200)
  }

  const eventOf = (id: string) => `disclosure.published:${id}:v2`

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    auth.secretary = (await signIn(t.app, 'demo-secretary')).auth
    auth.township = (await signIn(t.app, 'demo-township')).auth
    const { models } = services
    // Three members of households 002 (follows 社会救助), 003 (does not) and 004 (row unchanged).
    const members = [
      [users.follower, roster[1]],
      [users.changed, roster[2]],
      [users.unchanged, roster[3]],
    ] as const
    const now = new Date()
    for (const [userId, h] of members) {
      if (!h) throw new Error('demo roster')
      await models.User.create({
        _id: userId,
        openid: `household-notice-${userId.toHexString()}`,
        displayName: h.headName,
        roles: [{ role: 'villager', regionCode: V1, grantedBy: null, grantedAt: now }],
      })
      const m = { villageCode: V1, householdNo: h.householdNo, name: h.headName }
      await models.Membership.create({
        ...m,
        userId,
        status: 'approved',
        via: 'application',
        appliedAt: now,
        decidedAt: now,
        personKey: membershipPersonKey(m),
      })
    }
    const follower = await models.User.findById(users.follower).lean()
    if (!follower) throw new Error('no follower')
    await services.subscriptions.create(follower, {
      category: item.domainId,
      results: { tmpl_disclosure_published: 'accept' },
      requestId: 'household-notice-follow',
    })

    const rows: TableRow[] = buildDibaoRows(V1)
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth.secretary)
      .send({ catalogItemId: item.id, period: '2026-10', title: '2026年10月低保名单公示', rows })
    expect(created.status).toBe(201)
    await publish(created.body.id)
    const next = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/versions`)
      .set('Authorization', auth.secretary)
      .send({ changeNote: '调整两户金额' })
    expect(next.status).toBe(201)
    v2 = next.body.id
    // Households 002 and 003 change (680.00 → 700.00 元 and the like); 004 and every other row stay as they were.
    const second = rows.map((r, i) => (i === 1 || i === 2 ? { ...r, amount: 70_000 + i } : r))
    const patched = await request(server)
      .patch(`/api/v1/disclosures/${v2}`)
      .set('Authorization', auth.secretary)
      .send({ rows: second })
    expect(patched.status).toBe(200)
    await publish(v2)
  })
  afterAll(async () => {
    await t.close()
  })

  const entriesOf = (userId: Types.ObjectId) =>
    services.models.InboxEntry.find({ userId, eventId: eventOf(v2) }).lean()

  it('should tell each household whose row changed, and no one else', async () => {
    const [changed] = await entriesOf(users.changed)
    expect(changed).toMatchObject({
      title: '您家在《2026年10月低保名单公示》里的内容有变化',
      link: { page: 'pages/disclosure/index', query: { id: v2 } },
    })
    // No amounts or other cells: those are read in the app after signing in.
    expect(`${changed?.title}${changed?.body}`).not.toMatch(/元|700|580/)
    // The inbox is read signed in: no 登录后打开就能看到 to someone already signed in.
    expect(changed?.body).toMatch(/您家的内容有变化，点开就能看到。$/)
    expect(changed?.body).not.toContain('登录')
    expect(await entriesOf(users.unchanged)).toEqual([])
    // The other demo households' rows did not change either.
    expect(await services.models.InboxEntry.countDocuments({ eventId: eventOf(v2) })).toBe(2)
    const outbox = await services.models.Outbox.find({ eventId: eventOf(v2) }).lean()
    expect(outbox.map((m) => m.userId.toHexString()).sort()).toEqual(
      [users.follower, users.changed].map((u) => u.toHexString()).sort(),
    )
    expect(outbox[0]?.data.phrase4).toBe('您家有变化')
  })

  it('should give a follower whose row changed one message, not two', async () => {
    await t.runtime.outboxSender?.drain()
    const mine = await services.models.Outbox.find({ eventId: eventOf(v2), userId: users.follower }).lean()
    expect(mine).toHaveLength(1)
    expect(mine[0]?.data.phrase4).toBe('您家有变化')
    const inbox = await services.inbox.list(users.follower, { limit: 50 })
    const ofV2 = inbox.entries.filter((e) => e.eventId === eventOf(v2))
    expect(ofV2.map((e) => e.title)).toEqual(['您家在《2026年10月低保名单公示》里的内容有变化'])
    const unread = await services.inbox.unreadCount(users.follower)
    expect(unread).toBe(inbox.entries.filter((e) => e.readAt === null).length)
  })

  it('should add nothing when the step runs again', async () => {
    const d = await services.models.Disclosure.findById(v2).lean()
    if (!d) throw new Error('no v2')
    const before = await services.models.Outbox.countDocuments({ eventId: eventOf(v2) })
    await publishDisclosureEvents(services.notifications, d, true)
    const told = await services.notifications.noticeHouseholds(d, {
      id: eventOf(v2),
      type: 'disclosure.updated',
      at: d.publishedAt ?? new Date(),
    })
    expect(told).toBe(0)
    expect(await services.models.Outbox.countDocuments({ eventId: eventOf(v2) })).toBe(before)
    expect(await entriesOf(users.changed)).toHaveLength(1)
  })

  describe('when the version is retracted', () => {
    const retractionOf = (id: string) => `disclosure.retracted:${id}`
    const reader = new Types.ObjectId()

    beforeAll(async () => {
      // A follower of 社会救助 whose household is not on the list.
      const now = new Date()
      await services.models.User.create({
        _id: reader,
        openid: `household-notice-${reader.toHexString()}`,
        displayName: '读者',
        roles: [{ role: 'villager', regionCode: V1, grantedBy: null, grantedAt: now }],
      })
      const user = await services.models.User.findById(reader).lean()
      if (!user) throw new Error('no reader')
      await services.subscriptions.create(user, {
        category: item.domainId,
        results: { tmpl_disclosure_published: 'accept' },
        requestId: 'household-notice-reader',
      })
      const retracted = await request(server)
        .post(`/api/v1/disclosures/${v2}/retract`)
        .set('Authorization', auth.secretary ?? '')
        .send({ reason: '名单有误，重新评议' })
      expect(retracted.status).toBe(200)
      await t.runtime.outboxSender?.drain()
    })

    it('should tell every household on the list, changed or not, with the reason', async () => {
      for (const userId of [users.changed, users.unchanged]) {
        const entries = await services.models.InboxEntry.find({ userId, eventId: retractionOf(v2) }).lean()
        expect(entries).toHaveLength(1)
        expect(entries[0]).toMatchObject({
          title: '《2026年10月低保名单公示》已撤回',
          link: { page: 'pages/disclosure/index', query: { id: v2 } },
        })
        expect(entries[0]?.body).toContain('撤回原因：名单有误，重新评议')
        expect(`${entries[0]?.title}${entries[0]?.body}`).not.toMatch(/元|700|580/)
      }
      const messages = await services.models.Outbox.find({ eventId: retractionOf(v2) }).lean()
      expect(messages.every((m) => m.data.phrase4 === '已撤回')).toBe(true)
    })

    it('should tell a follower not on the list once, and a follower on it once', async () => {
      const inbox = await services.inbox.list(reader, { limit: 50 })
      const told = inbox.entries.filter((e) => e.eventId === retractionOf(v2))
      expect(told.map((e) => e.title)).toEqual(['已撤回：2026年10月低保名单公示'])
      expect(told[0]?.body).toContain('撤回原因：名单有误，重新评议')
      const own = await services.inbox.list(users.follower, { limit: 50 })
      expect(own.entries.filter((e) => e.eventId === retractionOf(v2)).map((e) => e.title)).toEqual([
        '《2026年10月低保名单公示》已撤回',
      ])
      for (const userId of [reader, users.follower])
        expect(await services.models.Outbox.countDocuments({ eventId: retractionOf(v2), userId })).toBe(1)
    })

    it('should add nothing when the upkeep tells it again', async () => {
      const d = await services.models.Disclosure.findById(v2).lean()
      if (!d) throw new Error('no v2')
      const count = async () => [
        await services.models.Outbox.countDocuments({ eventId: retractionOf(v2) }),
        await services.models.InboxEntry.countDocuments({ eventId: retractionOf(v2) }),
      ]
      const before = await count()
      await publishRetractionEvents(services.notifications, d)
      await t.runtime.outboxSender?.drain()
      expect(await count()).toEqual(before)
    })
  })
})
