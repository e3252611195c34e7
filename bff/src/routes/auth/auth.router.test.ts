import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { MeDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'

describe('auth routes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
  })
  afterAll(async () => {
    await t.close()
  })

  async function freshCode(userKey: string): Promise<string> {
    const res = await request(server).post('/api/v1/dev/login-code').send({ userKey })
    return res.body.code
  }

  describe('POST /api/v1/auth/wechat', () => {
    it('should sign a demo person in and keep the session_key on the server', async () => {
      const res = await request(server)
        .post('/api/v1/auth/wechat')
        .send({ code: await freshCode('demo-secretary') })
      expect(res.status).toBe(200)
      expect(res.body.accessToken).toMatch(/^ey/)
      expect(res.body.refreshToken.length).toBeGreaterThan(30)
      expect(JSON.stringify(res.body)).not.toMatch(/session_key|sessionKey|openid/)
      const me = await request(server)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
      expect(me.status).toBe(200)
      const body = MeDtoSchema.parse(me.body)
      expect(body.roles.map((r) => r.role)).toEqual(['secretary'])
      expect(body.activeRole?.role).toBe('secretary')
    })

    it('should answer a used code with 401 wechat_code_used', async () => {
      const code = await freshCode('demo-villager')
      expect((await request(server).post('/api/v1/auth/wechat').send({ code })).status).toBe(200)
      const again = await request(server).post('/api/v1/auth/wechat').send({ code })
      expect(again.status).toBe(401)
      expect(again.body.error.code).toBe('wechat_code_used')
    })

    it('should answer a forged code with 401 wechat_code_invalid', async () => {
      const res = await request(server).post('/api/v1/auth/wechat').send({ code: 'forged-code-0000' })
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('wechat_code_invalid')
    })

    it('should answer an expired code with 401 wechat_code_invalid', async () => {
      const code = await freshCode('demo-villager')
      t.runtime.wechatSim?.control.advanceClock(6 * 60 * 1000)
      const res = await request(server).post('/api/v1/auth/wechat').send({ code })
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('wechat_code_invalid')
    })

    it('should reject a missing code with 400 validation_error', async () => {
      const res = await request(server).post('/api/v1/auth/wechat').send({})
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    })
  })

  describe('access tokens', () => {
    it('should answer no token with 401 unauthorized', async () => {
      const res = await request(server).get('/api/v1/me')
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
    })

    it('should answer a tampered token with 401 token_invalid', async () => {
      const { accessToken } = await signIn(t.app, 'demo-villager')
      const [h, p, s] = accessToken.split('.')
      const tampered = `${h}.${p}x.${s}`
      const res = await request(server).get('/api/v1/me').set('Authorization', `Bearer ${tampered}`)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('token_invalid')
    })

    it('should answer a token signed with another key with 401 token_invalid', async () => {
      const forged = await new SignJWT({ sid: '0123456789abcdef01234567' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('0123456789abcdef01234567')
        .setIssuer('cunwu-bff')
        .setAudience('cunwu-miniapp')
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('another-secret-another-secret-another'))
      const res = await request(server).get('/api/v1/me').set('Authorization', `Bearer ${forged}`)
      expect(res.body.error.code).toBe('token_invalid')
    })

    it('should answer an expired token with 401 token_expired', async () => {
      const key = new TextEncoder().encode(t.config.JWT_SECRET)
      const expired = await new SignJWT({ sid: '0123456789abcdef01234567' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('0123456789abcdef01234567')
        .setIssuer('cunwu-bff')
        .setAudience('cunwu-miniapp')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key)
      const res = await request(server).get('/api/v1/me').set('Authorization', `Bearer ${expired}`)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('token_expired')
    })
  })

  describe('refresh and logout', () => {
    it('should rotate refresh tokens and revoke the session when an old one is replayed', async () => {
      const first = await signIn(t.app, 'demo-township')
      const rotated = await request(server)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken })
      expect(rotated.status).toBe(200)
      expect(rotated.body.refreshToken).not.toBe(first.refreshToken)
      const replay = await request(server)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken })
      expect(replay.status).toBe(401)
      expect(replay.body.error.code).toBe('refresh_token_reused')
      // The whole session is gone: the newest tokens stop working too.
      const after = await request(server)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${rotated.body.accessToken}`)
      expect(after.body.error.code).toBe('session_revoked')
    })

    it('should answer an unknown refresh token with 401 refresh_token_invalid', async () => {
      const res = await request(server)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) })
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('refresh_token_invalid')
    })

    it('should revoke the session on logout', async () => {
      const s = await signIn(t.app, 'demo-county')
      expect((await request(server).post('/api/v1/auth/logout').set('Authorization', s.auth)).status).toBe(
        204,
      )
      const me = await request(server).get('/api/v1/me').set('Authorization', s.auth)
      expect(me.status).toBe(401)
      expect(me.body.error.code).toBe('session_revoked')
      const refresh = await request(server)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: s.refreshToken })
      expect(refresh.status).toBe(401)
    })
  })

  describe('POST /api/v1/me/active-role', () => {
    it('should switch only to a role one holds', async () => {
      const s = await signIn(t.app, 'demo-villager')
      const me = MeDtoSchema.parse(
        (await request(server).get('/api/v1/me').set('Authorization', s.auth)).body,
      )
      const own = me.roles[0]
      expect(own).toBeDefined()
      const ok = await request(server).post('/api/v1/me/active-role').set('Authorization', s.auth).send(own)
      expect(ok.status).toBe(200)
      const foreign = await request(server)
        .post('/api/v1/me/active-role')
        .set('Authorization', s.auth)
        .send({ role: 'admin', regionCode: own?.regionCode })
      expect(foreign.status).toBe(422)
      expect(foreign.body.error.code).toBe('role_not_held')
      const bad = await request(server)
        .post('/api/v1/me/active-role')
        .set('Authorization', s.auth)
        .send({ role: 'villager', regionCode: '12345' })
      expect(bad.status).toBe(400)
    })
  })

  describe('GET /api/v1/dev/demo-users', () => {
    it('should list the demo people in sim mode', async () => {
      const res = await request(server).get('/api/v1/dev/demo-users')
      expect(res.status).toBe(200)
      expect(res.body.users.map((u: { userKey: string }) => u.userKey)).toContain('demo-newcomer')
    })
  })
})
