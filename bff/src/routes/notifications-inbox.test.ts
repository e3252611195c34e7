import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InboxPageDtoSchema, SubscriptionsDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../testing/demo'
import {
  followSocialAssistance,
  publishFiveDisclosures,
  startNotificationsApp,
} from '../testing/notifications-app'
import type { NotificationsApp } from '../testing/notifications-app'

const V1 = demoRegionOf('demo-secretary')

/**
 * The notifications feature, the inbox (routes/inbox): entries of what one follows, paging, read marks, and what
 * is shown across following and unfollowing (routes/subscriptions).
 */
describe('notification routes: inbox', () => {
  let app: NotificationsApp
  let services: NotificationsApp['services']
  let server: NotificationsApp['server']
  let villager: string
  let secretary: string

  beforeAll(async () => {
    app = await startNotificationsApp()
    ;({ services, server, villager, secretary } = app)
    // The villager follows 社会救助, as subscribing would leave it (notifications-subscriptions.test.ts).
    await followSocialAssistance(app, ['follow-0001'])
  })
  afterAll(async () => {
    await app.t.close()
  })

  describe('GET /api/v1/inbox', () => {
    it('should page the user’s entries newest first, count unread and mark them read', async () => {
      await publishFiveDisclosures(app, V1)
      const count = await request(server).get('/api/v1/inbox/unread-count').set('Authorization', villager)
      expect(count.body).toEqual({ count: 5 })
      const page1 = InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox?limit=3').set('Authorization', villager)).body,
      )
      expect(page1.entries.map((e) => e.title)).toEqual([
        '新的村务公开：公开事项5',
        '新的村务公开：公开事项4',
        '新的村务公开：公开事项3',
      ])
      expect(page1.entries[0]?.link).toEqual({
        page: 'pages/disclosure/index',
        query: { id: '5'.repeat(24) },
        path: `pages/disclosure/index?id=${'5'.repeat(24)}`,
      })
      const page2 = InboxPageDtoSchema.parse(
        (
          await request(server)
            .get(`/api/v1/inbox?limit=3&before=${page1.nextBefore}`)
            .set('Authorization', villager)
        ).body,
      )
      expect(page2.entries.map((e) => e.title)).toEqual([
        '新的村务公开：公开事项2',
        '新的村务公开：公开事项1',
      ])
      expect(page2.nextBefore).toBeNull()

      const first = page1.entries[0]?.id ?? ''
      expect(
        (await request(server).post(`/api/v1/inbox/${first}/read`).set('Authorization', villager)).status,
      ).toBe(204)
      expect(
        (await request(server).post(`/api/v1/inbox/${first}/read`).set('Authorization', villager)).status,
      ).toBe(204)
      expect(
        (await request(server).post(`/api/v1/inbox/${first}/read`).set('Authorization', secretary)).status,
      ).toBe(404)
      expect(
        (await request(server).get('/api/v1/inbox/unread-count').set('Authorization', villager)).body,
      ).toEqual({ count: 4 })
      const unread = InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox?unread=true').set('Authorization', villager)).body,
      )
      expect(unread.entries).toHaveLength(4)
      expect(
        (await request(server).post('/api/v1/inbox/read-all').set('Authorization', villager)).body,
      ).toEqual({ updated: 4 })
      expect(
        (await request(server).get('/api/v1/inbox/unread-count').set('Authorization', villager)).body,
      ).toEqual({ count: 0 })
      // The secretary follows nothing, so nothing reached their inbox.
      expect(
        (await request(server).get('/api/v1/inbox').set('Authorization', secretary)).body.entries,
      ).toEqual([])
    })

    it('should refuse bad paging input and unknown ids', async () => {
      for (const q of ['limit=0', 'limit=101', 'before=nope', 'unread=maybe']) {
        const res = await request(server).get(`/api/v1/inbox?${q}`).set('Authorization', villager)
        expect([res.status, res.body.error.code], q).toEqual([400, 'validation_error'])
      }
      const bad = await request(server).post('/api/v1/inbox/nope/read').set('Authorization', villager)
      expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_error'])
      expect((await request(server).get('/api/v1/inbox')).status).toBe(401)
    })
  })

  describe('inbox of followed things', () => {
    let seq = 0
    async function publish(itemId: string): Promise<void> {
      seq += 1
      await services.notifications.publishEvent({
        id: `disclosure.published:follow${seq}:v1`,
        type: 'disclosure.published',
        villageCode: V1,
        title: `养老事项${seq}`,
        disclosureId: `${seq}`.padStart(24, 'a'),
        category: 'elderly-care',
        itemId,
      })
    }
    const titles = async () =>
      InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox?limit=100').set('Authorization', villager)).body,
      )
        .entries.map((e) => e.title)
        .filter((x) => x.includes('养老事项'))
    const follow = async (target: object) =>
      SubscriptionsDtoSchema.parse(
        (
          await request(server)
            .post('/api/v1/subscriptions')
            .set('Authorization', villager)
            .send({ ...target, results: { tmpl_disclosure_published: 'accept' } })
        ).body,
      ).subscriptions

    it('should show what was told while one followed, once, and keep it after unfollowing', async () => {
      await publish('elderly-care.elderly-allowances') // 1: before following
      const subs = await follow({ category: 'elderly-care' })
      const both = await follow({ itemId: 'elderly-care.elderly-allowances' })
      await publish('elderly-care.elderly-allowances') // 2: followed twice (category and item): shown once
      expect(await titles()).toEqual(['新的村务公开：养老事项2'])
      const category = subs.find((x) => x.targetId === 'elderly-care')
      const item = both.find((x) => x.targetId === 'elderly-care.elderly-allowances')
      if (!category || !item) throw new Error('subscriptions missing')
      expect(
        (await request(server).delete(`/api/v1/subscriptions/${category.id}`).set('Authorization', villager))
          .status,
      ).toBe(204)
      await publish('elderly-care.service-subsidies') // 3: the category is no longer followed
      await publish('elderly-care.elderly-allowances') // 4: the item still is
      expect(await titles()).toEqual(['新的村务公开：养老事项4', '新的村务公开：养老事项2'])
      expect(
        (await request(server).delete(`/api/v1/subscriptions/${item.id}`).set('Authorization', villager))
          .status,
      ).toBe(204)
      await publish('elderly-care.elderly-allowances') // 5: nothing followed
      expect(await titles()).toEqual(['新的村务公开：养老事项4', '新的村务公开：养老事项2'])
      // Following again starts a new lifetime: 6 shows, 3 and 5 (told while not following) stay out.
      await follow({ category: 'elderly-care' })
      await publish('elderly-care.service-subsidies') // 6
      expect(await titles()).toEqual([
        '新的村务公开：养老事项6',
        '新的村务公开：养老事项4',
        '新的村务公开：养老事项2',
      ])
      const mine = SubscriptionsDtoSchema.parse(
        (await request(server).get('/api/v1/subscriptions').set('Authorization', villager)).body,
      )
      expect(
        mine.subscriptions.filter((x) => x.targetId.startsWith('elderly-care')).map((x) => x.targetId),
      ).toEqual(['elderly-care'])
    })

    it('should keep read marks of shared events per person, and count events after "read all" as unread', async () => {
      const unread = async () =>
        (await request(server).get('/api/v1/inbox/unread-count').set('Authorization', villager)).body
          .count as number
      await request(server).post('/api/v1/inbox/read-all').set('Authorization', villager)
      expect(await unread()).toBe(0)
      await publish('elderly-care.service-subsidies')
      await publish('elderly-care.service-subsidies')
      expect(await unread()).toBe(2)
      const page = InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox?unread=true').set('Authorization', villager)).body,
      )
      expect(page.entries.map((e) => e.readAt)).toEqual([null, null])
      const newest = page.entries[0]?.id ?? ''
      expect(
        (await request(server).post(`/api/v1/inbox/${newest}/read`).set('Authorization', villager)).status,
      ).toBe(204)
      expect(await unread()).toBe(1)
      // The event is shared, but the secretary does not follow it: not theirs to mark.
      expect(
        (await request(server).post(`/api/v1/inbox/${newest}/read`).set('Authorization', secretary)).status,
      ).toBe(404)
      const all = InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox?limit=100').set('Authorization', villager)).body,
      )
      expect(all.entries.find((e) => e.id === newest)?.readAt).toEqual(expect.any(String))
      expect(
        (await request(server).post('/api/v1/inbox/read-all').set('Authorization', villager)).body,
      ).toEqual({ updated: 1 })
      expect(await unread()).toBe(0)
    })
  })
})
