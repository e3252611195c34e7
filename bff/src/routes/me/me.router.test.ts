import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CorrectionDtoSchema,
  CorrectionListDtoSchema,
  DEFAULT_PRIVACY_CONTACT,
  InboxPageDtoSchema,
  MeDtoSchema,
  MyDataDtoSchema,
  PRIVACY_POLICY_VERSION,
  PrivacyPolicyDtoSchema,
  PrivacyStatusDtoSchema,
} from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { MAX_OPEN_CORRECTIONS } from '../../services/privacy.service'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

describe('privacy and personal data routes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
  })
  afterAll(async () => {
    await t.close()
  })

  describe('GET /api/v1/privacy-policy', () => {
    it('should serve the current policy in Chinese with the default contact, without signing in', async () => {
      const res = await request(server).get('/api/v1/privacy-policy')
      expect(res.status).toBe(200)
      const policy = PrivacyPolicyDtoSchema.parse(res.body)
      expect(policy.version).toBe(PRIVACY_POLICY_VERSION)
      expect(policy.contact).toBe(DEFAULT_PRIVACY_CONTACT)
      const headings = policy.sections.map((s) => s.heading)
      for (const h of [
        '我们收集哪些信息',
        '为什么收集，依据是什么',
        '保存多久',
        '谁能看到',
        '您可以做什么',
        '有问题找谁',
      ]) {
        expect(headings).toContain(h)
      }
      // Villagers read it: no English words, codes or links.
      expect(policy.sections.flatMap((s) => [s.heading, ...s.paragraphs]).join('\n')).not.toMatch(
        /[A-Za-z]{2,}|:\/\//,
      )
    })
  })

  describe('GET /api/v1/me/privacy and POST /api/v1/me/privacy-consents', () => {
    it('should answer no token with 401 unauthorized', async () => {
      expect((await request(server).get('/api/v1/me/privacy')).status).toBe(401)
      const res = await request(server)
        .post('/api/v1/me/privacy-consents')
        .send({ version: PRIVACY_POLICY_VERSION })
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
    })

    it('should ask at first sign-in, record the acceptance once, and not ask again', async () => {
      const { auth } = await signIn(t.app, 'privacy-first-timer')
      const first = PrivacyStatusDtoSchema.parse(
        (await request(server).get('/api/v1/me/privacy').set('Authorization', auth)).body,
      )
      expect(first).toEqual({
        currentVersion: PRIVACY_POLICY_VERSION,
        acceptedVersion: null,
        acceptedAt: null,
        needsAcceptance: true,
      })
      // The profile the app loads after sign-in says the same.
      const me = MeDtoSchema.parse((await request(server).get('/api/v1/me').set('Authorization', auth)).body)
      expect(me.privacy?.needsAcceptance).toBe(true)

      const accepted = await request(server)
        .post('/api/v1/me/privacy-consents')
        .set('Authorization', auth)
        .send({ version: PRIVACY_POLICY_VERSION })
      expect(accepted.status).toBe(200)
      const status = PrivacyStatusDtoSchema.parse(accepted.body)
      expect(status.needsAcceptance).toBe(false)
      expect(status.acceptedVersion).toBe(PRIVACY_POLICY_VERSION)
      expect(Date.parse(status.acceptedAt ?? '')).toBeGreaterThan(Date.now() - 60_000)

      // Accepting again (a double tap) keeps the first record.
      const again = await request(server)
        .post('/api/v1/me/privacy-consents')
        .set('Authorization', auth)
        .send({ version: PRIVACY_POLICY_VERSION })
      expect(again.body.acceptedAt).toBe(status.acceptedAt)
      const later = await request(server).get('/api/v1/me/privacy').set('Authorization', auth)
      expect(later.body.needsAcceptance).toBe(false)
      const meLater = MeDtoSchema.parse(
        (await request(server).get('/api/v1/me').set('Authorization', auth)).body,
      )
      expect(meLater.privacy).toMatchObject({
        needsAcceptance: false,
        acceptedVersion: PRIVACY_POLICY_VERSION,
      })
      const data = MyDataDtoSchema.parse(
        (await request(server).get('/api/v1/me/data').set('Authorization', auth)).body,
      )
      expect(data.privacyConsents).toEqual([
        { policyVersion: PRIVACY_POLICY_VERSION, acceptedAt: status.acceptedAt },
      ])
    })

    it('should ask again when the version changed, keeping the earlier acceptance as history', async () => {
      const { auth } = await signIn(t.app, 'privacy-returning')
      const me = await request(server).get('/api/v1/me').set('Authorization', auth)
      const earlier = new Date('2025-01-02T03:04:05.000Z')
      await t.services?.models.User.updateOne(
        { _id: me.body.id },
        { $set: { privacyConsents: [{ policyVersion: '2025.1', acceptedAt: earlier }] } },
      )
      const status = (await request(server).get('/api/v1/me/privacy').set('Authorization', auth)).body
      expect(status).toMatchObject({ acceptedVersion: '2025.1', needsAcceptance: true })
      await request(server)
        .post('/api/v1/me/privacy-consents')
        .set('Authorization', auth)
        .send({ version: PRIVACY_POLICY_VERSION })
      const data = MyDataDtoSchema.parse(
        (await request(server).get('/api/v1/me/data').set('Authorization', auth)).body,
      )
      expect(data.privacyConsents.map((c) => c.policyVersion)).toEqual(['2025.1', PRIVACY_POLICY_VERSION])
      expect(data.privacyConsents[0]?.acceptedAt).toBe(earlier.toISOString())
    })

    it('should refuse a version other than the current one with 409 privacy_policy_outdated', async () => {
      const { auth } = await signIn(t.app, 'privacy-stale-page')
      const res = await request(server)
        .post('/api/v1/me/privacy-consents')
        .set('Authorization', auth)
        .send({ version: '2000.1' })
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('privacy_policy_outdated')
      expect(
        (await request(server).get('/api/v1/me/privacy').set('Authorization', auth)).body.needsAcceptance,
      ).toBe(true)
    })

    it('should reject a missing or oversized version with 400 validation_error', async () => {
      const { auth } = await signIn(t.app, 'privacy-bad-input')
      for (const body of [{}, { version: '' }, { version: 'x'.repeat(33) }, { version: 7 }]) {
        const res = await request(server)
          .post('/api/v1/me/privacy-consents')
          .set('Authorization', auth)
          .send(body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
    })
  })

  describe('GET /api/v1/me/data', () => {
    it('should answer no token with 401 unauthorized', async () => {
      expect((await request(server).get('/api/v1/me/data')).status).toBe(401)
    })

    it('should return the profile, membership and roles, without the full WeChat identifier', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server).get('/api/v1/me/data').set('Authorization', auth)
      expect(res.status).toBe(200)
      expect(res.headers['content-disposition']).toBeUndefined()
      const data = MyDataDtoSchema.parse(res.body)
      expect(data.roles).toEqual([expect.objectContaining({ role: 'villager', regionCode: V1 })])
      expect(data.memberships).toEqual([expect.objectContaining({ villageCode: V1, status: 'approved' })])
      expect(data.sessions.length).toBeGreaterThan(0)
      const user = await t.services?.models.User.findById(data.account.id).lean()
      expect(user?.openid.length).toBeGreaterThan(8)
      expect(JSON.stringify(res.body)).not.toContain(user?.openid)
      expect(JSON.stringify(res.body)).not.toMatch(/sessionKey|refreshHash|session_key/)
    })

    it('should send the same data as a file with ?download=1', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server).get('/api/v1/me/data?download=1').set('Authorization', auth)
      expect(res.status).toBe(200)
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/,
      )
      expect(MyDataDtoSchema.parse(res.body).memberships).toHaveLength(1)
    })

    it("should date the file in China's time zone, not UTC's", async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      // The last 17:30 UTC before now, which is 01:30 of the next day in Shanghai.
      const halfPastFive = 17.5 * 3_600_000
      const at = Math.floor((Date.now() - halfPastFive) / 86_400_000) * 86_400_000 + halfPastFive
      const chinaDay = new Date(at + 86_400_000).toISOString().slice(0, 10)
      vi.useFakeTimers({ toFake: ['Date'], now: at })
      try {
        const res = await request(server).get('/api/v1/me/data?download=1').set('Authorization', auth)
        expect(res.headers['content-disposition']).toBe(`attachment; filename="my-data-${chinaDay}.json"`)
      } finally {
        vi.useRealTimers()
      }
    })

    it('should reject an unknown download value with 400 validation_error', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server).get('/api/v1/me/data?download=yes').set('Authorization', auth)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    })
  })

  describe('POST /api/v1/me/data/corrections', () => {
    const good = {
      villageCode: V1,
      kind: 'correct',
      target: '低保名单里的户号',
      text: '户号应为 0012，不是 0021',
    }

    it('should answer no token with 401 unauthorized', async () => {
      expect((await request(server).post('/api/v1/me/data/corrections').send(good)).status).toBe(401)
    })

    it('should reject bad input with 400 validation_error', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      for (const body of [
        {},
        { ...good, villageCode: '123' },
        { ...good, kind: 'rewrite' },
        { ...good, target: '   ' },
        { ...good, text: '改' },
        { ...good, text: '长'.repeat(501) },
      ]) {
        const res = await request(server)
          .post('/api/v1/me/data/corrections')
          .set('Authorization', auth)
          .send(body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
    })

    it('should refuse a village the person does not belong to with 403', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server)
        .post('/api/v1/me/data/corrections')
        .set('Authorization', auth)
        .send({ ...good, villageCode: V2 })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    })

    it("should record the request and put it in the village secretary's inbox and list", async () => {
      const villager = await signIn(t.app, 'demo-villager')
      const res = await request(server)
        .post('/api/v1/me/data/corrections')
        .set('Authorization', villager.auth)
        .send(good)
      expect(res.status).toBe(201)
      const created = CorrectionDtoSchema.parse(res.body)
      expect(created).toMatchObject({ villageCode: V1, kind: 'correct', status: 'open', text: good.text })

      const secretary = await signIn(t.app, 'demo-secretary')
      const inbox = InboxPageDtoSchema.parse(
        (await request(server).get('/api/v1/inbox').set('Authorization', secretary.auth)).body,
      )
      const entry = inbox.entries.find((e) => e.eventType === 'correction.requested')
      expect(entry?.title).toBe(`村民申请更正信息：${created.name}`)
      expect(entry?.link.page).toBe('pages/privacy/corrections/index')
      expect(entry?.link.query).toEqual({ village: V1 })

      const list = CorrectionListDtoSchema.parse(
        (await request(server).get(`/api/v1/villages/${V1}/corrections`).set('Authorization', secretary.auth))
          .body,
      )
      expect(list.corrections.map((c) => c.id)).toContain(created.id)
      // The other village's secretary sees nothing of it.
      const other = await signIn(t.app, 'demo-secretary-2')
      expect(
        (await request(server).get(`/api/v1/villages/${V1}/corrections`).set('Authorization', other.auth))
          .status,
      ).toBe(403)
      // The person's own export lists it.
      const data = MyDataDtoSchema.parse(
        (await request(server).get('/api/v1/me/data').set('Authorization', villager.auth)).body,
      )
      expect(data.corrections.map((c) => c.id)).toContain(created.id)
    })

    it('should refuse more open requests than the limit with 429 too_many_corrections', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const open = await t.services?.models.CorrectionRequest.countDocuments({ status: 'open' })
      for (let i = open ?? 0; i < MAX_OPEN_CORRECTIONS; i++) {
        const res = await request(server)
          .post('/api/v1/me/data/corrections')
          .set('Authorization', auth)
          .send({ ...good, text: `第 ${i} 条` })
        expect(res.status).toBe(201)
      }
      // Not the same text as the request filed a moment ago, which would be answered with that one again.
      const res = await request(server)
        .post('/api/v1/me/data/corrections')
        .set('Authorization', auth)
        .send({ ...good, text: '第 11 条' })
      expect(res.status).toBe(429)
      expect(res.body.error.code).toBe('too_many_corrections')
    })
  })

  describe('POST /api/v1/corrections/:id/done', () => {
    it('should let the village secretary mark a request handled, and no one else', async () => {
      const villager = await signIn(t.app, 'demo-villager')
      await t.services?.models.CorrectionRequest.deleteMany({})
      const created = CorrectionDtoSchema.parse(
        (
          await request(server)
            .post('/api/v1/me/data/corrections')
            .set('Authorization', villager.auth)
            .send({ villageCode: V1, kind: 'delete', target: '缴费记录', text: '这笔不是我家的' })
        ).body,
      )
      const url = `/api/v1/corrections/${created.id}/done`
      expect((await request(server).post(url)).status).toBe(401)
      expect((await request(server).post(url).set('Authorization', villager.auth)).status).toBe(403)
      // Another village's request is not confirmed to exist (middlewares/auth.ts).
      const other = await signIn(t.app, 'demo-secretary-2')
      expect((await request(server).post(url).set('Authorization', other.auth)).status).toBe(404)
      const secretary = await signIn(t.app, 'demo-secretary')
      const done = await request(server).post(url).set('Authorization', secretary.auth)
      expect(done.status).toBe(200)
      expect(CorrectionDtoSchema.parse(done.body).status).toBe('done')
      const data = MyDataDtoSchema.parse(
        (await request(server).get('/api/v1/me/data').set('Authorization', villager.auth)).body,
      )
      expect(data.corrections.find((c) => c.id === created.id)?.status).toBe('done')
    })

    it('should answer a malformed id with 400 and an unknown one with 404', async () => {
      const secretary = await signIn(t.app, 'demo-secretary')
      expect(
        (await request(server).post('/api/v1/corrections/nope/done').set('Authorization', secretary.auth))
          .status,
      ).toBe(400)
      const unknown = await request(server)
        .post(`/api/v1/corrections/${'a'.repeat(24)}/done`)
        .set('Authorization', secretary.auth)
      expect(unknown.status).toBe(404)
    })
  })

  describe('GET /api/v1/villages/:code/corrections', () => {
    it('should refuse a villager with 403 and a bad code with 400', async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      expect(
        (await request(server).get(`/api/v1/villages/${V1}/corrections`).set('Authorization', auth)).status,
      ).toBe(403)
      const secretary = await signIn(t.app, 'demo-secretary')
      const bad = await request(server)
        .get('/api/v1/villages/abc/corrections')
        .set('Authorization', secretary.auth)
      expect(bad.status).toBe(400)
    })
  })
})
