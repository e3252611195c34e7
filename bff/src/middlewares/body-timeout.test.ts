import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, listenOn } from '../testing/build-app'
import type { ListeningApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'

/**
 * Tester r2's N3: the server's request timeout is sized for uploads (300 s), so a JSON body has its own,
 * JSON_BODY_TIMEOUT_MS (here 300 ms): a body still trickling in then is answered 408 and its connection closed.
 */
describe('a JSON body that takes too long to arrive', () => {
  let t: TestApp
  let listening: ListeningApp
  let port = 0

  beforeAll(async () => {
    t = await buildTestApp({ JSON_BODY_TIMEOUT_MS: '300', SEED_DEMO: 'false' })
    listening = await listenOn(t.app)
    port = listening.port
  })
  afterAll(async () => {
    await listening.close()
    await t.close()
  })

  /** Sends the headers and the first bytes of a 100-byte JSON body, then a byte every 100 ms until the socket ends. */
  function trickle(path: string) {
    return new Promise<{ raw: string; closedAfterMs: number }>((resolve, reject) => {
      const started = Date.now()
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":"`,
        )
      })
      const drip = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write('x')
      }, 100)
      let raw = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => (raw += chunk))
      socket.on('error', () => undefined)
      socket.on('close', () => {
        clearInterval(drip)
        resolve({ raw, closedAfterMs: Date.now() - started })
      })
      setTimeout(() => {
        clearInterval(drip)
        socket.destroy()
        reject(new Error('the server kept the connection open'))
      }, 10_000)
    })
  }

  it('should answer 408 in the error envelope and close the connection, on any route', async () => {
    for (const path of ['/api/v1/auth/dev-login', '/api/v1/no-such-route']) {
      const { raw, closedAfterMs } = await trickle(path)
      expect([path, raw.split('\r\n')[0]]).toEqual([path, 'HTTP/1.1 408 Request Timeout'])
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as {
        error: { code: string; message: string }
      }
      expect(body.error.code).toBe('request_timeout')
      expect(body.error.message).toBe('请求超时，请检查网络后重试')
      expect(closedAfterMs).toBeLessThan(5_000)
    }
  })
})
