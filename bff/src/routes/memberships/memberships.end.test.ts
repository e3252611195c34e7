import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { InboxPageDtoSchema, MeDtoSchema, MembershipDtoSchema, SubscriptionsDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import type { Services } from '../../services'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)

function household(index: number) {
  const h = roster[index]
  if (!h) throw new Error(`no household ${index}`)
  return h
}

describe('ending a membership', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let publishSeq = 0

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  /** Signs a new person in and makes them an approved villager of V1 (applied, approved by the secretary). */
  async function buildVillager(userKey: string, rosterIndex: number) {
    const h = household(rosterIndex)
    const auth = (await signIn(t.app, userKey)).auth
    const applied = await request(server)
      .post(`/api/v1/villages/${V1}/memberships`)
      .set('Authorization', auth)
      .send({ name: h.headName, householdNo: h.householdNo })
    expect(applied.status).toBe(201)
    const approved = await request(server)
      .post(`/api/v1/memberships/${applied.body.id}/approve`)
      .set('Authorization', secretary)
    expect(approved.status).toBe(200)
    const me = MeDtoSchema.parse((await request(server).get('/api/v1/me').set('Authorization', auth)).body)
    return { auth, userId: me.id, membershipId: String(applied.body.id), household: h }
  }

  const me = async (auth: string) =>
    MeDtoSchema.parse((await request(server).get('/api/v1/me').set('Authorization', auth)).body)

  const follow = (auth: string, category: string) =>
    request(server)
      .post('/api/v1/subscriptions')
      .set('Authorization', auth)
      .send({ category, results: { tmpl_disclosure_published: 'accept' } })

  async function publishToFollowers(category: string, itemId: string): Promise<string> {
    publishSeq += 1
    const title = `移出测试公开${publishSeq}`
    await services.notifications.publishEvent({
      id: `disclosure.published:end-test${publishSeq}:v1`,
      type: 'disclosure.published',
      villageCode: V1,
      title,
      disclosureId: `${publishSeq}`.padStart(24, 'e'),
      category,
      itemId,
    })
    return title
  }

  const inboxTitles = async (auth: string) =>
    InboxPageDtoSchema.parse(
      (await request(server).get('/api/v1/inbox?limit=100').set('Authorization', auth)).body,
    )
      .entries.map((e) => e.title)
      .filter((x) => x.includes('移出测试公开'))

  const endAudits = (membershipId: string) =>
    services.models.AuditEvent.find({
      targetType: 'membership',
      targetId: membershipId,
      action: 'membership.end',
    }).lean()

  describe('POST /api/v1/memberships/:id/end', () => {
    it('should take away the villager role, subscriptions and proxy rights in the village, keeping the inbox', async () => {
      const v = await buildVillager('end-villager-1', 5)
      expect((await follow(v.auth, 'social-assistance')).status).toBe(201)
      const proxy = await request(server)
        .post(`/api/v1/villages/${V1}/proxies`)
        .set('Authorization', secretary)
        .send({ userId: v.userId, householdNo: household(6).householdNo, forName: household(6).headName })
      expect(proxy.status).toBe(204)
      const switched = await request(server)
        .post('/api/v1/me/active-role')
        .set('Authorization', v.auth)
        .send({ role: 'villager', regionCode: V1 })
      expect(switched.status).toBe(200)
      const told = await publishToFollowers('social-assistance', 'social-assistance.dibao.list')
      expect(await inboxTitles(v.auth)).toEqual([`新的村务公开：${told}`])
      const catalog = () => request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', v.auth)
      expect((await catalog()).status).toBe(200)

      const ended = await request(server)
        .post(`/api/v1/memberships/${v.membershipId}/end`)
        .set('Authorization', secretary)
        .send({ kind: 'moved_out', reason: '户口迁出' })
      expect(ended.status).toBe(200)
      expect(MembershipDtoSchema.parse(ended.body)).toMatchObject({
        status: 'ended',
        reason: '户口迁出',
        endedBy: 'secretary',
        endedAt: expect.any(String),
      })

      const after = await me(v.auth)
      expect(after.roles.filter((r) => r.regionCode === V1)).toEqual([])
      expect(after.activeRole).toBeNull()
      expect(after.proxies).toEqual([])
      expect(after.memberships).toEqual([expect.objectContaining({ id: v.membershipId, status: 'ended' })])
      const subs = SubscriptionsDtoSchema.parse(
        (await request(server).get('/api/v1/subscriptions').set('Authorization', v.auth)).body,
      )
      expect(subs.subscriptions.filter((s) => s.villageCode === V1)).toEqual([])

      // Told after the end: not in their inbox; what they were told before stays.
      await publishToFollowers('social-assistance', 'social-assistance.dibao.list')
      expect(await inboxTitles(v.auth)).toEqual([`新的村务公开：${told}`])

      // Members-only views and following in the village are closed to them.
      const closed = await catalog()
      expect([closed.status, closed.body.error.code]).toEqual([403, 'forbidden'])
      const again = await follow(v.auth, 'social-assistance')
      expect([again.status, again.body.error.code]).toEqual([403, 'not_a_villager'])

      const audits = await endAudits(v.membershipId)
      expect(audits).toHaveLength(1)
      expect(audits[0]?.data).toMatchObject({ by: 'secretary', reason: '户口迁出' })
      expect(audits[0]?.regionCode).toBe(V1)
      // The kind is kept as chosen (the cross-village checks read it, not the words).
      const stored = await t.services?.models.Membership.findById(v.membershipId).lean()
      expect(stored?.endKind).toBe('moved_out')
    })

    it('should answer 409 membership_not_active for an ended membership or an application', async () => {
      const v = await buildVillager('end-villager-2', 7)
      const end = () =>
        request(server)
          .post(`/api/v1/memberships/${v.membershipId}/end`)
          .set('Authorization', secretary)
          .send({ kind: 'wrong_approval', reason: '误批' })
      expect((await end()).status).toBe(200)
      const twice = await end()
      expect([twice.status, twice.body.error.code]).toEqual([409, 'membership_not_active'])
      expect(await endAudits(v.membershipId)).toHaveLength(1)

      const applicant = (await signIn(t.app, 'end-applicant')).auth
      const applied = await request(server)
        .post(`/api/v1/villages/${V1}/memberships`)
        .set('Authorization', applicant)
        .send({ name: household(8).headName, householdNo: household(8).householdNo })
      const pending = await request(server)
        .post(`/api/v1/memberships/${applied.body.id}/end`)
        .set('Authorization', secretary)
        .send({ kind: 'wrong_approval', reason: '误批' })
      expect([pending.status, pending.body.error.code]).toEqual([409, 'membership_not_active'])
    })

    it('should refuse bad input, other villages and unknown memberships', async () => {
      const v = await buildVillager('end-villager-3', 9)
      const end = (id: string, auth: string, body: object) =>
        request(server).post(`/api/v1/memberships/${id}/end`).set('Authorization', auth).send(body)
      for (const [id, body] of [
        ['not-an-id', { kind: 'moved_out', reason: '户口迁出' }],
        [v.membershipId, {}],
        [v.membershipId, { reason: '户口迁出' }],
        [v.membershipId, { kind: 'emigrated', reason: '户口迁出' }],
        [v.membershipId, { kind: 'other', reason: '' }],
        [v.membershipId, { kind: 'other', reason: ' 走 ' }],
        [v.membershipId, { kind: 'other', reason: '很'.repeat(201) }],
      ] as const) {
        const res = await end(id, secretary, body)
        expect([res.status, res.body.error.code], JSON.stringify({ id, body })).toEqual([
          400,
          'validation_error',
        ])
      }
      const foreign = await end(v.membershipId, (await signIn(t.app, 'demo-secretary-2')).auth, {
        kind: 'moved_out',
        reason: '户口迁出',
      })
      // Another village's membership: not confirmed to exist (middlewares/auth.ts).
      expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found'])
      const villager = await end(v.membershipId, (await signIn(t.app, 'demo-villager')).auth, {
        kind: 'moved_out',
        reason: '户口迁出',
      })
      expect(villager.status).toBe(403)
      const missing = await end('65f0000000000000000000ff', secretary, {
        kind: 'moved_out',
        reason: '户口迁出',
      })
      expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found'])
      expect(
        (
          await request(server)
            .post(`/api/v1/memberships/${v.membershipId}/end`)
            .send({ kind: 'moved_out', reason: '户口迁出' })
        ).status,
      ).toBe(401)
      // Nothing of the above changed the membership.
      expect((await me(v.auth)).memberships[0]?.status).toBe('approved')
    })

    it('should complete a half-done ending when the secretary tries again', async () => {
      const v = await buildVillager('end-villager-4', 10)
      expect((await follow(v.auth, 'elderly-care')).status).toBe(201)
      const spy = vi
        .spyOn(services.subscriptions, 'endInVillage')
        .mockRejectedValueOnce(new Error('lost connection'))
      const end = () =>
        request(server)
          .post(`/api/v1/memberships/${v.membershipId}/end`)
          .set('Authorization', secretary)
          .send({ kind: 'died', reason: '去世' })
      try {
        const failed = await end()
        expect(failed.status).toBe(500)
        // Half done: ended and no longer a villager, but still following and not yet audited.
        expect((await me(v.auth)).roles).toEqual([])
        const still = await services.models.Subscription.countDocuments({
          userId: v.userId,
          villageCode: V1,
          endedAt: null,
        })
        expect(still).toBe(1)
        expect(await endAudits(v.membershipId)).toHaveLength(0)

        const retry = await end()
        expect([retry.status, retry.body.error.code]).toEqual([409, 'membership_not_active'])
        expect(spy).toHaveBeenCalledTimes(2)
      } finally {
        spy.mockRestore()
      }
      const left = await services.models.Subscription.countDocuments({
        userId: v.userId,
        villageCode: V1,
        endedAt: null,
      })
      expect(left).toBe(0)
      const audits = await endAudits(v.membershipId)
      expect(audits).toHaveLength(1)
      // The secretary's reason, attributed to the secretary.
      expect(audits[0]?.data).toMatchObject({ by: 'secretary', reason: '去世' })
      expect((await end()).status).toBe(409)
      expect(await endAudits(v.membershipId)).toHaveLength(1)
    })
  })

  describe('POST /api/v1/me/memberships/:id/leave', () => {
    it('should let a villager leave their own village, and apply again later', async () => {
      const v = await buildVillager('leave-villager-1', 11)
      expect((await follow(v.auth, 'social-assistance')).status).toBe(201)
      const left = await request(server)
        .post(`/api/v1/me/memberships/${v.membershipId}/leave`)
        .set('Authorization', v.auth)
      expect(left.status).toBe(200)
      const dto = MembershipDtoSchema.parse(left.body)
      expect(dto).toMatchObject({ status: 'ended', endedBy: 'member' })
      expect(dto.reason).toBeUndefined()
      expect((await me(v.auth)).roles).toEqual([])
      expect(
        (await request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', v.auth)).status,
      ).toBe(403)
      const subs = SubscriptionsDtoSchema.parse(
        (await request(server).get('/api/v1/subscriptions').set('Authorization', v.auth)).body,
      )
      expect(subs.subscriptions).toEqual([])
      expect((await endAudits(v.membershipId))[0]?.data).toMatchObject({ by: 'member' })

      const twice = await request(server)
        .post(`/api/v1/me/memberships/${v.membershipId}/leave`)
        .set('Authorization', v.auth)
      expect([twice.status, twice.body.error.code]).toEqual([409, 'membership_not_active'])

      // Joining again: the ended membership becomes a new application for the secretary.
      const again = await request(server)
        .post(`/api/v1/villages/${V1}/memberships`)
        .set('Authorization', v.auth)
        .send({ name: v.household.headName, householdNo: v.household.householdNo })
      expect(again.status).toBe(201)
      expect(MembershipDtoSchema.parse(again.body)).toMatchObject({ id: v.membershipId, status: 'pending' })
      expect(again.body.endedAt).toBeUndefined()
      const approved = await request(server)
        .post(`/api/v1/memberships/${v.membershipId}/approve`)
        .set('Authorization', secretary)
      expect(approved.status).toBe(200)
      expect((await me(v.auth)).roles).toEqual([
        expect.objectContaining({ role: 'villager', regionCode: V1 }),
      ])
    })

    it('should answer 404 for someone else’s membership and 400 for a bad id', async () => {
      const v = await buildVillager('leave-villager-2', 12)
      const other = (await signIn(t.app, 'leave-other')).auth
      const foreign = await request(server)
        .post(`/api/v1/me/memberships/${v.membershipId}/leave`)
        .set('Authorization', other)
      expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found'])
      const bySecretary = await request(server)
        .post(`/api/v1/me/memberships/${v.membershipId}/leave`)
        .set('Authorization', secretary)
      expect(bySecretary.status).toBe(404)
      const bad = await request(server).post('/api/v1/me/memberships/xyz/leave').set('Authorization', v.auth)
      expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_error'])
      expect((await request(server).post(`/api/v1/me/memberships/${v.membershipId}/leave`)).status).toBe(401)
      expect((await me(v.auth)).memberships[0]?.status).toBe('approved')
    })
  })
})
