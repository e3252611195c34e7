import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from './sim'
import { postJson } from './test-helpers'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const STABLE = '/cgi-bin/stable_token'

describe('fault injection', () => {
  let sim: WechatSim
  beforeEach(async () => {
    sim = await startWechatSim({ apps: [APP] })
  })
  afterEach(() => sim.stop())

  const stable = () => postJson(`${sim.baseUrl}${STABLE}`, { grant_type: 'client_credential', ...APP })

  it('should fail the next N matching calls with an errcode, then recover', async () => {
    sim.control.injectFault({ match: STABLE, times: 2, effect: { kind: 'errcode', errcode: -1 } })
    expect((await stable()).body.errcode).toBe(-1)
    expect((await stable()).body.errmsg).toMatch(/^system error rid: /)
    expect((await stable()).body.access_token).toBeDefined()
  })

  it('should only affect matching paths', async () => {
    sim.control.injectFault({ match: '/sns/', effect: { kind: 'errcode', errcode: 40226 } })
    expect((await stable()).body.access_token).toBeDefined()
  })

  it('should answer an injected HTTP 5xx', async () => {
    sim.control.injectFault({ effect: { kind: 'http', status: 502, body: 'bad gateway' } })
    const res = await fetch(`${sim.baseUrl}${STABLE}`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(502)
    expect(await res.text()).toBe('bad gateway')
  })

  it('should drop the connection', async () => {
    sim.control.injectFault({ effect: { kind: 'drop' } })
    await expect(stable()).rejects.toThrow()
  })

  it('should hang during a timeout outage until cleared', async () => {
    sim.control.setOutage(STABLE, 'timeout')
    const hung = fetch(`${sim.baseUrl}${STABLE}`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(200),
    })
    await expect(hung).rejects.toThrow()
    sim.control.clearFaults()
    expect((await stable()).body.access_token).toBeDefined()
  })

  it('should answer 503 during an http_503 outage set over HTTP', async () => {
    await postJson(`${sim.baseUrl}/__sim/outage`, { match: '/cgi-bin/', mode: 'http_503' })
    expect((await fetch(`${sim.baseUrl}${STABLE}`, { method: 'POST' })).status).toBe(503)
    // Control endpoints are never affected.
    await fetch(`${sim.baseUrl}/__sim/faults`, { method: 'DELETE' })
    expect((await stable()).body.access_token).toBeDefined()
  })

  it('should inject faults over HTTP', async () => {
    const res = await postJson(`${sim.baseUrl}/__sim/faults`, {
      match: STABLE,
      effect: { kind: 'errcode', errcode: 45009 },
    })
    expect(res.status).toBe(200)
    expect((await stable()).body.errcode).toBe(45009)
    expect((await postJson(`${sim.baseUrl}/__sim/faults`, { effect: { kind: 'nope' } })).status).toBe(400)
  })

  it('should cap requests per second with 45009', async () => {
    sim.control.setRateLimit({ match: STABLE, perSecond: 3 })
    // Align to the start of a wall-clock second so all four calls land in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)))
    const results = await Promise.all([stable(), stable(), stable(), stable()])
    const codes = results.map((r) => r.body.errcode ?? 0)
    expect(codes.filter((c) => c === 45009)).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 1000))
    expect((await stable()).body.access_token).toBeDefined()
  })

  it('should add latency', async () => {
    await postJson(`${sim.baseUrl}/__sim/latency`, { match: STABLE, ms: 150 })
    const started = Date.now()
    await stable()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })
})
