import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiErrorBodySchema, HealthDtoSchema } from '@cunwu/domain'
import { buildAppWithoutDb, buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'

describe('GET /api/v1/health', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should report the process and an up database', async () => {
    const res = await request(t.app.callback()).get('/api/v1/health')
    expect(res.status).toBe(200)
    const body = HealthDtoSchema.parse(res.body)
    expect(body.status).toBe('ok')
    expect(body.database.state).toBe('up')
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('should answer 503 and report degraded, not fake, when there is no database', async () => {
    const res = await request(buildAppWithoutDb().callback()).get('/api/v1/health')
    // A monitor reads the status code; the body still says why, and carries the one error envelope.
    expect(res.status).toBe(503)
    const body = HealthDtoSchema.parse(res.body)
    expect(body.status).toBe('degraded')
    expect(body.database).toEqual({ state: 'unavailable', kind: 'none' })
    expect(ApiErrorBodySchema.parse(res.body).error).toEqual({
      code: 'service_unavailable',
      message: '服务暂时不可用，请稍后再试',
    })
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('should answer at /health too, for monitors, with the same status codes', async () => {
    const up = await request(t.app.callback()).get('/health')
    expect([up.status, HealthDtoSchema.parse(up.body).status]).toEqual([200, 'ok'])
    const down = await request(buildAppWithoutDb().callback()).get('/health')
    expect([down.status, HealthDtoSchema.parse(down.body).status]).toEqual([503, 'degraded'])
  })

  it('should report down after the connection closed', async () => {
    const other = await buildTestApp()
    await other.close()
    const res = await request(other.app.callback()).get('/api/v1/health')
    expect(res.status).toBe(503)
    expect(HealthDtoSchema.parse(res.body).database.state).toBe('down')
  })

  it('should reject query junk it does not read without failing', async () => {
    const res = await request(t.app.callback()).get('/api/v1/health?x=%ZZ')
    expect([200, 400]).toContain(res.status)
  })
})
