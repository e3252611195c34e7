import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SubscriptionsDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../testing/demo'
import { startNotificationsApp } from '../testing/notifications-app'
import type { NotificationsApp } from '../testing/notifications-app'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

/**
 * The notifications feature, subscriptions (routes/subscriptions): following a category or an item and the send
 * credits each answer to wx.requestSubscribeMessage adds. The inbox and the admins' outbox are tested beside it
 * (notifications-inbox.test.ts, notifications-outbox.test.ts).
 */
describe('notification routes: subscriptions', () => {
  let app: NotificationsApp
  let server: NotificationsApp['server']
  let villager: string
  let secretary: string
  let admin: string

  beforeAll(async () => {
    app = await startNotificationsApp()
    ;({ server, villager, secretary, admin } = app)
  })
  afterAll(async () => {
    await app.t.close()
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
})
