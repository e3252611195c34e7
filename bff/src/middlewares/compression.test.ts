import http from 'node:http'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../testing/build-app'
import { COMPRESSION_THRESHOLD_BYTES, compression, isCompressibleType } from './compression'

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** GET with exactly these headers, answering the bytes as sent (Node's fetch would decompress them). */
function rawGet(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
  })
}

async function listen(app: Koa): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app.callback())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

describe('compression', () => {
  describe('on the API', () => {
    let server: http.Server
    let port = 0
    beforeAll(async () => {
      ;({ server, port } = await listen(buildAppWithoutDb()))
    })
    afterAll(() => new Promise((resolve) => server.close(resolve)))

    it('should compress a large JSON answer with brotli when the client accepts it', async () => {
      const plain = await rawGet(port, '/api/v1/openapi.json')
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES)

      const br = await rawGet(port, '/api/v1/openapi.json', { 'Accept-Encoding': 'gzip, deflate, br' })
      expect(br.status).toBe(200)
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers.vary).toMatch(/Accept-Encoding/i)
      expect(br.body.length).toBeLessThan(plain.body.length / 3)
      expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
    })

    it('should compress with gzip for a client without brotli', async () => {
      const res = await rawGet(port, '/api/v1/openapi.json', { 'Accept-Encoding': 'gzip' })
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(JSON.parse(zlib.gunzipSync(res.body).toString('utf8'))).toHaveProperty('openapi')
    })

    it('should answer uncompressed, not 500, when the client refuses every coding we have', async () => {
      const plain = await rawGet(port, '/api/v1/openapi.json')
      for (const acceptEncoding of [
        'identity;q=0',
        '*;q=0',
        'deflate, identity;q=0',
        'gzip;q=0, br;q=0, identity;q=0',
        'identity;Q=0',
        'deflate;q=abc',
      ]) {
        const res = await rawGet(port, '/api/v1/openapi.json', { 'Accept-Encoding': acceptEncoding })
        expect({ acceptEncoding, status: res.status }).toEqual({ acceptEncoding, status: 200 })
        expect(res.headers['content-encoding'], acceptEncoding).toBeUndefined()
        expect(res.headers.vary, acceptEncoding).toMatch(/Accept-Encoding/i)
        expect(res.body.equals(plain.body), acceptEncoding).toBe(true)
      }
      // A coding it accepts besides the refusals is still used.
      const gzip = await rawGet(port, '/api/v1/openapi.json', { 'Accept-Encoding': 'identity;q=0, gzip' })
      expect(gzip.headers['content-encoding']).toBe('gzip')
      // The route's own errors still reach the error handler.
      const missing = await rawGet(port, '/api/v1/no-such-route', { 'Accept-Encoding': 'identity;q=0' })
      expect(missing.status).toBe(404)
      expect(JSON.parse(missing.body.toString('utf8'))).toMatchObject({ error: { code: 'not_found' } })
    })

    it('should leave an answer below the threshold as it is', async () => {
      // The error envelope of an unknown path is a few dozen bytes.
      const res = await rawGet(port, '/api/v1/no-such-route', { 'Accept-Encoding': 'br, gzip' })
      expect(res.status).toBe(404)
      expect(res.headers['content-encoding']).toBeUndefined()
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ error: { code: 'not_found' } })
    })
  })

  describe('on formats that are compressed already', () => {
    const big = Buffer.alloc(64 * 1024, 7)
    const served: Record<string, string> = {
      '/audio.mp3': 'audio/mpeg',
      '/audio.wav': 'audio/wav',
      '/poster.pdf': 'application/pdf',
      '/list.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      '/page.txt': 'text/plain',
    }
    let server: http.Server
    let port = 0
    beforeAll(async () => {
      const app = new Koa()
      app.use(compression())
      app.use((ctx) => {
        const type = served[ctx.path]
        if (!type) return
        ctx.type = type
        ctx.body = big
      })
      ;({ server, port } = await listen(app))
    })
    afterAll(() => new Promise((resolve) => server.close(resolve)))

    it('should never compress audio, PDF or spreadsheets, and compress text', async () => {
      for (const urlPath of ['/audio.mp3', '/audio.wav', '/poster.pdf', '/list.xlsx']) {
        const res = await rawGet(port, urlPath, { 'Accept-Encoding': 'br, gzip' })
        expect(res.headers['content-encoding'], urlPath).toBeUndefined()
        expect(res.body.length, urlPath).toBe(big.length)
      }
      const text = await rawGet(port, '/page.txt', { 'Accept-Encoding': 'br, gzip' })
      expect(text.headers['content-encoding']).toBe('br')
    })

    it('should know which types are text', () => {
      expect(isCompressibleType('application/json; charset=utf-8')).toBe(true)
      expect(isCompressibleType('text/csv; charset=utf-8')).toBe(true)
      expect(isCompressibleType('audio/mpeg')).toBe(false)
      expect(isCompressibleType('application/pdf')).toBe(false)
      expect(isCompressibleType('application/zip')).toBe(false)
    })
  })
})
