import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'

/** Tester p2, defect 11: the authentication scheme is a case-insensitive token (RFC 9110 §11.1). */
describe('the Authorization scheme', () => {
  let t: TestApp
  let token = ''

  beforeAll(async () => {
    t = await buildTestApp()
    token = (await signIn(t.app, 'demo-villager')).accessToken
  })
  afterAll(async () => {
    await t.close()
  })

  it('should sign in bearer, BEARER and Bearer alike, and still refuse another scheme', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await request(t.app.callback()).get('/api/v1/me').set('Authorization', `${scheme} ${token}`)
      expect(res.status, scheme).toBe(200)
    }
    const basic = await request(t.app.callback()).get('/api/v1/me').set('Authorization', `Basic ${token}`)
    expect(basic.status).toBe(401)
  })
})
