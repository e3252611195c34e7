// Requests the API fuzz found answered with 500, replayed one by one: each must now be a 4xx.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../bff/src/testing/build-app'
import type { TestApp } from '../../bff/src/testing/build-app'
import { signIn } from '../../bff/src/testing/sign-in'

describe('requests the fuzz found', () => {
  let t: TestApp
  let county = ''
  beforeAll(async () => {
    t = await buildTestApp()
    county = (await signIn(t.app, 'demo-county')).auth
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  // 12 digits that are no division code (province 00, or a county part under a zero city) reached codePrefix().
  for (const regionCode of ['000000000000', '004220172263']) {
    it(`should answer GET /search with regionCode=${regionCode} with 400 validation_error`, async () => {
      const res = await request(t.app.callback()).get('/api/v1/search').query({ q: '低保', regionCode })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    })
  }

  // Years before 1000 became dates like 730-12-31, which the schedule's date arithmetic refused.
  for (const path of [
    '/api/v1/regions/360999001000/compliance?period=0730-H2',
    '/api/v1/regions/360999001001/compliance.xlsx?period=0994',
  ]) {
    it(`should answer GET ${path} with 400 validation_error`, async () => {
      const res = await request(t.app.callback()).get(path).set('Authorization', county)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    })
  }
})
