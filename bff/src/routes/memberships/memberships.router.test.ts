import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MeDtoSchema, MembershipDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

describe('membership routes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const secretaryVillage = demoRegionOf('demo-secretary')
  const otherVillage = demoRegionOf('demo-secretary-2')
  const roster = demoHouseholds(secretaryVillage)

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should let a newcomer apply once, the secretary approve, and then see the village catalog', async () => {
    const newcomer = await signIn(t.app, 'demo-newcomer')
    const household = roster[1]
    expect(household).toBeDefined()
    const before = await request(server)
      .get(`/api/v1/villages/${secretaryVillage}/catalog`)
      .set('Authorization', newcomer.auth)
    expect(before.status).toBe(403)

    const applied = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/memberships`)
      .set('Authorization', newcomer.auth)
      .send({ name: household?.headName, householdNo: household?.householdNo })
    expect(applied.status).toBe(201)
    const membership = MembershipDtoSchema.parse(applied.body)
    expect(membership.status).toBe('pending')

    const twice = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/memberships`)
      .set('Authorization', newcomer.auth)
      .send({ name: household?.headName, householdNo: household?.householdNo })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('already_applied')

    const secretary = await signIn(t.app, 'demo-secretary')
    const list = await request(server)
      .get(`/api/v1/villages/${secretaryVillage}/memberships?status=pending`)
      .set('Authorization', secretary.auth)
    expect(list.status).toBe(200)
    const mine = list.body.memberships.find((m: { id: string }) => m.id === membership.id)
    expect(mine.roster).toBe('match')

    const otherSecretary = await signIn(t.app, 'demo-secretary-2')
    const foreign = await request(server)
      .post(`/api/v1/memberships/${membership.id}/approve`)
      .set('Authorization', otherSecretary.auth)
    // Another village's application is not confirmed to exist (middlewares/auth.ts).
    expect(foreign.status).toBe(404)

    const approved = await request(server)
      .post(`/api/v1/memberships/${membership.id}/approve`)
      .set('Authorization', secretary.auth)
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('approved')
    const again = await request(server)
      .post(`/api/v1/memberships/${membership.id}/approve`)
      .set('Authorization', secretary.auth)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('already_decided')

    const me = MeDtoSchema.parse(
      (await request(server).get('/api/v1/me').set('Authorization', newcomer.auth)).body,
    )
    expect(me.roles).toContainEqual(
      expect.objectContaining({ role: 'villager', regionCode: secretaryVillage }),
    )
    const after = await request(server)
      .get(`/api/v1/villages/${secretaryVillage}/catalog`)
      .set('Authorization', newcomer.auth)
    expect(after.status).toBe(200)
    expect(after.body.items.length).toBeGreaterThan(5)
    const elsewhere = await request(server)
      .get(`/api/v1/villages/${otherVillage}/catalog`)
      .set('Authorization', newcomer.auth)
    expect(elsewhere.status).toBe(403)

    const audit = await t.services?.models.AuditEvent.find({ targetId: membership.id }).lean()
    expect(audit?.map((e) => e.action).sort()).toEqual(['membership.apply', 'membership.approve'])
  })

  it('should refuse to approve a household that is not on the roster', async () => {
    const stranger = await signIn(t.app, 'stranger-1')
    const applied = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/memberships`)
      .set('Authorization', stranger.auth)
      .send({ name: '外来人', householdNo: '999' })
    expect(applied.status).toBe(201)
    const secretary = await signIn(t.app, 'demo-secretary')
    const res = await request(server)
      .post(`/api/v1/memberships/${applied.body.id}/approve`)
      .set('Authorization', secretary.auth)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('household_not_on_roster')
    const rejected = await request(server)
      .post(`/api/v1/memberships/${applied.body.id}/reject`)
      .set('Authorization', secretary.auth)
      .send({ reason: '户号不在本村名册' })
    expect(rejected.status).toBe(200)
    expect(rejected.body.reason).toBe('户号不在本村名册')
  })

  it('should take a new application from someone rejected, keeping the rejection in the audit trail', async () => {
    const person = await signIn(t.app, 'reapply-1')
    const secretary = await signIn(t.app, 'demo-secretary')
    const household = roster[6]
    const apply = (name: string | undefined) =>
      request(server)
        .post(`/api/v1/villages/${secretaryVillage}/memberships`)
        .set('Authorization', person.auth)
        .send({ name, householdNo: household?.householdNo })
    const first = await apply('写错的名字')
    expect(first.status).toBe(201)
    const reason = '姓名写错了，请按户口本重新申请'
    const rejected = await request(server)
      .post(`/api/v1/memberships/${first.body.id}/reject`)
      .set('Authorization', secretary.auth)
      .send({ reason })
    expect(rejected.status).toBe(200)

    const again = await apply(household?.headName)
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({ id: first.body.id, status: 'pending', name: household?.headName })
    const pending = await request(server)
      .get(`/api/v1/villages/${secretaryVillage}/memberships?status=pending`)
      .set('Authorization', secretary.auth)
    expect(pending.body.memberships.find((m: { id: string }) => m.id === first.body.id)).toMatchObject({
      name: household?.headName,
      roster: 'match',
    })
    // Open again: a third application waits for the secretary, as the first did.
    const third = await apply(household?.headName)
    expect(third.status).toBe(409)
    expect(third.body.error).toEqual({ code: 'already_applied', message: '您已申请过加入本村，请等待审核' })
    const trail = await t.services?.models.AuditEvent.find({ targetId: first.body.id })
      .sort({ _id: 1 })
      .lean()
    expect(trail?.map((e) => [e.action, e.data])).toEqual([
      ['membership.apply', { householdNo: household?.householdNo }],
      ['membership.reject', { reason }],
      [
        'membership.apply',
        {
          householdNo: household?.householdNo,
          again: true,
          previousStatus: 'rejected',
          previousReason: reason,
        },
      ],
    ])

    const approved = await request(server)
      .post(`/api/v1/memberships/${first.body.id}/approve`)
      .set('Authorization', secretary.auth)
    expect(approved.status).toBe(200)
    const member = await apply(household?.headName)
    expect(member.status).toBe(409)
    expect(member.body.error).toEqual({ code: 'already_applied', message: '您已经是本村村民，不用再申请' })
  })

  it('should list the roster to the village staff only', async () => {
    const secretary = await signIn(t.app, 'demo-secretary')
    const res = await request(server)
      .get(`/api/v1/villages/${secretaryVillage}/households`)
      .set('Authorization', secretary.auth)
    expect(res.status).toBe(200)
    expect(res.body.households).toHaveLength(30)
    expect(res.body.households[0]).toEqual({
      householdNo: '001',
      headName: roster[0]?.headName,
      memberCount: 2,
    })
    const villager = await signIn(t.app, 'demo-villager')
    expect(
      (
        await request(server)
          .get(`/api/v1/villages/${secretaryVillage}/households`)
          .set('Authorization', villager.auth)
      ).status,
    ).toBe(403)
    expect(
      (
        await request(server)
          .get(`/api/v1/villages/${otherVillage}/households`)
          .set('Authorization', secretary.auth)
      ).status,
    ).toBe(403)
    const bad = await request(server)
      .get('/api/v1/villages/12ab/households')
      .set('Authorization', secretary.auth)
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_error')
  })

  it('should validate applications and village codes', async () => {
    const s = await signIn(t.app, 'stranger-2')
    const badCode = await request(server)
      .post('/api/v1/villages/12ab/memberships')
      .set('Authorization', s.auth)
      .send({ name: '甲', householdNo: '001' })
    expect(badCode.status).toBe(400)
    expect(badCode.body.error.code).toBe('validation_error')
    const noName = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/memberships`)
      .set('Authorization', s.auth)
      .send({ householdNo: '001' })
    expect(noName.status).toBe(400)
    const notVillage = secretaryVillage.slice(0, 9) + '000'
    const township = await request(server)
      .post(`/api/v1/villages/${notVillage}/memberships`)
      .set('Authorization', s.auth)
      .send({ name: '甲', householdNo: '001' })
    expect(township.status).toBe(404)
  })

  it('should grant membership directly through an invite code, once', async () => {
    const secretary = await signIn(t.app, 'demo-secretary')
    const household = roster[4]
    const invite = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/invites`)
      .set('Authorization', secretary.auth)
      .send({ householdNo: household?.householdNo, name: household?.headName })
    expect(invite.status).toBe(201)
    expect(invite.body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    // The QR opens this server's join page, even when the request carried no Origin header (WeChat's wx.request
    // sends none; the link read "null/#/…" when it was built from it).
    const png = PNG.sync.read(Buffer.from(String(invite.body.qrDataUrl).split(',')[1] ?? '', 'base64'))
    const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/pages\/join\/index\?scene=/)
    expect(link).toContain(String(invite.body.scene))
    const invitee = await signIn(t.app, 'invitee-1')
    const accepted = await request(server)
      .post(`/api/v1/invites/${invite.body.scene}/accept`)
      .set('Authorization', invitee.auth)
    expect(accepted.status).toBe(200)
    expect(accepted.body.status).toBe('approved')
    const reuse = await request(server)
      .post(`/api/v1/invites/${invite.body.scene}/accept`)
      .set('Authorization', (await signIn(t.app, 'invitee-2')).auth)
    expect(reuse.status).toBe(410)
    expect(reuse.body.error.code).toBe('invite_unavailable')
  })

  it('should let the secretary grant proxy rights to an approved member for a household member', async () => {
    const secretary = await signIn(t.app, 'demo-secretary')
    const villager = await signIn(t.app, 'demo-villager')
    const me = MeDtoSchema.parse(
      (await request(server).get('/api/v1/me').set('Authorization', villager.auth)).body,
    )
    const household = roster[0]
    const res = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/proxies`)
      .set('Authorization', secretary.auth)
      .send({ userId: me.id, householdNo: household?.householdNo, forName: household?.memberNames[0] })
    expect(res.status).toBe(204)
    const after = MeDtoSchema.parse(
      (await request(server).get('/api/v1/me').set('Authorization', villager.auth)).body,
    )
    expect(after.proxies).toEqual([
      {
        villageCode: secretaryVillage,
        householdNo: household?.householdNo,
        forName: household?.memberNames[0],
      },
    ])
    const wrongName = await request(server)
      .post(`/api/v1/villages/${secretaryVillage}/proxies`)
      .set('Authorization', secretary.auth)
      .send({ userId: me.id, householdNo: household?.householdNo, forName: '不存在' })
    expect(wrongName.status).toBe(422)
  })
})
