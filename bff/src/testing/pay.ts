import http from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import request from 'supertest'
import type { WechatSim } from '@cunwu/wechat-sim'
import { addDays, shanghaiDateOf } from '@cunwu/domain'
import type { Config } from '../config'
import { buildTestApp } from './build-app'
import type { TestApp } from './build-app'

/** A callback WeChat Pay (the simulator) sent, held back from the app. */
export interface HeldCallback {
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** A test app reachable over HTTP, so the simulator can deliver pay callbacks to it. */
export interface PayTestApp extends TestApp {
  sim: WechatSim
  /** Base URL the callbacks reach (notify URLs start with it). */
  base: string
  /** While true, callbacks are answered 503 and kept in `held` instead of reaching the app. */
  hold: { on: boolean }
  held: HeldCallback[]
  /** Statuses the app answered to callbacks, in order. */
  answers: number[]
  /** Milliseconds the app took for each callback (arrival to answer), in order. */
  timings: number[]
}

/**
 * Builds a test app behind a real loopback server, with WECHAT_PAY_NOTIFY_BASE pointing at it, so the in-process
 * simulator's callbacks arrive over HTTP exactly as in production.
 */
export async function buildPayTestApp(
  overrides: Partial<Record<keyof Config, string>> = {},
): Promise<PayTestApp> {
  let handler: http.RequestListener | null = null
  const hold = { on: false }
  const held: HeldCallback[] = []
  const answers: number[] = []
  const timings: number[] = []
  const server = http.createServer((req, res) => {
    const isCallback = (req.url ?? '').startsWith('/api/v1/pay/')
    if (isCallback && hold.on) {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        held.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"FAIL","message":"held"}')
      })
      return
    }
    if (isCallback) {
      const started = performance.now()
      res.on('finish', () => {
        timings.push(performance.now() - started)
        answers.push(res.statusCode)
      })
    }
    if (handler) handler(req, res)
    else res.writeHead(503).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const base = `http://127.0.0.1:${port}`
  const t = await buildTestApp({ WECHAT_PAY_NOTIFY_BASE: base, ...overrides })
  handler = t.app.callback()
  const sim = t.runtime.wechatSim
  if (!sim) throw new Error('the test app has no in-process simulator')
  return {
    ...t,
    sim,
    base,
    hold,
    held,
    answers,
    timings,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await t.close()
    },
  }
}

/** Sends a held callback to the app again (a replay), byte for byte with its original headers. */
export async function replayCallback(t: PayTestApp, cb: HeldCallback): Promise<request.Response> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(cb.headers)) {
    if (typeof v === 'string' && k.toLowerCase().startsWith('wechatpay-')) headers[k] = v
  }
  return request(t.app.callback())
    .post(cb.url)
    .set(headers)
    .set('Content-Type', 'application/json')
    .send(cb.body)
}

/** Waits until `check` holds (polling), failing after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * A charge's due date `days` ahead of today in China: a charge may not fall due before today (docs/wechat-pay.md),
 * so fixtures take their date from the clock rather than a fixed day that would one day be past.
 */
export function dueDateAhead(days = 30, now: number = Date.now()): string {
  return addDays(shanghaiDateOf(now), days)
}
