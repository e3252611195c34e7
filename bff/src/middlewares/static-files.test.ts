import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../testing/build-app'
import { IMMUTABLE_CACHE } from './static-files'

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

const APP_JS = `console.log(${JSON.stringify('村务通'.repeat(2000))})\n`
const HTML = `<!doctype html><html lang="zh-CN"><title>村务通</title><body>${'<div></div>'.repeat(200)}</body></html>`

describe('staticFiles', () => {
  let dir: string
  let server: http.Server
  let port = 0
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-h5-'))
    fs.mkdirSync(path.join(dir, 'js'))
    fs.writeFileSync(path.join(dir, 'index.html'), HTML)
    fs.writeFileSync(path.join(dir, 'js', 'app.1a5ee960.js'), APP_JS)
    fs.writeFileSync(
      path.join(dir, 'sw.js'),
      `self.addEventListener('fetch', () => {})\n${'//'.repeat(800)}\n`,
    )
    // The build step itself writes the .br/.gz copies, as `npm run build:h5` does.
    const script = path.resolve(import.meta.dirname, '../../../scripts/precompress-h5.mjs')
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    server = http.createServer(buildAppWithoutDb({ STATIC_DIR: dir }).callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('should have written brotli and gzip copies at build time', () => {
    for (const file of ['index.html', 'js/app.1a5ee960.js', 'sw.js']) {
      expect(fs.existsSync(path.join(dir, `${file}.br`)), file).toBe(true)
      expect(fs.existsSync(path.join(dir, `${file}.gz`)), file).toBe(true)
    }
  })

  it('should serve the brotli copy to a client that accepts br', async () => {
    const res = await rawGet(port, '/js/app.1a5ee960.js', { 'Accept-Encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(res.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4)
    expect(zlib.brotliDecompressSync(res.body).toString('utf8')).toBe(APP_JS)
  })

  it('should serve the gzip copy to a client that accepts only gzip', async () => {
    const res = await rawGet(port, '/js/app.1a5ee960.js', { 'Accept-Encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(zlib.gunzipSync(res.body).toString('utf8')).toBe(APP_JS)
  })

  it('should serve the file as it is to a client that accepts no encoding', async () => {
    const res = await rawGet(port, '/js/app.1a5ee960.js')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toMatch(/Accept-Encoding/i)
    expect(res.body.toString('utf8')).toBe(APP_JS)
  })

  it('should serve the file as it is, not 500, to a client that refuses every coding', async () => {
    for (const file of ['/sw.js', '/js/app.1a5ee960.js', '/']) {
      for (const acceptEncoding of ['identity;q=0', '*;q=0', 'deflate, identity;q=0']) {
        const res = await rawGet(port, file, { 'Accept-Encoding': acceptEncoding })
        expect({ file, acceptEncoding, status: res.status }).toEqual({ file, acceptEncoding, status: 200 })
        expect(res.headers['content-encoding'], `${file} ${acceptEncoding}`).toBeUndefined()
        const expected = file === '/' ? HTML : file === '/sw.js' ? undefined : APP_JS
        if (expected) expect(res.body.toString('utf8')).toBe(expected)
        else expect(res.body.toString('utf8')).toMatch(/^self\.addEventListener/)
      }
    }
  })

  it('should let hashed assets be cached for a year and revalidate index.html and the service worker', async () => {
    const asset = await rawGet(port, '/js/app.1a5ee960.js', { 'Accept-Encoding': 'br' })
    expect(asset.headers['cache-control']).toBe(IMMUTABLE_CACHE)
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable')
    for (const urlPath of ['/', '/index.html', '/sw.js']) {
      const res = await rawGet(port, urlPath, { 'Accept-Encoding': 'br' })
      expect(res.status, urlPath).toBe(200)
      expect(res.headers['content-encoding'], urlPath).toBe('br')
      expect(res.headers['cache-control'], urlPath).toBe('no-cache')
    }
    const page = await rawGet(port, '/', { 'Accept-Encoding': 'br' })
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(zlib.brotliDecompressSync(page.body).toString('utf8')).toBe(HTML)
  })

  it('should send the document-only headers with index.html and the service worker, not with scripts', async () => {
    for (const urlPath of ['/', '/index.html', '/sw.js']) {
      const res = await rawGet(port, urlPath, { 'Accept-Encoding': 'br' })
      expect(res.headers['content-security-policy'], urlPath).toMatch(/script-src 'self'/)
      expect(res.headers['x-frame-options'], urlPath).toBe('SAMEORIGIN')
      expect(res.headers['x-content-type-options'], urlPath).toBe('nosniff')
    }
    for (const encoding of ['br', 'gzip', '']) {
      const script = await rawGet(port, '/js/app.1a5ee960.js', { 'Accept-Encoding': encoding })
      expect(script.status).toBe(200)
      for (const name of [
        'content-security-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        'x-xss-protection',
      ])
        expect(script.headers[name], `${name} (${encoding || 'identity'})`).toBeUndefined()
      // What does apply to a script stays: no MIME sniffing, not loadable by other sites, the referrer policy.
      expect(script.headers['x-content-type-options']).toBe('nosniff')
      expect(script.headers['cross-origin-resource-policy']).toBe('same-origin')
      expect(script.headers['referrer-policy']).toBe('no-referrer')
    }
    // An address that is not a file falls through to the API's 404, which keeps every header.
    const missing = await rawGet(port, '/js/missing.1a5ee960.js')
    expect(missing.status).toBe(404)
    expect(missing.headers['content-security-policy']).toMatch(/default-src 'self'/)
  })
})
