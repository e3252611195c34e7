import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditPageDtoSchema, MeDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')

/** The audit trail as the admin's 操作记录 reads it: who, whom and where by name, not by id or code. */
describe('admin audit: names for ids and codes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-admin', 'audit-names-officer']) auth[key] = (await signIn(t.app, key)).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should name the actor, the person given a role and the region of each event', async () => {
    const me = (key: string) =>
      request(server)
        .get('/api/v1/me')
        .set('Authorization', auth[key] ?? '')
        .then((r) => MeDtoSchema.parse(r.body))
    const admin = await me('demo-admin')
    const officer = await me('audit-names-officer')
    const granted = await request(server)
      .post('/api/v1/admin/role-grants')
      .set('Authorization', auth['demo-admin'] ?? '')
      .send({ userId: officer.id, role: 'township', regionCode: TOWNSHIP })
    expect(granted.status).toBe(204)

    const res = await request(server)
      .get(`/api/v1/admin/audit?regionCode=${COUNTY}&limit=20`)
      .set('Authorization', auth['demo-admin'] ?? '')
    expect(res.status).toBe(200)
    const page = AuditPageDtoSchema.parse(res.body)
    const grant = page.events.find((e) => e.action === 'role.grant' && e.targetId === officer.id)
    const township = await request(server).get(`/api/v1/regions/${TOWNSHIP}`)
    expect(grant).toMatchObject({
      actorName: admin.displayName,
      targetName: officer.displayName,
      regionName: township.body.name,
    })
  })
})
