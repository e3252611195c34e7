import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditPageDtoSchema, MeDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { SYSTEM_ACTOR } from '../../services/audit.service'
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
  it('should show ID and phone numbers typed into an event’s data masked, while the stored event keeps them', async () => {
    const typed = '误传了张三的身份证362101199001011234，联系电话13812345678'
    await t.services?.audit.record(SYSTEM_ACTOR, {
      action: 'disclosure.attachment_withdraw',
      targetType: 'disclosure',
      targetId: 'audit-scrub-test',
      regionCode: TOWNSHIP,
      data: {
        reason: typed,
        filename: '13812345678.jpg',
        nested: { notes: [typed] },
        versions: ['x'],
        count: 2,
      },
    })
    const res = await request(server)
      .get(`/api/v1/admin/audit?regionCode=${COUNTY}&limit=20`)
      .set('Authorization', auth['demo-admin'] ?? '')
    expect(res.status).toBe(200)
    const event = AuditPageDtoSchema.parse(res.body).events.find((e) => e.targetId === 'audit-scrub-test')
    const masked = '误传了张三的身份证362***********1234，联系电话138****5678'
    expect(event?.data).toEqual({
      reason: masked,
      filename: '138****5678.jpg',
      nested: { notes: [masked] },
      versions: ['x'],
      count: 2,
    })
    expect(JSON.stringify(res.body)).not.toMatch(/362101199001011234|13812345678/)
    const stored = await t.services?.models.AuditEvent.findOne({ targetId: 'audit-scrub-test' }).lean()
    expect((stored?.data as { reason?: string }).reason).toBe(typed)
  })
})
