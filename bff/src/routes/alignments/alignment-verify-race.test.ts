import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { subsidyRows } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishGovernmentItem, submitAndApprove } from '../../testing/publish'

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const PERIOD = '2026'
const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
const ROUNDS = 10

/**
 * Two officers acting on one alignment they both loaded (outside tester 2, M2): the request carries the revision the
 * officer saw, the write is conditional on it, so exactly one is saved, audited and told to the village; the other
 * gets 409 alignment_stale. A request without the revision (a mini-program from before it was sent) is refused.
 */
describe('two officers verifying one alignment at once', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''
  let alignmentId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary'])
      auth.set(key, (await signIn(t.app, key)).auth)
    await publishGovernmentItem(server, as('demo-county'), COUNTY, {
      catalogItemId: ITEM,
      period: PERIOD,
      title: '2026年耕地地力保护补贴发放名册',
      rows: subsidyRows(V1).map((r) => ({ ...r, village: V1 })),
    })
    const draft = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures/prefill`)
      .set('Authorization', as('demo-secretary'))
      .send({ catalogItemId: ITEM, period: PERIOD })
    expect(draft.status).toBe(201)
    const wrong = subsidyRows(V1).map((r, i) => (i === 0 ? { ...r, amount: 51_000 } : r))
    await request(server)
      .patch(`/api/v1/disclosures/${draft.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: wrong })
      .expect(200)
    await submitAndApprove(server, draft.body.id, {
      secretary: as('demo-secretary'),
      reviewer: as('demo-township'),
    })
    const lines = await request(server)
      .get(`/api/v1/regions/${V1}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-township'))
    alignmentId = lines.body.rows.find((r: { catalogItemId: string }) => r.catalogItemId === ITEM).alignmentId
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const load = async (who: string) => {
    const res = await request(server).get(`/api/v1/alignments/${alignmentId}`).set('Authorization', as(who))
    expect(res.status).toBe(200)
    return res.body as { fingerprint: string; revision: number; disclosure: { version: number } }
  }
  const verify = (who: string, body: object) =>
    request(server).post(`/api/v1/alignments/${alignmentId}/verify`).set('Authorization', as(who)).send(body)
  const seenBy = (a: Awaited<ReturnType<typeof load>>) => ({
    fingerprint: a.fingerprint,
    disclosureVersion: a.disclosure.version,
    governmentVersion: 1,
    revision: a.revision,
  })

  it('should save exactly one of two actions sent at once, and audit and tell only that one', async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    const notices = async () => {
      const keys = new Set<string>()
      const prefix = new RegExp(`^alignment\\.correction:${alignmentId}:`)
      for (const e of await models.InboxEntry.find({ eventId: prefix }).lean()) keys.add(e.eventId)
      for (const e of await models.NotificationEvent.find({ key: prefix }).lean()) keys.add(e.key)
      return keys.size
    }
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all([load('demo-township'), load('demo-county')])
      expect(a.revision).toBe(b.revision)
      const audits = await models.AuditEvent.countDocuments({ targetId: alignmentId, action: /^alignment\./ })
      const told = await notices()
      const [resolved, asked] = await Promise.all([
        verify('demo-township', { action: 'resolve', reason: '县里名单晚改，已核实', ...seenBy(a) }),
        verify('demo-county', {
          action: 'request_correction',
          comment: '请村里更正第一户金额',
          ...seenBy(b),
        }),
      ])
      expect([resolved.status, asked.status].sort(), JSON.stringify([resolved.body, asked.body])).toEqual([
        200, 409,
      ])
      const lost = resolved.status === 409 ? resolved : asked
      expect(lost.body.error.code).toBe('alignment_stale')
      const stored = await models.Alignment.findById(alignmentId).lean()
      expect(stored?.revision).toBe(a.revision + 1)
      if (resolved.status === 200) {
        expect(stored?.verification?.action).toBe('resolved')
        expect(await notices()).toBe(told)
      } else {
        expect(stored?.correction?.text).toContain('更正第一户金额')
        expect(stored?.verification).toBeNull()
        expect(await notices()).toBe(told + 1)
      }
      expect(await models.AuditEvent.countDocuments({ targetId: alignmentId, action: /^alignment\./ })).toBe(
        audits + 1,
      )
    }
  }, 240_000)

  it('should refuse a request without the revision it saw, in words that say to open the page again', async () => {
    const a = await load('demo-township')
    const { revision: _omitted, ...old } = seenBy(a)
    const res = await verify('demo-township', { action: 'resolve', reason: '县里名单晚改', ...old })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_error')
    expect(res.body.error.details['body.revision']).toContain('重新打开')
    expect((await load('demo-township')).revision).toBe(a.revision)
  })
})
