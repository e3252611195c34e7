import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { getJson, postJson } from '../test-helpers'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }

describe('POST /cgi-bin/stable_token', () => {
  let sim: WechatSim
  let now = 1_700_000_000_000
  beforeEach(async () => {
    now = 1_700_000_000_000
    sim = await startWechatSim({ apps: [APP], now: () => now })
  })
  afterEach(() => sim.stop())

  const stable = async (force = false) =>
    (
      await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, {
        grant_type: 'client_credential',
        ...APP,
        force_refresh: force,
      })
    ).body
  // Any token-checked API tells whether a token is accepted; getuserphonenumber answers 40029 for a bad code.
  const use = async (token: unknown) =>
    (
      await postJson(`${sim.baseUrl}/wxa/business/getuserphonenumber?access_token=${String(token)}`, {
        code: 'x',
      })
    ).body.errcode

  it('should return the same token with the remaining lifetime while valid', async () => {
    const first = await stable()
    expect(first.expires_in).toBe(7200)
    expect(String(first.access_token).length).toBeGreaterThan(100)
    now += 1000_000
    const second = await stable()
    expect(second.access_token).toBe(first.access_token)
    expect(second.expires_in).toBe(6200)
  })

  it('should rotate in the last 5 minutes and keep the old token valid until its expiry', async () => {
    const first = await stable()
    now += (7200 - 299) * 1000
    const second = await stable()
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.expires_in).toBe(7200)
    expect(await use(first.access_token)).toBe(40029)
    now += 299_000
    expect(await use(first.access_token)).toBe(42001)
    expect(await use(second.access_token)).toBe(40029)
  })

  it('should force a new token, keep the previous for 5 minutes, and kill it on a second force 30 s later', async () => {
    const leaked = await stable()
    const forced = await stable(true)
    expect(forced.access_token).not.toBe(leaked.access_token)
    expect(await use(leaked.access_token)).toBe(40029)
    // Within 30 s a force does not refresh.
    now += 10_000
    expect((await stable(true)).access_token).toBe(forced.access_token)
    now += 20_000
    const again = await stable(true)
    expect(again.access_token).not.toBe(forced.access_token)
    expect(await use(leaked.access_token)).toBe(40001)
    expect(await use(forced.access_token)).toBe(40029)
    now += 301_000
    expect(await use(forced.access_token)).toBe(40001)
  })

  it('should answer 45009 after 20 forced refreshes in a day', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await stable(true)).access_token).toBeDefined()
      now += 31_000
    }
    expect((await stable(true)).errcode).toBe(45009)
  })

  it('should check appid, secret, grant_type and the body', async () => {
    const url = `${sim.baseUrl}/cgi-bin/stable_token`
    expect(
      (await postJson(url, { grant_type: 'client_credential', appid: 'wxnope', secret: 'x' })).body.errcode,
    ).toBe(40013)
    expect(
      (await postJson(url, { grant_type: 'client_credential', appid: APP.appid, secret: 'x' })).body.errcode,
    ).toBe(40125)
    expect((await postJson(url, { grant_type: 'x', ...APP })).body.errcode).toBe(40002)
    expect((await postJson(url, { grant_type: 'client_credential', secret: 'x' })).body.errcode).toBe(41002)
    expect((await postJson(url, { grant_type: 'client_credential', appid: APP.appid })).body.errcode).toBe(
      41004,
    )
    expect((await postJson(url, '')).body.errcode).toBe(44002)
    expect((await postJson(url, '{')).body.errcode).toBe(47001)
    expect((await getJson(url)).body.errcode).toBe(43002)
  })

  it('should let the control API expire (42001) and revoke (40001) tokens', async () => {
    const t = await stable()
    sim.control.revokeAccessTokens(APP.appid)
    expect(await use(t.access_token)).toBe(40001)
    const t2 = await stable()
    expect(t2.access_token).not.toBe(t.access_token)
    const res = await postJson(`${sim.baseUrl}/__sim/tokens/expire`, {})
    expect(res.body.expired).toBe(1)
    expect(await use(t2.access_token)).toBe(42001)
  })
})

describe('GET /cgi-bin/token', () => {
  let sim: WechatSim
  let now = 1_700_000_000_000
  beforeEach(async () => {
    now = 1_700_000_000_000
    sim = await startWechatSim({ apps: [APP], now: () => now })
  })
  afterEach(() => sim.stop())

  const classic = async (secret = APP.secret) =>
    (
      await getJson(
        `${sim.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${APP.appid}&secret=${secret}`,
      )
    ).body

  it('should issue a new token per call and keep the old one 5 more minutes', async () => {
    const a = await classic()
    const b = await classic()
    expect(a.access_token).not.toBe(b.access_token)
    expect(b.expires_in).toBe(7200)
    const use = async (token: unknown) =>
      (
        await postJson(`${sim.baseUrl}/wxa/business/getuserphonenumber?access_token=${String(token)}`, {
          code: 'x',
        })
      ).body.errcode
    expect(await use(a.access_token)).toBe(40029)
    now += 300_000
    expect(await use(a.access_token)).toBe(40001)
    expect(await use(b.access_token)).toBe(40029)
  })

  it('should keep stable_token isolated from cgi-bin/token', async () => {
    const s = (
      await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP })
    ).body
    await classic()
    await classic()
    const s2 = (
      await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP })
    ).body
    expect(s2.access_token).toBe(s.access_token)
  })

  it('should answer 40125 for a wrong secret', async () => {
    expect((await classic('bad')).errcode).toBe(40125)
  })
})
