import net from 'node:net'
import { Writable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app'
import { buildConfig } from './config'
import { unavailableDatabase } from './db'
import { createHttpServer } from './server'

/** Log lines the app wrote, parsed. */
const lines: { level: number; msg: string }[] = []
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line))
    done()
  },
})

/**
 * The status and error code of a raw HTTP answer, checking that its body is the JSON envelope
 * `{ error: { code, message } }` with a Chinese message and the length the head announced.
 */
function envelopeOf(answer: string): { status: number; code: string } | string {
  const split = answer.indexOf('\r\n\r\n')
  if (split === -1) return `no head: ${JSON.stringify(answer)}`
  const head = answer.slice(0, split)
  const body = Buffer.from(answer.slice(split + 4), 'latin1')
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1])
  if (!/\r\ncontent-type: application\/json/i.test(head)) return `not JSON: ${head}`
  if (Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]) !== body.length) return `length differs: ${head}`
  const parsed = JSON.parse(body.toString('utf8')) as { error: { code: string; message: string } }
  if (!/\p{Script=Han}/u.test(parsed.error.message)) return `message not Chinese: ${parsed.error.message}`
  return { status, code: parsed.error.code }
}

/** Writes `head` and waits until the server closes the socket; resolves with what it answered and after how long. */
function hold(port: number, head: string | Buffer): Promise<{ answer: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve) => {
    let answer = ''
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head))
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (answer += d))
    socket.on('error', () => {})
    socket.on('close', () => resolve({ answer, ms: performance.now() - started }))
  })
}

describe('createHttpServer', () => {
  const config = buildConfig({ HEADERS_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '800' })
  const logger = pino({ level: 'info' }, sink)
  const server = createHttpServer(createApp({ config, logger, db: unavailableDatabase() }), config)
  let port = 0
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('should close a socket whose headers never end after HEADERS_TIMEOUT_MS', async () => {
    const res = await hold(port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n')
    expect(res.answer).toMatch(/^HTTP\/1\.1 408/)
    expect(envelopeOf(res.answer)).toEqual({ status: 408, code: 'request_timeout' })
    expect(res.ms).toBeLessThan(5000)
  })

  it('should answer what Node refuses to parse with the error envelope, then close the socket', async () => {
    const request = (path: Buffer | string, headers = '') =>
      Buffer.concat([
        Buffer.from('GET /api/v1/regions/', 'latin1'),
        typeof path === 'string' ? Buffer.from(path, 'latin1') : path,
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${headers}\r\n`, 'latin1'),
      ])
    const cases: [string, Buffer, { status: number; code: string }][] = [
      ['raw UTF-8 in the path', request(Buffer.from('三六', 'utf8')), { status: 400, code: 'bad_request' }],
      [
        'a lone surrogate in the path',
        request(Buffer.from([0xed, 0xa0, 0x80])),
        { status: 400, code: 'bad_request' },
      ],
      ['a malformed header', request('x', 'Bad Header\r\n'), { status: 400, code: 'bad_request' }],
      [
        '20 KB of headers',
        request('x', `X-A: ${'a'.repeat(20_000)}\r\n`),
        { status: 431, code: 'headers_too_large' },
      ],
    ]
    for (const [name, bytes, expected] of cases) {
      const res = await hold(port, bytes)
      expect({ name, answer: envelopeOf(res.answer) }).toEqual({ name, answer: expected })
      expect(res.answer, name).toMatch(/\r\nConnection: close\r\n/i)
      expect(res.ms, name).toBeLessThan(3000)
    }
    // The server goes on serving.
    expect(
      envelopeOf(
        (await hold(port, 'GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).answer,
      ),
    ).toEqual({ status: 404, code: 'not_found' })
  })

  it('should answer a request without Host and an unknown Expect with the envelope too', async () => {
    const noHost = await hold(port, 'GET /api/v1/health HTTP/1.1\r\n\r\n')
    expect(envelopeOf(noHost.answer)).toEqual({ status: 400, code: 'bad_request' })
    expect(noHost.answer).toMatch(/\r\nConnection: close\r\n/i)
    const expectFoo = await hold(port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n')
    expect(envelopeOf(expectFoo.answer)).toEqual({ status: 417, code: 'expectation_failed' })
    // HTTP/1.0 needs no Host: answered as usual.
    const old = await hold(port, 'GET /api/v1/nothing HTTP/1.0\r\n\r\n')
    expect(old.answer).toMatch(/^HTTP\/1\.1 404/)
  })

  it('should close a socket whose body trickles past REQUEST_TIMEOUT_MS', async () => {
    const head =
      'POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":'
    const res = await hold(port, head)
    expect(envelopeOf(res.answer)).toEqual({ status: 408, code: 'request_timeout' })
    expect(res.ms).toBeGreaterThanOrEqual(700)
    expect(res.ms).toBeLessThan(5000)
  })

  it('should log a client that gives up mid-body at info, not as an error', async () => {
    lines.length = 0
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(
          'POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"co',
          () => setTimeout(() => socket.destroy(), 50),
        ),
      )
      socket.on('close', () => resolve())
    })
    await new Promise((r) => setTimeout(r, 200))
    expect(lines.filter((l) => l.level >= 50)).toEqual([])
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: 'client closed the connection before sending the whole body',
      }),
    )
  })
})
