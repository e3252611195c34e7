import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OutboxMessageDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')

/**
 * The audit and outbox views never tell who filed an information request or asked a question
 * (docs/info-requests.md, docs/questions.md); the stored audit trail keeps the actor.
 */
describe('GET /admin/audit and /admin/outbox: requesters and askers stay unnamed', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  let villagerId = ''
  let villagerName = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-villager', 'demo-secretary', 'demo-township', 'demo-county', 'demo-admin']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
    const me = (await request(server).get('/api/v1/me').set('Authorization', as('demo-villager'))).body
    villagerId = me.id
    villagerName = me.displayName
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const post = (path: string, who: string, body: object = {}) =>
    request(server).post(`/api/v1${path}`).set('Authorization', as(who)).send(body)

  it('should show 申请人/提问人 instead of the user id, to the county and the admin alike', async () => {
    const filed = await post('/info-requests', 'demo-villager', {
      regionCode: TOWNSHIP,
      description: '本镇2025年低保资金发放明细',
      form: 'electronic',
      requester: {
        name: '王建国',
        idType: 'resident_id',
        idNumber: '110101199003074514',
        contact: '13800138000',
      },
    })
    expect(filed.status).toBe(201)
    const requestId = String(filed.body.id)
    expect(
      (
        await post(`/info-requests/${requestId}/correction-notice`, 'demo-township', {
          missing: ['时间范围'],
        })
      ).status,
    ).toBe(200)
    expect(
      (await post(`/info-requests/${requestId}/correct`, 'demo-villager', { description: '2025年全年' }))
        .status,
    ).toBe(200)

    const draft = await post(`/villages/${V1}/disclosures`, 'demo-secretary', {
      catalogItemId: dibaoItem().id,
      period: '2026-05',
      title: '2026-05 低保对象名单公示',
      body: '现予公示。',
      rows: buildDibaoRows(V1),
    })
    expect(draft.status).toBe(201)
    const disclosureId = String(draft.body.id)
    expect((await post(`/disclosures/${disclosureId}/submit`, 'demo-secretary')).status).toBe(200)
    expect(
      (
        await post(`/disclosures/${disclosureId}/review`, 'demo-township', {
          decision: 'approve',
          revision: await seenRevision(server, disclosureId, as('demo-township')),
        })
      ).status,
    ).toBe(200)
    const asked = await post(`/disclosures/${disclosureId}/questions`, 'demo-villager', {
      kind: 'objection',
      text: '第1行的金额是不是写错了？',
      rowRef: 1,
    })
    expect(asked.status).toBe(201)
    const questionId = String(asked.body.id)
    expect(
      (
        await post(`/questions/${questionId}/reply`, 'demo-secretary', {
          outcome: 'answered',
          text: '已核实无误',
        })
      ).status,
    ).toBe(200)

    // The stored trail is complete: the system still knows who acted.
    const stored = await t.services?.models.AuditEvent.find({
      targetId: { $in: [requestId, questionId] },
    }).lean()
    const storedActions = (stored ?? [])
      .filter((e) => e.actorId?.toHexString() === villagerId)
      .map((e) => e.action)
    expect(storedActions.sort()).toEqual(['info_request.corrected', 'info_request.register', 'question.ask'])

    for (const who of ['demo-county', 'demo-admin']) {
      const res = await request(server)
        .get(`/api/v1/admin/audit?regionCode=${COUNTY}&limit=500`)
        .set('Authorization', as(who))
      expect(res.status).toBe(200)
      const events = res.body.events as {
        action: string
        actorId: string | null
        actorLabel: string | null
        targetId: string
        requestId: string | null
      }[]
      const of = (action: string, target: string) =>
        events.find((e) => e.action === action && e.targetId === target)
      expect(of('info_request.register', requestId)).toMatchObject({
        actorId: null,
        actorLabel: '申请人',
        requestId: null,
      })
      expect(of('info_request.corrected', requestId)).toMatchObject({ actorId: null, actorLabel: '申请人' })
      expect(of('question.ask', questionId)).toMatchObject({
        actorId: null,
        actorLabel: '提问人',
        requestId: null,
      })
      // Staff steps keep their actor.
      expect(of('info_request.correction_notice', requestId)?.actorId).toMatch(/^[0-9a-f]{24}$/)
      expect(of('question.answered', questionId)?.actorId).toMatch(/^[0-9a-f]{24}$/)
      expect(JSON.stringify(res.body)).not.toContain(villagerId)
    }

    // The outbox names the recipient of a request's progress or a question's answer by their part only.
    await t.runtime.outboxSender?.drain()
    for (const region of [TOWNSHIP, V1]) {
      const res = await request(server)
        .get(`/api/v1/admin/outbox?regionCode=${region}&limit=500`)
        .set('Authorization', as('demo-admin'))
      expect(res.status).toBe(200)
      const messages = (res.body.messages as unknown[]).map((m) => OutboxMessageDtoSchema.parse(m))
      const kind = region === TOWNSHIP ? 'info_request.progress' : 'question.answered'
      const private_ = messages.filter((m) => m.eventType === kind)
      expect(private_.length).toBeGreaterThan(0)
      expect(private_.every((m) => m.userId === null)).toBe(true)
      // Named by their part in plain words, with what the message was about, never by their name.
      expect(new Set(private_.map((m) => m.recipient))).toEqual(
        new Set([kind === 'info_request.progress' ? '申请人' : '提问人']),
      )
      expect(private_.every((m) => typeof m.title === 'string' && m.title.length > 0)).toBe(true)
      expect(JSON.stringify(res.body)).not.toContain(villagerId)
      expect(JSON.stringify(res.body)).not.toContain(villagerName)
    }
  })
})
