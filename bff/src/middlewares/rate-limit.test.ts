import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import mongoose from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { buildConfig } from '../config'
import { databaseFromConnection } from '../db'
import type { Database } from '../db'
import { createLogger } from '../logger'
import { buildAppWithoutDb, buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { createHttpServer } from '../server'
import { canonicalPath, clientKey, limitsGet } from './rate-limit'

const CSV = Buffer.from('姓名,金额\n张三,100\n')

describe('rateLimit', () => {
  describe('per client address', () => {
    it('should answer 429 rate_limited with Retry-After once an address is over its limit', async () => {
      const server = buildAppWithoutDb({
        RATE_LIMIT_DEV_PER_IP: '2',
        RATE_LIMIT_WINDOW_SECONDS: '30',
      }).callback()
      for (let i = 0; i < 2; i++) {
        const res = await request(server).get('/api/v1/dev/demo-users')
        expect(res.status).toBe(404)
      }
      const limited = await request(server).get('/api/v1/dev/demo-users')
      expect(limited.status).toBe(429)
      expect(limited.body.error.code).toBe('rate_limited')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(30)
      // Routes outside the policy are not counted.
      expect((await request(server).get('/api/v1/health')).status).not.toBe(429)
    })

    it('should count sign-ins apart from searches', async () => {
      const server = buildAppWithoutDb({
        RATE_LIMIT_AUTH_PER_IP: '1',
        RATE_LIMIT_SEARCH_PER_IP: '1',
      }).callback()
      expect((await request(server).post('/api/v1/auth/wechat').send({})).status).toBe(400)
      expect((await request(server).post('/api/v1/auth/refresh').send({})).status).toBe(429)
      expect((await request(server).get('/api/v1/search')).status).not.toBe(429)
      expect((await request(server).get('/api/v1/search')).status).toBe(429)
    })

    it('should count by the address a trusted proxy appended, not by what the client wrote before it', async () => {
      const server = buildAppWithoutDb({ RATE_LIMIT_AUTH_PER_IP: '1', TRUST_PROXY: 'true' }).callback()
      const from = (forwarded: string) =>
        request(server).post('/api/v1/auth/wechat').set('X-Forwarded-For', forwarded).send({})
      expect((await from('203.0.113.7')).status).toBe(400)
      expect((await from('198.51.100.1, 203.0.113.7')).status).toBe(429)
      expect((await from('203.0.113.8')).status).toBe(400)
    })
  })

  describe('however the path is spelled', () => {
    // A real listening server: the paths below reach Node and the router byte for byte, as a client sends them.
    const servers: http.Server[] = []
    const listen = async (overrides: Parameters<typeof buildAppWithoutDb>[0]) => {
      const config = buildConfig(overrides)
      const server = createHttpServer(buildAppWithoutDb(overrides), config)
      servers.push(server)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      return (method: string, path: string) =>
        fetch(`${base}${path}`, {
          method,
          headers: { 'Content-Type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        }).then(async (res) => {
          await res.arrayBuffer()
          return { status: res.status }
        })
    }
    afterAll(async () => {
      for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    const variants: Record<string, [method: string, canonical: string, spellings: string[]]> = {
      auth: [
        'POST',
        '/api/v1/auth/wechat',
        [
          '/api/v1/auth/wechat/',
          '/api/v1/AUTH/WECHAT',
          '/API/V1/auth/wechat',
          '/api/v1/Auth/Wechat/',
          '/api/v1/auth/refresh/',
          '/API/V1/AUTH/REFRESH',
        ],
      ],
      dev: [
        'POST',
        '/api/v1/dev/login-code',
        ['/api/v1/DEV/login-code', '/api/v1/dev/login-code/', '/API/V1/Dev/Login-Code'],
      ],
      search: ['GET', '/api/v1/search', ['/api/v1/search/', '/api/v1/Search', '/API/V1/SEARCH/']],
    }

    it('should route every spelling below to the limited route (so the limit must cover them)', async () => {
      const send = await listen({})
      for (const [method, canonical, spellings] of Object.values(variants)) {
        const expected = (await send(method, canonical)).status
        expect(expected).not.toBe(404)
        for (const path of spellings)
          expect({ path, status: (await send(method, path)).status }).toEqual({ path, status: expected })
      }
    })

    it('should count a sign-in, a development call and a search whatever the case or trailing slash', async () => {
      const send = await listen({
        RATE_LIMIT_AUTH_PER_IP: '1',
        RATE_LIMIT_DEV_PER_IP: '1',
        RATE_LIMIT_SEARCH_PER_IP: '1',
      })
      for (const [method, canonical, spellings] of Object.values(variants)) {
        expect((await send(method, canonical)).status).not.toBe(429)
        for (const path of spellings)
          expect({ path, status: (await send(method, path)).status }).toEqual({ path, status: 429 })
      }
      // The router answers HEAD with the search route: it is counted with the GETs.
      expect((await send('HEAD', '/api/v1/search')).status).toBe(429)
    })

    it('should leave every spelling of a limited GET to the middleware chain, not the public fast path', () => {
      const limited = limitsGet(buildConfig({ RATE_LIMIT_SEARCH_PER_IP: '5' }))
      for (const path of [
        '/api/v1/search',
        '/api/v1/search/',
        '/api/v1/Search',
        '/api/v1//search',
        '/api/v1/%73earch',
      ])
        expect({ path, limited: limited(path) }).toEqual({ path, limited: true })
      expect(limited('/api/v1/disclosures/0123456789abcdef01234567')).toBe(false)
    })

    it('should fold case, duplicate and trailing slashes and percent-encoding', () => {
      expect(canonicalPath('/API/V1//Auth/WeChat///')).toBe('/api/v1/auth/wechat')
      expect(canonicalPath('/api/v1/auth/%77echat')).toBe('/api/v1/auth/wechat')
      expect(canonicalPath('/api/v1/%E4%B8')).toBe('/api/v1/%e4%b8')
      expect(canonicalPath('/')).toBe('/')
      expect(canonicalPath('//')).toBe('/')
    })
  })

  describe('clientKey', () => {
    it('should count IPv4-mapped addresses as IPv4 and IPv6 addresses by their /64', () => {
      expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1')
      expect(clientKey('10.0.0.1')).toBe('10.0.0.1')
      expect(clientKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
      expect(clientKey('2001:0db8:0000:0001:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:1::/64')
      expect(clientKey('::1')).toBe('0:0:0:0::/64')
    })
  })

  describe('per signed-in user', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await buildTestApp({ RATE_LIMIT_UPLOAD_PER_USER: '2', RATE_LIMIT_UPLOAD_PER_IP: '100' })
    })
    afterAll(async () => {
      await t.close()
    })

    it('should answer 429 to a user over the upload limit while another user on the same address goes on', async () => {
      const server = t.app.callback()
      const secretary = (await signIn(t.app, 'demo-secretary')).auth
      const other = (await signIn(t.app, 'demo-secretary-2')).auth
      const upload = (who: string) =>
        request(server)
          .post('/api/v1/disclosures/0123456789abcdef01234567/attachments')
          .set('Authorization', who)
          .attach('file', CSV, { filename: 'a.csv', contentType: 'text/csv' })
      for (let i = 0; i < 2; i++) expect((await upload(secretary)).status).not.toBe(429)
      const limited = await upload(secretary)
      expect(limited.status).toBe(429)
      expect(limited.body.error.code).toBe('rate_limited')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect((await upload(other)).status).not.toBe(429)
    })
  })

  describe('several BFF instances on one database', () => {
    const databases: Database[] = []
    let drop: () => Promise<void> = async () => {}
    afterAll(async () => {
      for (const db of databases) await db.close()
      await drop()
    })

    it('should share the count, so a client cannot multiply its allowance by the number of instances', async () => {
      const { createTestDatabase } = await import('@cunwu/embedded-mongo/testing')
      const testDb = await createTestDatabase()
      drop = testDb.drop
      const config = buildConfig({ RATE_LIMIT_DEV_PER_IP: '3' })
      const servers = []
      for (let i = 0; i < 2; i++) {
        const connection = await mongoose.createConnection(testDb.uri, { dbName: testDb.dbName }).asPromise()
        const db = databaseFromConnection(connection, 'embedded')
        databases.push(db)
        servers.push(createApp({ config, logger: createLogger(config), db }).callback())
      }
      const [a, b] = servers
      if (!a || !b) throw new Error('two apps expected')
      expect((await request(a).get('/api/v1/dev/demo-users')).status).toBe(404)
      expect((await request(b).get('/api/v1/dev/demo-users')).status).toBe(404)
      expect((await request(a).get('/api/v1/dev/demo-users')).status).toBe(404)
      const limited = await request(b).get('/api/v1/dev/demo-users')
      expect(limited.status).toBe(429)
      expect(limited.body.error.code).toBe('rate_limited')
    })
  })
})
