import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { postJson } from '../test-helpers'
import { pushSignature } from './media-check'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const CLEAN = Buffer.from('clean image bytes')
const BAD = Buffer.from('risky image bytes')

/** A stand-in for the mini-program's server: serves two files and records the pushes it receives. */
async function startServer() {
  const pushes: { query: URLSearchParams; body: Record<string, unknown> }[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'GET') {
      const file = url.pathname === '/clean.jpg' ? CLEAN : url.pathname === '/bad.jpg' ? BAD : null
      res.writeHead(file ? 200 : 404).end(file ?? undefined)
      return
    }
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      pushes.push({ query: url.searchParams, body: JSON.parse(raw) as Record<string, unknown> })
      res.writeHead(200).end('success')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, pushes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describe('POST /wxa/media_check_async', () => {
  let sim: WechatSim
  let token = ''
  let openid = ''
  let site: Awaited<ReturnType<typeof startServer>>
  beforeEach(async () => {
    sim = await startWechatSim({ apps: [APP] })
    site = await startServer()
    token = String(
      (await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP }))
        .body.access_token,
    )
    openid = sim.control.openidOf('zhang')
  })
  afterEach(async () => {
    await sim.stop()
    await site.close()
  })
  const start = async (body: Record<string, unknown>, accessToken = token) =>
    (await postJson(`${sim.baseUrl}/wxa/media_check_async?access_token=${accessToken}`, body)).body

  it('should answer a trace id at once and push the verdict, signed, to the message server', async () => {
    const set = await postJson(`${sim.baseUrl}/__sim/message-push`, {
      url: `${site.base}/push`,
      token: 'Tok3n',
    })
    expect(set.status).toBe(200)
    const bad = createHash('sha256').update(BAD).digest('hex')
    expect((await postJson(`${sim.baseUrl}/__sim/security/risky-media`, { sha256: [bad] })).status).toBe(200)

    const clean = await start({
      media_url: `${site.base}/clean.jpg`,
      media_type: 2,
      version: 2,
      scene: 2,
      openid,
    })
    const risky = await start({
      media_url: `${site.base}/bad.jpg`,
      media_type: 2,
      version: 2,
      scene: 2,
      openid,
    })
    expect(clean).toMatchObject({ errcode: 0, errmsg: 'ok', trace_id: expect.any(String) })
    await sim.mediaCheck.settle()

    expect(site.pushes).toHaveLength(2)
    for (const p of site.pushes) {
      const [timestamp, nonce] = [p.query.get('timestamp') ?? '', p.query.get('nonce') ?? '']
      expect(p.query.get('signature')).toBe(pushSignature('Tok3n', timestamp, nonce))
      expect(p.body).toMatchObject({
        MsgType: 'event',
        Event: 'wxa_media_check',
        version: 2,
        appid: APP.appid,
      })
    }
    const verdictOf = (traceId: unknown) => site.pushes.find((p) => p.body.trace_id === traceId)?.body.result
    expect(verdictOf(clean.trace_id)).toMatchObject({ suggest: 'pass' })
    expect(verdictOf(risky.trace_id)).toMatchObject({ suggest: 'risky' })
    const checks = (await (await fetch(`${sim.baseUrl}/__sim/security/media-checks`)).json()) as {
      checks: { push: string }[]
    }
    expect(checks.checks.map((c) => c.push)).toEqual(['pushed', 'pushed'])
  })

  it('should check the request as the real API does', async () => {
    const base = { media_url: `${site.base}/clean.jpg`, media_type: 2, version: 2, scene: 2, openid }
    expect(await start(base, 'bad-token')).toMatchObject({ errcode: 40014 })
    expect(await start({ ...base, media_url: 'ftp://x/y.jpg' })).toMatchObject({ errcode: 47001 })
    expect(await start({ ...base, media_type: 3 })).toMatchObject({ errcode: 47001 })
    expect(await start({ ...base, scene: 9 })).toMatchObject({ errcode: 40129 })
    expect(await start({ ...base, openid: 'o-unknown' })).toMatchObject({ errcode: 43104 })
    // Without a message server the check runs but nothing is pushed.
    await sim.mediaCheck.settle()
    expect(sim.mediaCheck.checks().every((c) => c.push !== 'pushed')).toBe(true)
    expect((await postJson(`${sim.baseUrl}/__sim/security/risky-media`, { sha256: ['xyz'] })).status).toBe(
      400,
    )
  })
})
