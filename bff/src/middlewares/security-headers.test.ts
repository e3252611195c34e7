import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../testing/build-app'

describe('securityHeaders', () => {
  it('should send neither HSTS nor upgrade-insecure-requests over plain HTTP', async () => {
    const res = await request(buildAppWithoutDb().callback()).get('/api/v1/health')
    expect(res.headers['strict-transport-security']).toBeUndefined()
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  })

  it('should ignore X-Forwarded-Proto unless the proxy is trusted', async () => {
    const res = await request(buildAppWithoutDb().callback())
      .get('/api/v1/health')
      .set('X-Forwarded-Proto', 'https')
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('should send both behind a trusted proxy that terminated TLS', async () => {
    const res = await request(buildAppWithoutDb({ TRUST_PROXY: 'true' }).callback())
      .get('/api/v1/health')
      .set('X-Forwarded-Proto', 'https')
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests')
  })

  it('should send both in production, which is always served over HTTPS', async () => {
    const res = await request(
      buildAppWithoutDb({
        NODE_ENV: 'production',
        PUBLIC_BASE_URL: 'https://cunwu.example.cn',
        ALLOW_WECHAT_SIM_IN_PRODUCTION: 'true',
      }).callback(),
    ).get('/api/v1/health')
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests')
  })
})
