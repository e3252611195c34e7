import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, listenOn } from '../testing/build-app'
import type { ListeningApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { demoRegionOf } from '../testing/demo'
import { jpegWithMetadata } from '../testing/upload-files'

const VILLAGE = demoRegionOf('demo-secretary')
const BOUNDARY = 'paceboundary'

/** A multipart body holding `file` as the one `file` part. */
function multipart(file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="凭证.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ])
}

/**
 * Tester's slow uploads: the server's request timeout (300 s) is sized for uploads, so a client trickling one held a
 * connection and an upload slot that long. Uploads have a minimum rate (here 2,000 B/s over 500 ms windows): a trickle
 * is answered 408 after a window and its connection closed; a slow phone above the rate, pausing inside a window, is not.
 */
describe('an upload that arrives too slowly', () => {
  let t: TestApp
  let listening: ListeningApp
  let port = 0
  let auth = ''

  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MIN_BYTES_PER_SECOND: '2000', UPLOAD_RATE_WINDOW_MS: '500' })
    auth = (await signIn(t.app, 'demo-secretary')).auth
    listening = await listenOn(t.app)
    port = listening.port
  })
  afterAll(async () => {
    await listening.close()
    await t.close()
  })

  /**
   * Sends a voucher upload's headers, then `body` `step` bytes every 100 ms (none while `paused(ms)` holds), and
   * reads what comes back until the server closes the socket or, having answered, it is ended here.
   */
  function send(body: Buffer, step: number, paused: (sinceStartMs: number) => boolean = () => false) {
    return new Promise<{ raw: string; closedAfterMs: number }>((resolve, reject) => {
      const started = Date.now()
      let sent = 0
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/v1/villages/${VILLAGE}/ledger/vouchers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\n` +
            `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`,
        )
      })
      const drip = setInterval(() => {
        if (socket.destroyed || !socket.writable || sent >= body.length || paused(Date.now() - started))
          return
        socket.write(body.subarray(sent, sent + step))
        sent += step
      }, 100)
      let raw = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        raw += chunk
        // A complete answer to a complete body: nothing more will come on this keep-alive connection.
        if (sent >= body.length && /\r\n\r\n[\s\S]*\}$/.test(raw)) socket.end()
      })
      socket.on('error', () => undefined)
      socket.on('close', () => {
        clearInterval(drip)
        clearTimeout(guard)
        resolve({ raw, closedAfterMs: Date.now() - started })
      })
      const guard = setTimeout(() => {
        clearInterval(drip)
        socket.destroy()
        reject(new Error('the server kept the connection open'))
      }, 15_000)
    })
  }

  it('should answer a trickle 408 in the error envelope and close the connection', async () => {
    const { raw, closedAfterMs } = await send(multipart(jpegWithMetadata(Buffer.alloc(20_000, 0x41))), 1)
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }
    expect(body.error.code).toBe('request_timeout')
    // One window (500 ms) and the next tick at most, not the 300 s request timeout.
    expect(closedAfterMs).toBeLessThan(3_000)
  })

  it('should take a slow upload above the rate, even one that stalls inside a window', async () => {
    const file = jpegWithMetadata(Buffer.alloc(20_000, 0x41))
    // 1,000 bytes per 100 ms (10 KB/s, five times the minimum), silent from 1.0 s to 1.3 s.
    const { raw } = await send(multipart(file), 1000, (ms) => ms > 1000 && ms < 1300)
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 201 Created')
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { filename: string }
    expect(body.filename).toBe('凭证.jpg')
  })
})
