import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { ApiErrorBodySchema } from '@cunwu/domain'
import Koa from 'koa'
import { mongo } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../testing/build-app'
import { serviceUnavailable } from '../errors'
import { errorHandler } from './error-handler'

/** Sends a raw request line (paths Node's client would refuse or normalise) and returns the status. */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${rawPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    )
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (answer += d))
    socket.on('error', reject)
    socket.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0),
        body: answer.slice(answer.indexOf('\r\n\r\n') + 4),
      }),
    )
  })
}

describe('errorHandler', () => {
  let server: http.Server
  let port = 0
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-h5-'))
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>村务通</title>')
    server = http.createServer(buildAppWithoutDb({ STATIC_DIR: dir }).callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('answers the checks zod makes itself in plain Chinese, and a message written in the schema as it is', async () => {
    const search = async (query: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/search?regionCode=360102001001&${query}`)
      return { status: res.status, body: ApiErrorBodySchema.parse(await res.json()) }
    }
    const long = await search(`q=${encodeURIComponent('补'.repeat(60))}`)
    expect(long.status).toBe(400)
    expect(long.body.error.code).toBe('validation_error')
    expect(long.body.error.details).toEqual({ 'query.q': '最多 50 个字' })
    const notNumber = await search(`q=${encodeURIComponent('补贴')}&limit=${encodeURIComponent('二十')}`)
    expect(notNumber.body.error.details).toEqual({ 'query.limit': '应为数字' })
    const tooMany = await search(`q=${encodeURIComponent('补贴')}&limit=500`)
    expect(tooMany.body.error.details).toEqual({ 'query.limit': '不能大于 50' })
    const blank = await search(`q=${encodeURIComponent('   ')}`)
    expect(blank.body.error.details).toEqual({ 'query.q': '请输入关键词' })
  })

  /** Posts `body` as JSON with the given Content-Encoding (fetch sends the bytes as they are). */
  async function postEncoded(encoding: string, body: Buffer) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/wechat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      body: new Blob([new Uint8Array(body)]),
    })
    return { status: res.status, body: ApiErrorBodySchema.parse(await res.json()) }
  }

  describe('bodies with a Content-Encoding', () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      it(`should answer a body that is not valid ${encoding} with 400 invalid_body_encoding`, async () => {
        const res = await postEncoded(encoding, Buffer.from('this is not compressed at all'))
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('invalid_body_encoding')
      })
    }

    it('should answer a truncated gzip body with 400 invalid_body_encoding', async () => {
      const gz = zlib.gzipSync(JSON.stringify({ code: 'x'.repeat(200) }))
      const res = await postEncoded('gzip', gz.subarray(0, gz.length - 10))
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_body_encoding')
    })

    it('should still read a valid gzip body', async () => {
      const res = await postEncoded('gzip', zlib.gzipSync(JSON.stringify({ nope: 1 })))
      // Decoded, then validated: the body lacks `code`.
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    })
  })

  describe('static paths that the file server refuses', () => {
    for (const [raw, status, code] of [
      ['/..%2f..%2fetc/passwd', 403, 'forbidden'],
      ['/%', 400, 'bad_request'],
      ['/index.html%00.js', 400, 'bad_request'],
    ] as const) {
      it(`should answer ${raw} with the file server's ${status} in the error shape`, async () => {
        const res = await rawGet(port, raw)
        expect(res.status).toBe(status)
        expect(ApiErrorBodySchema.parse(JSON.parse(res.body)).error.code).toBe(code)
      })
    }
  })
})

describe('a write the database could not store', () => {
  it('answers 503 storage_full in Chinese, not 500, for MongoDB OutOfDiskSpace (the embedded engine on a full disk)', async () => {
    const app = new Koa().use(errorHandler())
    app.silent = true
    app.use(() => {
      // What the driver raises for the engine's answer to a write whose commit the disk refused.
      throw new mongo.MongoServerError({
        ok: 0,
        code: 14031,
        codeName: 'OutOfDiskSpace',
        errmsg: 'the write could not be saved to the data directory (is the disk full?)',
      })
    })
    const server = http.createServer(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/anything`)
      expect(res.status).toBe(503)
      const body = ApiErrorBodySchema.parse(await res.json())
      expect(body.error.code).toBe('storage_full')
      expect(body.error.message).toMatch(/^服务器存储空间不足/)
    } finally {
      server.close()
    }
  })
})

describe('a request the lost database connection cut off', () => {
  /** What a request answers when its handler fails with `err`. */
  async function answerTo(err: unknown): Promise<{ status: number; code: string; message: string }> {
    const app = new Koa().use(errorHandler())
    app.silent = true
    app.use(() => {
      throw err
    })
    const server = http.createServer(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/me`)
      const body = ApiErrorBodySchema.parse(await res.json())
      return { status: res.status, code: body.error.code, message: body.error.message }
    } finally {
      server.close()
    }
  }

  it('answers 503 service_unavailable in Chinese, not 500, for the driver errors of a database that went away', async () => {
    // A real server-selection failure: the driver asked for a socket nothing listens on.
    const dead = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-dead-')), 'gone.sock')
    const client = new mongo.MongoClient(`mongodb://${encodeURIComponent(dead)}/`, {
      serverSelectionTimeoutMS: 200,
    })
    const selection = await client
      .db('x')
      .collection('y')
      .findOne({})
      .catch((e: unknown) => e)
    await client.close()
    expect(selection).toBeInstanceOf(mongo.MongoServerSelectionError)
    // The bare socket error the driver let through when the engine died under a write (tester t1, D2).
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' })
    epipe.stack = `Error: write EPIPE\n    at Connection.writeCommand (/srv/cunwu/node_modules/mongodb/src/cmap/connection.ts:722:23)`
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    reset.stack = `Error: read ECONNRESET\n    at Socket (/srv/cunwu/node_modules/mongodb/lib/cmap/connect.js:1:1)`
    for (const err of [
      selection,
      new mongo.MongoNetworkError('read ECONNRESET'),
      new mongo.MongoNotConnectedError('not connected'),
      epipe,
      reset,
    ]) {
      expect(await answerTo(err)).toEqual({
        status: 503,
        code: 'service_unavailable',
        message: '服务暂时不可用，请稍后再试',
      })
    }
  })

  it('says what a part away for a while wrote for the person (a poster timeout), not 服务器内部错误', async () => {
    expect(await answerTo(serviceUnavailable('海报生成超时，请稍后再试，或按乡镇分别下载'))).toEqual({
      status: 503,
      code: 'service_unavailable',
      message: '海报生成超时，请稍后再试，或按乡镇分别下载',
    })
  })

  it('still answers 500 for a socket error that did not come from the driver', async () => {
    const other = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
    other.stack = 'Error: write EPIPE\n    at somewhere (/srv/cunwu/bff/src/clients/speech/espeak.ts:1:1)'
    expect((await answerTo(other)).status).toBe(500)
  })
})
