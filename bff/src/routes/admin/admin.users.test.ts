import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MeDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')

/** The admin's people and audit views: finding a person who only signed in, paging, and what a revocation records. */
describe('admin: users, role grants and the audit trail', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const me = async (key: string) =>
    MeDtoSchema.parse((await request(server).get('/api/v1/me').set('Authorization', as(key))).body)

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-admin', 'demo-township', 'demo-secretary', 'admin-newcomer', 'admin-second'])
      auth[key] = (await signIn(t.app, key)).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const get = (path: string, who = 'demo-admin') =>
    request(server).get(`/api/v1${path}`).set('Authorization', as(who))
  const send = (method: 'post' | 'delete', path: string, who: string, body: object = {}) =>
    request(server)[method](`/api/v1${path}`).set('Authorization', as(who)).send(body)
  const auditOf = async (code: string, action: string) =>
    (await get(`/admin/audit?regionCode=${code}&limit=50`)).body.events.filter(
      (e: { action: string }) => e.action === action,
    )

  it('should find a person with no role by the account code their 我的 page shows, typed loosely', async () => {
    const newcomer = await me('admin-newcomer')
    expect(newcomer.accountCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect((await me('admin-newcomer')).accountCode).toBe(newcomer.accountCode)
    const typed = ` ${newcomer.accountCode.replace('-', ' ').toLowerCase()} `
    const found = await get(`/admin/users/lookup?code=${encodeURIComponent(typed)}`)
    expect(found.status).toBe(200)
    expect(found.body.user).toMatchObject({ id: newcomer.id, displayName: newcomer.displayName, roles: [] })

    const granted = await send('post', '/admin/role-grants', 'demo-admin', {
      userId: found.body.user.id,
      role: 'township',
      regionCode: TOWNSHIP,
    })
    expect(granted.status).toBe(204)

    const unknown = await get('/admin/users/lookup?code=ZZZZ-ZZZZ')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toMatch(/账号编号/)
    const bad = await get('/admin/users/lookup?code=12')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error)).toMatch(/账号编号/)
    expect((await get(`/admin/users/lookup?code=${newcomer.accountCode}`, 'demo-township')).status).toBe(403)
  })

  it('should name the region of every role in the user list and the lookup, so the screen reads no region itself', async () => {
    const nameOf = async (code: string) => (await get(`/regions/${code}`)).body.name as string
    const secretary = await me('demo-secretary')
    const list = await get(`/admin/users?regionCode=${COUNTY}&limit=500`)
    expect(list.status).toBe(200)
    const row = list.body.users.find((u: { id: string }) => u.id === secretary.id)
    expect(row.roles).toContainEqual({ role: 'secretary', regionCode: V1, regionName: await nameOf(V1) })
    for (const u of list.body.users)
      for (const r of u.roles) expect(r.regionName).toEqual(expect.stringMatching(/[\u4e00-\u9fff]/))

    const newcomer = await me('admin-newcomer')
    const found = await get(`/admin/users/lookup?code=${newcomer.accountCode}`)
    expect(found.body.user.roles).toContainEqual({
      role: 'township',
      regionCode: TOWNSHIP,
      regionName: await nameOf(TOWNSHIP),
    })
  })

  it('should audit a revocation of a role never held as no change, and a real one as a change', async () => {
    const stranger = await me('admin-second')
    const revoke = { userId: stranger.id, role: 'county', regionCode: COUNTY }
    expect((await send('delete', '/admin/role-grants', 'demo-admin', revoke)).status).toBe(204)
    const [none] = await auditOf(COUNTY, 'role.revoke')
    expect(none).toMatchObject({ targetId: stranger.id, data: { role: 'county', changed: false } })

    expect((await send('post', '/admin/role-grants', 'demo-admin', revoke)).status).toBe(204)
    expect((await send('delete', '/admin/role-grants', 'demo-admin', revoke)).status).toBe(204)
    const [real] = await auditOf(COUNTY, 'role.revoke')
    expect(real).toMatchObject({ targetId: stranger.id, data: { role: 'county', changed: true } })
  })

  it('should accept a user id with spaces around it', async () => {
    const stranger = await me('admin-second')
    const grant = { userId: ` ${stranger.id} `, role: 'township', regionCode: TOWNSHIP }
    expect((await send('post', '/admin/role-grants', 'demo-admin', grant)).status).toBe(204)
    expect((await me('admin-second')).roles).toContainEqual(expect.objectContaining({ role: 'township' }))
  })

  it('should refuse to remove the last admin covering a region, and allow it once another is granted', async () => {
    const first = await me('demo-admin')
    const second = await me('admin-second')
    const firstGrant = { userId: first.id, role: 'admin', regionCode: COUNTY }
    const self = await send('delete', '/admin/role-grants', 'demo-admin', firstGrant)
    expect(self.status).toBe(409)
    expect(self.body.error.code).toBe('last_admin')
    expect(self.body.error.message).toMatch(/最后一位系统管理员/)
    expect((await me('demo-admin')).roles).toContainEqual(expect.objectContaining({ role: 'admin' }))

    const secondGrant = { userId: second.id, role: 'admin', regionCode: COUNTY }
    expect((await send('post', '/admin/role-grants', 'demo-admin', secondGrant)).status).toBe(204)
    expect((await send('delete', '/admin/role-grants', 'admin-second', firstGrant)).status).toBe(204)
    const last = await send('delete', '/admin/role-grants', 'admin-second', secondGrant)
    expect(last.status).toBe(409)
    expect(last.body.error.code).toBe('last_admin')
  })

  it('should give every audit event a data object, also those recorded with nothing more', async () => {
    const draft = await send('post', `/villages/${V1}/disclosures`, 'demo-secretary', {
      catalogItemId: dibaoItem().id,
      period: '2026-04',
      title: '2026-04 低保对象名单公示',
      body: '现予公示。',
      rows: buildDibaoRows(V1),
    })
    expect(draft.status).toBe(201)
    expect((await send('post', `/disclosures/${draft.body.id}/submit`, 'demo-secretary')).status).toBe(200)
    const events = (await get(`/admin/audit?regionCode=${COUNTY}&limit=500`, 'admin-second')).body.events
    expect(events.some((e: { action: string }) => e.action === 'disclosure.submit')).toBe(true)
    for (const e of events) expect(e).toHaveProperty('data', expect.any(Object))
  })

  it('should page the user list and the audit trail by cursor, without overlap, to the end', async () => {
    for (const [path, key] of [
      [`/admin/users?regionCode=${COUNTY}`, 'users'],
      [`/admin/audit?regionCode=${COUNTY}`, 'events'],
    ] as const) {
      const all = await get(`${path}&limit=500`, 'admin-second')
      expect(all.status).toBe(200)
      const everyone: string[] = all.body[key].map((x: { id?: string; targetId: string; at: string }) =>
        JSON.stringify(x),
      )
      expect(everyone.length).toBeGreaterThan(2)
      const paged: string[] = []
      let before: string | null = null
      for (let i = 0; i < 100; i++) {
        const page = await get(`${path}&limit=1${before ? `&before=${before}` : ''}`, 'admin-second')
        expect(page.status).toBe(200)
        expect(page.body[key].length).toBeLessThanOrEqual(1)
        paged.push(...page.body[key].map((x: object) => JSON.stringify(x)))
        before = page.body.nextBefore
        if (before === null) break
      }
      expect(paged).toEqual(everyone)
    }
    expect((await get(`/admin/users?regionCode=${COUNTY}&before=xyz`, 'admin-second')).status).toBe(400)
  })
})
