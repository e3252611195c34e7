import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsultationDtoSchema, ConsultationMineDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const person = demoHouseholds(V1)[1] ?? { householdNo: '', headName: '' }

/**
 * A person with their own WeChat and a proxy for them answer under one key (docs/consultations.md): each sees only
 * the answer they gave, and that the other answered, never what the other chose.
 */
describe('consultations: an answer given for someone, seen by them', () => {
  let t: TestApp
  const auth: Record<string, string> = {}
  const post = (url: string, who: string, body: object = {}) =>
    request(t.app.callback())
      .post(url)
      .set('Authorization', auth[who] ?? '')
      .send(body)
  const get = (url: string, who: string) =>
    request(t.app.callback())
      .get(url)
      .set('Authorization', auth[who] ?? '')

  beforeAll(async () => {
    t = await buildTestApp()
    for (const key of ['demo-secretary', 'demo-villager', 'cp-person'])
      auth[key] = (await signIn(t.app, key)).auth
    const applied = await post(`/api/v1/villages/${V1}/memberships`, 'cp-person', {
      name: person.headName,
      householdNo: person.householdNo,
    })
    expect((await post(`/api/v1/memberships/${applied.body.id}/approve`, 'demo-secretary')).status).toBe(200)
    auth['cp-person'] = (await signIn(t.app, 'cp-person')).auth
    const granted = await post(`/api/v1/villages/${V1}/proxies`, 'demo-secretary', {
      userId: String((await get('/api/v1/me', 'demo-villager')).body.id),
      householdNo: person.householdNo,
      forName: person.headName,
    })
    expect(granted.status).toBeLessThan(300)
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('should tell the person their proxy answered for them, and the proxy that the person answered', async () => {
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const opened = await post(`/api/v1/villages/${V1}/consultations`, 'demo-secretary', {
      title: '路灯安装征求意见',
      draft: '拟在村道安装路灯',
      questions: [{ kind: 'single', text: '同意吗', options: ['同意', '不同意'] }],
      deadline,
      unit: 'person',
    })
    const url = `/api/v1/consultations/${ConsultationDtoSchema.parse(opened.body).id}`
    const mine = async (who: string) =>
      ConsultationMineDtoSchema.parse((await get(`${url}/mine`, who)).body).entitlements.find(
        (e) => e.name === person.headName,
      )
    expect(await mine('cp-person')).toMatchObject({ answer: null, answeredByOther: false })
    expect((await post(`${url}/answers`, 'cp-person', { responses: [{ options: [1] }] })).status).toBe(201)
    expect(await mine('demo-villager')).toMatchObject({ as: 'proxy', answer: null, answeredByOther: true })
    const forThem = await post(`${url}/answers`, 'demo-villager', {
      onBehalfOf: { householdNo: person.householdNo, name: person.headName },
      responses: [{ options: [0] }],
    })
    expect(forThem.status).toBe(200)
    // Not "not answered": answered for them, without what was chosen.
    expect(await mine('cp-person')).toMatchObject({ as: 'self', answer: null, answeredByOther: true })
    expect((await mine('demo-villager'))?.answer?.responses).toEqual([{ options: [0] }])
  })
})
