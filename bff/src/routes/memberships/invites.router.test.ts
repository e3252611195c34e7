import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenInviteDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

/**
 * An invite is honoured only while its maker still holds the village's secretary role held when it was made, and
 * the village's secretaries and the township can list a village's open invites and cancel one (docs/households.md,
 * "Invites").
 */
describe('invites end with their maker’s role and can be listed and cancelled', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const village = demoRegionOf('demo-secretary')
  const roster = demoHouseholds(village)
  const auth: Record<string, string> = {}
  let secretaryId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-admin', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
    secretaryId = (
      await request(server)
        .get('/api/v1/me')
        .set('Authorization', auth['demo-secretary'] ?? '')
    ).body.id
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const call = (method: 'get' | 'post' | 'delete', path: string, who: string, body?: object) => {
    const agent = request(server)
    const req = agent[method](`/api/v1${path}`).set('Authorization', auth[who] ?? '')
    return body ? req.send(body) : req
  }
  const invite = async (i: number) => {
    const h = roster[i]
    const res = await call('post', `/villages/${village}/invites`, 'demo-secretary', {
      householdNo: h?.householdNo,
      name: h?.headName,
      validDays: 30,
    })
    expect(res.status).toBe(201)
    return String(res.body.scene)
  }
  const grant = { userId: '', role: 'secretary', regionCode: village }

  it('should list open invites to the secretary and the township, and let either cancel one (audited)', async () => {
    const scene = await invite(5)
    const listed = await call('get', `/villages/${village}/invites`, 'demo-township')
    expect(listed.status).toBe(200)
    const mine = OpenInviteDtoSchema.array()
      .parse(listed.body.invites)
      .find((i) => i.scene === scene)
    expect(mine).toMatchObject({ householdNo: roster[5]?.householdNo, honoured: true })
    expect(mine?.makerName).not.toBe('')

    expect((await call('get', `/villages/${village}/invites`, 'demo-secretary-2')).status).toBe(403)
    expect((await call('get', `/villages/${village}/invites`, 'demo-villager')).status).toBe(403)
    expect((await call('delete', `/villages/${village}/invites/${scene}`, 'demo-secretary-2')).status).toBe(
      403,
    )

    expect((await call('delete', `/villages/${village}/invites/${scene}`, 'demo-secretary')).status).toBe(204)
    const again = await call('delete', `/villages/${village}/invites/${scene}`, 'demo-township')
    expect(again.status).toBe(404)
    expect(again.body.error.message).toMatch(/邀请码/)
    const after = await call('get', `/villages/${village}/invites`, 'demo-secretary')
    expect(after.body.invites.map((i: { scene: string }) => i.scene)).not.toContain(scene)

    const used = await call('post', `/invites/${scene}/accept`, 'demo-villager')
    expect(used.status).toBe(410)
    expect(used.body.error.code).toBe('invite_unavailable')

    const audit = await call('get', `/admin/audit?regionCode=${village}&limit=20`, 'demo-admin')
    expect(audit.body.events).toContainEqual(
      expect.objectContaining({ action: 'invite.cancel', targetId: scene, regionCode: village }),
    )
  })

  it('should refuse an invite whose maker lost the secretary role, even after the role is given back', async () => {
    const scene = await invite(6)
    grant.userId = secretaryId
    expect((await call('delete', '/admin/role-grants', 'demo-admin', grant)).status).toBe(204)

    const stranger = await signIn(t.app, 'invite-stranger')
    const refused = await request(server)
      .post(`/api/v1/invites/${scene}/accept`)
      .set('Authorization', stranger.auth)
    expect(refused.status).toBe(410)
    expect(refused.body.error.code).toBe('invite_unavailable')
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    const poster = await request(server).get(`/api/v1/invites/${scene}/poster.pdf`)
    expect(poster.status).toBe(410)

    const listed = await call('get', `/villages/${village}/invites`, 'demo-township')
    expect(listed.body.invites).toContainEqual(expect.objectContaining({ scene, honoured: false }))

    // Given the role back, the secretary's old invites stay dead; new ones work.
    expect((await call('post', '/admin/role-grants', 'demo-admin', grant)).status).toBe(204)
    auth['demo-secretary'] = (await signIn(t.app, 'demo-secretary')).auth
    const still = await request(server)
      .post(`/api/v1/invites/${scene}/accept`)
      .set('Authorization', stranger.auth)
    expect(still.status).toBe(410)
    const fresh = await invite(7)
    const ok = await request(server)
      .post(`/api/v1/invites/${fresh}/accept`)
      .set('Authorization', stranger.auth)
    expect(ok.status).toBe(200)
  })
})
