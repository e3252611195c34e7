import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { ApiErrorBodySchema } from '@cunwu/domain'
import { buildAppWithoutDb, buildTestApp } from './testing/build-app'
import { createHttpServer } from './server'
import { demoHouseholds } from './services/seed.service'
import { signIn } from './testing/sign-in'
import { demoRegionOf } from './testing/demo'

describe('createApp', () => {
  const app = buildAppWithoutDb({ BODY_LIMIT_BYTES: '1024' })
  const server = app.callback()

  describe('bad input', () => {
    it('should answer an unknown route with 404 not_found in the error shape', async () => {
      const res = await request(server).get('/api/v1/nope')
      expect(res.status).toBe(404)
      expect(ApiErrorBodySchema.parse(res.body).error.code).toBe('not_found')
    })

    it('should answer malformed JSON with 400 invalid_json', async () => {
      const res = await request(server)
        .post('/api/v1/health')
        .set('Content-Type', 'application/json')
        .send('{"a": ')
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_json')
    })

    it('should answer a body over the limit with 413 payload_too_large', async () => {
      const res = await request(server)
        .post('/api/v1/health')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ text: 'x'.repeat(4096) }))
      expect(res.status).toBe(413)
      expect(res.body.error.code).toBe('payload_too_large')
    })

    it('should answer a wrong method with 405 method_not_allowed and an Allow header', async () => {
      const res = await request(server).delete('/api/v1/health')
      expect(res.status).toBe(405)
      expect(res.body.error.code).toBe('method_not_allowed')
      expect(res.headers.allow).toContain('GET')
    })

    it('should answer an unsupported body type with 415', async () => {
      const res = await request(server)
        .post('/api/v1/health')
        .set('Content-Type', 'application/xml')
        .send('<a/>')
      expect(res.status).toBe(415)
      expect(res.body.error.code).toBe('unsupported_media_type')
    })
  })

  describe('every response', () => {
    it('should carry a request id, echoing a well-formed incoming one', async () => {
      const res = await request(server).get('/api/v1/health').set('X-Request-Id', 'abc-123')
      expect(res.headers['x-request-id']).toBe('abc-123')
      const fresh = await request(server).get('/api/v1/health').set('X-Request-Id', 'bad id with spaces')
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('should send security headers', async () => {
      const res = await request(server).get('/api/v1/health')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    })

    it('should allow CORS only for configured origins', async () => {
      const ok = await request(server).get('/api/v1/health').set('Origin', 'http://127.0.0.1:10086')
      expect(ok.headers['access-control-allow-origin']).toBe('http://127.0.0.1:10086')
      const other = await request(server).get('/api/v1/health').set('Origin', 'http://evil.example')
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
    })
  })

  describe('static H5 build', () => {
    it('should serve index.html at / and leave /api to the routers', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-h5-'))
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>村务通</title>')
      const withStatic = buildAppWithoutDb({ STATIC_DIR: dir }).callback()
      const page = await request(withStatic).get('/')
      expect(page.status).toBe(200)
      expect(page.text).toContain('村务通')
      expect(page.headers['cache-control']).toBe('no-cache')
      const missing = await request(withStatic).get('/api/v1/missing')
      expect(missing.status).toBe(404)
      expect(missing.body.error.code).toBe('not_found')
    })
  })

  describe('links the server builds', () => {
    it('should start at PUBLIC_BASE_URL whatever Host, X-Forwarded-Host or Origin the request names', async () => {
      const t = await buildTestApp({ PUBLIC_BASE_URL: 'https://cunwu.example.cn/', TRUST_PROXY: 'true' })
      const server = createHttpServer(t.app, t.config)
      try {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        const village = demoRegionOf('demo-secretary')
        const household = demoHouseholds(village)[3]
        const secretary = await signIn(t.app, 'demo-secretary')
        const invite = await request(base)
          .post(`/api/v1/villages/${village}/invites`)
          .set('Authorization', secretary.auth)
          .set('Host', 'attacker.example:3499')
          .set('X-Forwarded-Host', 'attacker.example')
          .set('Origin', 'https://attacker.example')
          .send({ householdNo: household?.householdNo, name: household?.headName })
        expect(invite.status).toBe(201)
        const png = PNG.sync.read(Buffer.from(String(invite.body.qrDataUrl).split(',')[1] ?? '', 'base64'))
        const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
        expect(link).toBe(`https://cunwu.example.cn/#/pages/join/index?scene=${String(invite.body.scene)}`)
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await t.close()
      }
    }, 60_000)
  })
})
