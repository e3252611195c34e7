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

/** Writes `head` and waits until the server closes the socket; resolves with what it answered and after how long. */
function hold(port: number, head: string): Promise<{ answer: string; ms: number }> {
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
    expect(res.ms).toBeLessThan(5000)
  })

  it('should close a socket whose body trickles past REQUEST_TIMEOUT_MS', async () => {
    const head =
      'POST /api/v1/auth/wechat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":'
    const res = await hold(port, head)
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
