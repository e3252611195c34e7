import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { householdMemberships } from '../../services/household-proof.service'
import { demoRegionOf } from '../../testing/demo'

/**
 * A name typed on an application, an invite or a proxy grant is compared with the roster in the normalised form of
 * docs/households.md ("Normalisation": spaces, full-width spaces and invisible characters carry no meaning), and
 * what is stored is the roster's own spelling, as for the 户号.
 */
describe('names typed with spaces find the roster person', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const village = demoRegionOf('demo-secretary')
  const roster = demoHouseholds(village)
  let secretary = ''

  /** The roster's name of household `i` as an older person types it: a space between surname and given name. */
  function spaced(name: string, space = ' '): string {
    return `${name.slice(0, 1)}${space}${name.slice(1)}`
  }
  function models() {
    const m = t.services?.models
    if (!m) throw new Error('test app without services')
    return m
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should match 张 桂兰 with 张桂兰 on the roster, and approve it under the roster spelling', async () => {
    const h = roster[7]
    if (!h) throw new Error('no household')
    const person = await signIn(t.app, 'typed-name-1')
    const applied = await request(server)
      .post(`/api/v1/villages/${village}/memberships`)
      .set('Authorization', person.auth)
      .send({ name: spaced(h.headName), householdNo: '００８' })
    expect(applied.status).toBe(201)
    const list = await request(server)
      .get(`/api/v1/villages/${village}/memberships?status=pending`)
      .set('Authorization', secretary)
    expect(list.body.memberships.find((m: { id: string }) => m.id === applied.body.id)).toMatchObject({
      name: spaced(h.headName),
      roster: 'match',
    })
    const approved = await request(server)
      .post(`/api/v1/memberships/${applied.body.id}/approve`)
      .set('Authorization', secretary)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'approved', name: h.headName, householdNo: h.householdNo })
    // The membership gives its household: the roster still names the person it holds.
    const me = await request(server).get('/api/v1/me').set('Authorization', person.auth)
    const user = await models().User.findById(me.body.id, { _id: 1 }).lean()
    if (!user) throw new Error('no user')
    const given = await householdMemberships(models(), user._id, village)
    expect(given.map((m) => [m.householdNo, m.name])).toEqual([[h.householdNo, h.headName]])
  })

  it('should make an invite and a proxy right for a member typed with a full-width space', async () => {
    const h = roster[8]
    const member = h?.memberNames[0]
    if (!h || !member) throw new Error('no household')
    const invite = await request(server)
      .post(`/api/v1/villages/${village}/invites`)
      .set('Authorization', secretary)
      .send({ householdNo: h.householdNo, name: spaced(member, '\u3000'), validDays: 7 })
    expect(invite.status).toBe(201)
    expect(invite.body.name).toBe(member)
    const invitee = await signIn(t.app, 'typed-name-2')
    const accepted = await request(server)
      .post(`/api/v1/invites/${invite.body.scene}/accept`)
      .set('Authorization', invitee.auth)
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ status: 'approved', name: member })

    const me = await request(server).get('/api/v1/me').set('Authorization', invitee.auth)
    const proxy = await request(server)
      .post(`/api/v1/villages/${village}/proxies`)
      .set('Authorization', secretary)
      .send({ userId: me.body.id, householdNo: h.householdNo, forName: spaced(h.headName) })
    expect(proxy.status).toBe(204)
    const after = await request(server).get('/api/v1/me').set('Authorization', invitee.auth)
    expect(after.body.proxies).toEqual([
      { villageCode: village, householdNo: h.householdNo, forName: h.headName },
    ])
  })

  it('should grant a proxy right for a 户号 typed without its zeros or in full-width digits', async () => {
    const h = roster[10]
    const member = await signIn(t.app, 'typed-name-4')
    const invite = await request(server)
      .post(`/api/v1/villages/${village}/invites`)
      .set('Authorization', secretary)
      .send({ householdNo: h?.householdNo, name: h?.headName, validDays: 7 })
    expect(invite.status).toBe(201)
    await request(server)
      .post(`/api/v1/invites/${invite.body.scene}/accept`)
      .set('Authorization', member.auth)
    const me = await request(server).get('/api/v1/me').set('Authorization', member.auth)
    const serial = String(Number(h?.householdNo))
    const fullWidth = serial.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    const proxy = await request(server)
      .post(`/api/v1/villages/${village}/proxies`)
      .set('Authorization', secretary)
      .send({ userId: me.body.id, householdNo: fullWidth, forName: h?.memberNames[0] })
    expect(proxy.status).toBe(204)
    const after = await request(server).get('/api/v1/me').set('Authorization', member.auth)
    expect(after.body.proxies).toEqual([
      { villageCode: village, householdNo: h?.householdNo, forName: h?.memberNames[0] },
    ])
  })

  it('should still refuse a name the household does not have', async () => {
    const h = roster[9]
    const person = await signIn(t.app, 'typed-name-3')
    const applied = await request(server)
      .post(`/api/v1/villages/${village}/memberships`)
      .set('Authorization', person.auth)
      .send({ name: '不 存在', householdNo: h?.householdNo })
    const approved = await request(server)
      .post(`/api/v1/memberships/${applied.body.id}/approve`)
      .set('Authorization', secretary)
    expect(approved.status).toBe(422)
    expect(approved.body.error.code).toBe('name_not_in_household')
  })
})
