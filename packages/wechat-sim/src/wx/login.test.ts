import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { getJson, postJson } from '../test-helpers'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const BOUND = { appid: 'wxbbbbbbbbbbbbbbbb', secret: 'secret-b', unionid: true }

describe('GET /sns/jscode2session', () => {
  let sim: WechatSim
  let now = 1_700_000_000_000
  beforeEach(async () => {
    now = 1_700_000_000_000
    sim = await startWechatSim({ apps: [APP, BOUND], now: () => now })
  })
  afterEach(() => sim.stop())

  const session = (code: string, app: { appid: string; secret: string } = APP) =>
    getJson(
      `${sim.baseUrl}/sns/jscode2session?appid=${app.appid}&secret=${app.secret}&js_code=${code}&grant_type=authorization_code`,
    )

  it('should exchange a code for openid and session_key without errcode', async () => {
    const { code, openid } = sim.control.loginCode('zhang')
    const res = await session(code)
    expect(res.status).toBe(200)
    expect(res.body.openid).toBe(openid)
    expect(res.body.errcode).toBeUndefined()
    expect(res.body.unionid).toBeUndefined()
    expect(Buffer.from(String(res.body.session_key), 'base64')).toHaveLength(16)
    expect(openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
  })

  it('should give a user stable openids that differ per app', async () => {
    const a1 = sim.control.loginCode('zhang').openid
    const a2 = sim.control.loginCode('zhang').openid
    const b = sim.control.loginCode('zhang', BOUND.appid).openid
    expect(a1).toBe(a2)
    expect(b).not.toBe(a1)
    expect(sim.control.loginCode('li').openid).not.toBe(a1)
  })

  it('should return unionid when the app is bound to an Open Platform account', async () => {
    const { code } = sim.control.loginCode('zhang', BOUND.appid)
    const res = await session(code, BOUND)
    expect(res.body.unionid).toMatch(/^o/)
  })

  it('should answer 40163 for a code used twice', async () => {
    const { code } = sim.control.loginCode('zhang')
    await session(code)
    const res = await session(code)
    expect(res.body.errcode).toBe(40163)
    expect(String(res.body.errmsg)).toMatch(/^code been used rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/)
  })

  it('should answer 40029 for an unknown code, a code of another app and a code older than 5 minutes', async () => {
    expect((await session('nope')).body.errcode).toBe(40029)
    const other = sim.control.loginCode('zhang', BOUND.appid).code
    expect((await session(other)).body.errcode).toBe(40029)
    const { code } = sim.control.loginCode('zhang')
    now += 300_001
    expect((await session(code)).body.errcode).toBe(40029)
  })

  it('should accept a code just under 5 minutes old', async () => {
    const { code } = sim.control.loginCode('zhang')
    now += 299_000
    expect((await session(code)).body.openid).toBeDefined()
  })

  it('should answer 40013 for an unknown appid and 40125 for a wrong secret', async () => {
    const { code } = sim.control.loginCode('zhang')
    expect((await session(code, { appid: 'wxnope', secret: 'x' })).body.errcode).toBe(40013)
    expect((await session(code, { appid: APP.appid, secret: 'wrong' })).body.errcode).toBe(40125)
    // A failed exchange does not consume the code.
    expect((await session(code)).body.openid).toBeDefined()
  })

  it('should answer 41002/41004/41008/40002 for missing parameters', async () => {
    const base = `${sim.baseUrl}/sns/jscode2session`
    expect((await getJson(`${base}?secret=s&js_code=c&grant_type=authorization_code`)).body.errcode).toBe(
      41002,
    )
    expect((await getJson(`${base}?appid=a&js_code=c&grant_type=authorization_code`)).body.errcode).toBe(
      41004,
    )
    expect((await getJson(`${base}?appid=a&secret=s&grant_type=authorization_code`)).body.errcode).toBe(41008)
    expect((await getJson(`${base}?appid=a&secret=s&js_code=c&grant_type=x`)).body.errcode).toBe(40002)
  })

  it('should answer 45011 past 100 exchanges per user per minute', async () => {
    const codes = Array.from({ length: 101 }, () => sim.control.loginCode('busy').code)
    for (const code of codes.slice(0, 100)) expect((await session(code)).body.openid).toBeDefined()
    expect((await session(codes[100] ?? '')).body.errcode).toBe(45011)
    now += 60_000
    expect((await session(sim.control.loginCode('busy').code)).body.openid).toBeDefined()
  })

  it('should serve POST /__sim/login-code for the H5 build', async () => {
    const res = await postJson(`${sim.baseUrl}/__sim/login-code`, { userKey: 'h5-user' })
    expect(res.status).toBe(200)
    const exchanged = await session(String(res.body.code))
    expect(exchanged.body.openid).toBe(res.body.openid)
    expect((await postJson(`${sim.baseUrl}/__sim/login-code`, {})).status).toBe(400)
  })
})

describe('POST /wxa/business/getuserphonenumber', () => {
  let sim: WechatSim
  let now = 1_700_000_000_000
  let token = ''
  beforeEach(async () => {
    now = 1_700_000_000_000
    sim = await startWechatSim({
      apps: [APP],
      users: [{ userKey: 'wang', phoneNumber: '13900001111' }],
      now: () => now,
    })
    const t = await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      ...APP,
    })
    token = String(t.body.access_token)
  })
  afterEach(() => sim.stop())

  const phone = (body: unknown, accessToken = token) =>
    postJson(`${sim.baseUrl}/wxa/business/getuserphonenumber?access_token=${accessToken}`, body)

  it('should return phone_info for a fresh phone code', async () => {
    const { code } = sim.control.phoneCode('wang')
    const res = await phone({ code, openid: sim.control.openidOf('wang') })
    expect(res.body).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13900001111',
        purePhoneNumber: '13900001111',
        countryCode: '86',
        watermark: { timestamp: Math.floor(now / 1000), appid: APP.appid },
      },
    })
  })

  it('should answer 40029 for a reused, expired, unknown or foreign code', async () => {
    const { code } = sim.control.phoneCode('wang')
    await phone({ code })
    expect((await phone({ code })).body.errcode).toBe(40029)
    expect((await phone({ code: 'unknown' })).body.errcode).toBe(40029)
    const late = sim.control.phoneCode('wang').code
    now += 301_000
    const fresh = await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      ...APP,
    })
    expect((await phone({ code: late }, String(fresh.body.access_token))).body.errcode).toBe(40029)
    const other = sim.control.phoneCode('wang').code
    expect(
      (await phone({ code: other, openid: sim.control.openidOf('li') }, String(fresh.body.access_token))).body
        .errcode,
    ).toBe(40029)
  })

  it('should answer token errors 41001, 40001 and 42001', async () => {
    const { code } = sim.control.phoneCode('wang')
    expect((await postJson(`${sim.baseUrl}/wxa/business/getuserphonenumber`, { code })).body.errcode).toBe(
      41001,
    )
    expect((await phone({ code }, 'x'.repeat(40))).body.errcode).toBe(40001)
    expect((await phone({ code }, 'x')).body.errcode).toBe(40014)
    sim.control.expireAccessTokens()
    expect((await phone({ code })).body.errcode).toBe(42001)
  })

  it('should answer 44002 for an empty body and 47001 for malformed JSON', async () => {
    expect((await phone('')).body.errcode).toBe(44002)
    expect((await phone('{nope')).body.errcode).toBe(47001)
  })

  it('should let POST /__sim/phone-code choose the number', async () => {
    const res = await postJson(`${sim.baseUrl}/__sim/phone-code`, {
      userKey: 'zhao',
      phoneNumber: '13700000000',
    })
    const info = await phone({ code: res.body.code })
    expect(info.body.phone_info).toMatchObject({ purePhoneNumber: '13700000000' })
  })
})
