import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OutboxMetricsDtoSchema, OutboxMessageDtoSchema } from '@cunwu/domain'
import { demoRegionOf } from '../testing/demo'
import {
  followSocialAssistance,
  publishFiveDisclosures,
  startNotificationsApp,
} from '../testing/notifications-app'
import type { NotificationsApp } from '../testing/notifications-app'

const V1 = demoRegionOf('demo-secretary')

/**
 * The notifications feature, the admins' outbox (routes/outbox): the messages of a region's events, their delivery
 * states and the metrics. The villager follows 社会救助 with two local credits and five publications are recorded
 * first, as the subscription and inbox flows leave them.
 */
describe('notification routes: outbox', () => {
  let app: NotificationsApp
  let t: NotificationsApp['t']
  let server: NotificationsApp['server']
  let secretary: string
  let admin: string
  let villagerId: string
  let villagerName: string

  beforeAll(async () => {
    app = await startNotificationsApp()
    ;({ t, server, secretary, admin, villagerId, villagerName } = app)
    await followSocialAssistance(app, ['follow-0001', 'follow-0002'])
    await publishFiveDisclosures(app, V1)
  })
  afterAll(async () => {
    await app.t.close()
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
      // What each message announced and to whom, in words an admin reads.
      expect(messages.map((m: { title: string | null }) => m.title).sort()).toEqual(
        [1, 2, 3, 4, 5].map((i) => `新的村务公开：公开事项${i}`),
      )
      expect(new Set(messages.map((m: { recipient: string }) => m.recipient))).toEqual(
        new Set([villagerName]),
      )
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
})
