import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  InboxPageDtoSchema,
  OutboxMetricsDtoSchema,
  OutboxMessageDtoSchema,
  SubscriptionsDtoSchema,
} from '@cunwu/domain'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import type { Services } from '../services'
import { demoRegionOf } from '../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

/**
 * The notifications feature across its routers: subscriptions (routes/subscriptions), the inbox (routes/inbox) and
 * the admins' outbox (routes/outbox), in one file because the flows span them.
 */
describe('notification routes', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  let villager: string
  let secretary: string
  let admin: string
  let villagerId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    villager = (await signIn(t.app, 'demo-villager')).auth
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    admin = (await signIn(t.app, 'demo-admin')).auth
    villagerId = (await request(server).get('/api/v1/me').set('Authorization', villager)).body.id
  })
  afterAll(async () => {
    await t.close()
  })

  describe('POST /api/v1/subscriptions', () => {
    it('should follow a category in the villager’s village and count one credit per accept', async () => {
      const body = (requestId: string) => ({
        category: 'social-assistance',
        results: { tmpl_disclosure_published: 'accept', tmpl_question_replied: 'reject' },
        requestId,
      })
      const first = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send(body('follow-0001'))
      expect(first.status).toBe(201)
      const again = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send(body('follow-0002'))
      const dto = SubscriptionsDtoSchema.parse(again.body)
      expect(dto.subscriptions).toEqual([
        expect.objectContaining({
          villageCode: V1,
          kind: 'category',
          targetId: 'social-assistance',
          targetName: '社会救助',
        }),
      ])
      expect(dto.credits).toEqual([{ templateId: 'tmpl_disclosure_published', credits: 2, unlimited: false }])
      expect(dto.templates.map((x) => x.templateId)).toContain('tmpl_request_progress')
    })

    it('should record a long-term accept as unlimited and a later reject as off', async () => {
      const on = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', secretary)
        .send({ results: { tmpl_request_progress: 'accept' } })
      expect(on.body.credits).toEqual([{ templateId: 'tmpl_request_progress', credits: 0, unlimited: true }])
      const off = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', secretary)
        .send({ results: { tmpl_request_progress: 'reject' } })
      expect(off.body.credits).toEqual([
        { templateId: 'tmpl_request_progress', credits: 0, unlimited: false },
      ])
    })

    it('should count a retried answer (same requestId) once', async () => {
      const body = (requestId: string) => ({ results: { tmpl_disclosure_published: 'accept' }, requestId })
      const credits = async (requestId: string) => {
        const res = await request(server)
          .post('/api/v1/subscriptions')
          .set('Authorization', secretary)
          .send(body(requestId))
        expect(res.status).toBe(201)
        return SubscriptionsDtoSchema.parse(res.body).credits.find(
          (c) => c.templateId === 'tmpl_disclosure_published',
        )?.credits
      }
      expect(await credits('answer-0001')).toBe(1)
      // The same answer sent again (the request wrapper retries after signing in anew): no second credit.
      expect(await credits('answer-0001')).toBe(1)
      expect(await credits('answer-0002')).toBe(2)
      // Two copies of a new answer at once: one credit.
      await Promise.all([credits('answer-0003'), credits('answer-0003')])
      expect(await credits('answer-0002')).toBe(3)
    })

    it('should count no credit for an answer without a requestId, and at most 20 per template', async () => {
      const post = (body: object) =>
        request(server).post('/api/v1/subscriptions').set('Authorization', admin).send(body)
      const creditsOf = (res: request.Response) =>
        SubscriptionsDtoSchema.parse(res.body).credits.find((c) => c.templateId === 'tmpl_question_replied')
      // The same claim twice without naming the answer: nothing to tell a repeat from a new accept, so no credit.
      for (let i = 0; i < 2; i += 1) {
        const res = await post({ results: { tmpl_question_replied: 'accept' } })
        expect(res.status).toBe(201)
        expect(creditsOf(res)).toBeUndefined()
      }
      // Answers with fresh ids add up to the cap, and no further.
      let last: request.Response | null = null
      for (let i = 0; i < 25; i += 1)
        last = await post({ results: { tmpl_question_replied: 'accept' }, requestId: `capped-${i}-answer` })
      expect(last && creditsOf(last)?.credits).toBe(20)
    })

    it('should refuse bad input with 400 and field messages', async () => {
      for (const body of [
        {},
        { results: {} },
        { results: { a: 'accept', b: 'accept', c: 'accept', d: 'accept' } },
        { results: { tmpl_disclosure_published: 'maybe' } },
        { category: 'social-assistance', itemId: 'x.y', results: { tmpl_disclosure_published: 'accept' } },
        { category: 'Not An Id', results: { tmpl_disclosure_published: 'accept' } },
        { results: { tmpl_disclosure_published: 'accept' }, extra: 1 },
        { results: { tmpl_disclosure_published: 'accept' }, requestId: 'short' },
        { results: { tmpl_disclosure_published: 'accept' }, requestId: '有中文的请求编号啊啊啊' },
      ]) {
        const res = await request(server)
          .post('/api/v1/subscriptions')
          .set('Authorization', villager)
          .send(body)
        expect(res.status, JSON.stringify(body)).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
    })

    it('should refuse unknown templates and categories with 422', async () => {
      const tmpl = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send({ results: { tmpl_nope: 'accept' } })
      expect([tmpl.status, tmpl.body.error.code]).toEqual([422, 'unknown_template'])
      const cat = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send({ category: 'no-such-domain', results: { tmpl_disclosure_published: 'accept' } })
      expect([cat.status, cat.body.error.code]).toEqual([422, 'unknown_category'])
    })

    it('should let only villagers of that village follow a category', async () => {
      const staff = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', secretary)
        .send({ category: 'social-assistance', results: { tmpl_disclosure_published: 'accept' } })
      expect([staff.status, staff.body.error.code]).toEqual([403, 'not_a_villager'])
      const foreign = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send({
          category: 'social-assistance',
          villageCode: V2,
          results: { tmpl_disclosure_published: 'accept' },
        })
      expect([foreign.status, foreign.body.error.code]).toEqual([403, 'not_a_villager'])
      expect((await request(server).post('/api/v1/subscriptions').send({ results: {} })).status).toBe(401)
    })
  })

  describe('DELETE /api/v1/subscriptions/:id', () => {
    it('should remove one’s own subscription and answer 404 for anyone else’s', async () => {
      const created = await request(server)
        .post('/api/v1/subscriptions')
        .set('Authorization', villager)
        .send({ itemId: 'social-assistance.dibao.policy', results: { tmpl_disclosure_published: 'filter' } })
      const item = SubscriptionsDtoSchema.parse(created.body).subscriptions.find((s) => s.kind === 'item')
      if (!item) throw new Error(`no item subscription: ${JSON.stringify(created.body)}`)
      const foreign = await request(server)
        .delete(`/api/v1/subscriptions/${item.id}`)
        .set('Authorization', secretary)
      expect(foreign.status).toBe(404)
      expect(
        (await request(server).delete(`/api/v1/subscriptions/${item.id}`).set('Authorization', villager))
          .status,
      ).toBe(204)
      expect(
        (await request(server).delete(`/api/v1/subscriptions/${item.id}`).set('Authorization', villager))
          .status,
      ).toBe(404)
      const bad = await request(server).delete('/api/v1/subscriptions/xyz').set('Authorization', villager)
      expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_error'])
    })
  })

  describe('GET /api/v1/inbox', () => {
    it('should page the user’s entries newest first, count unread and mark them read', async () => {
      for (let i = 1; i <= 5; i++) {
        await services.notifications.publishEvent({
          id: `disclosure.published:inbox${i}:v1`,
          type: 'disclosure.published',
          villageCode: V1,
          title: `公开事项${i}`,
          disclosureId: `${i}`.repeat(24),
          category: 'social-assistance',
          itemId: 'social-assistance.dibao.list',
        })
      }
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

  describe('GET /api/v1/admin/outbox', () => {
    it('should list delivery states in a region and sum them up in metrics', async () => {
      const sim = t.runtime.wechatSim
      const sender = t.runtime.outboxSender
      if (!sim || !sender) throw new Error('no simulator or sender')
      sim.control.upsertUser({ userKey: 'demo-villager' })
      sim.control.grantSubscription({ userKey: 'demo-villager', templateId: 'tmpl_disclosure_published' })
      const before = OutboxMetricsDtoSchema.parse(
        (
          await request(server)
            .get(`/api/v1/admin/outbox/metrics?regionCode=${V1}`)
            .set('Authorization', admin)
        ).body,
      )
      // The five events are recorded; their messages are written by the sender as it goes.
      expect(before).toMatchObject({ eventsExpanding: 5, oldestPendingAgeSeconds: null })
      expect(before.byStatus.pending).toBe(0)
      await sender.drain()
      const list = await request(server)
        .get(`/api/v1/admin/outbox?regionCode=${V1}`)
        .set('Authorization', admin)
      expect(list.status).toBe(200)
      const messages = list.body.messages.map((m: unknown) => OutboxMessageDtoSchema.parse(m))
      expect(messages).toHaveLength(5)
      expect(messages.every((m: { userId: string }) => m.userId === villagerId)).toBe(true)
      // Two local credits (two accepts) and one credit in the simulator: one sent, then WeChat said 43101,
      // then our count was zero.
      const sent = await request(server)
        .get(`/api/v1/admin/outbox?regionCode=${V1}&status=sent`)
        .set('Authorization', admin)
      expect(sent.body.messages).toHaveLength(1)
      expect(sent.body.messages[0].msgid).toMatch(/^\d+$/)
      const metrics = OutboxMetricsDtoSchema.parse(
        (
          await request(server)
            .get(`/api/v1/admin/outbox/metrics?regionCode=${V1}`)
            .set('Authorization', admin)
        ).body,
      )
      expect(metrics).toEqual({
        byStatus: {
          pending: 0,
          sent: 1,
          skipped_no_credit: 4,
          skipped_withdrawn: 0,
          failed: 0,
          ambiguous: 0,
        },
        oldestPendingAgeSeconds: null,
        eventsExpanding: 0,
      })
      const skipped = await request(server)
        .get(`/api/v1/admin/outbox?regionCode=${V1}&status=skipped_no_credit`)
        .set('Authorization', admin)
      expect(skipped.body.messages.map((m: { errcode: number | null }) => m.errcode).sort()).toEqual([
        43101,
        null,
        null,
        null,
      ])
    })

    it('should refuse bad filters and non-admins', async () => {
      for (const q of ['', 'regionCode=12', `regionCode=${V1}&status=lost`, `regionCode=${V1}&limit=0`]) {
        const res = await request(server).get(`/api/v1/admin/outbox?${q}`).set('Authorization', admin)
        expect([res.status, res.body.error.code], q).toEqual([400, 'validation_error'])
      }
      const res = await request(server)
        .get(`/api/v1/admin/outbox/metrics?regionCode=${V1}`)
        .set('Authorization', secretary)
      expect(res.status).toBe(403)
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
