import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { postJson } from '../test-helpers'
import { DOCUMENTED_RISKY_TEST_STRING } from './security'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }

describe('POST /wxa/msg_sec_check', () => {
  let sim: WechatSim
  let token = ''
  let openid = ''
  beforeEach(async () => {
    sim = await startWechatSim({ apps: [APP] })
    token = String(
      (await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP }))
        .body.access_token,
    )
    openid = sim.control.openidOf('zhang')
  })
  afterEach(() => sim.stop())

  const check = async (body: Record<string, unknown>, accessToken = token) =>
    (await postJson(`${sim.baseUrl}/wxa/msg_sec_check?access_token=${accessToken}`, body)).body

  it('should pass plain text and judge the documented test string risky', async () => {
    const ok = await check({ version: 2, scene: 2, openid, content: '第3行 金额不对' })
    expect(ok).toMatchObject({ errcode: 0, result: { suggest: 'pass', label: 100 } })
    const risky = await check({
      version: 2,
      scene: 2,
      openid,
      content: `你好${DOCUMENTED_RISKY_TEST_STRING}`,
    })
    expect(risky).toMatchObject({ errcode: 0, result: { suggest: 'risky', label: 20001 } })
    expect(JSON.stringify(risky.detail)).toContain(DOCUMENTED_RISKY_TEST_STRING)
  })

  it('should answer 87014 for risky content on the retired version 1', async () => {
    expect((await check({ content: DOCUMENTED_RISKY_TEST_STRING })).errcode).toBe(87014)
    expect((await check({ content: '你好' })).errcode).toBe(0)
  })

  it('should refuse a bad token, scene, openid and oversized content', async () => {
    expect((await check({ version: 2, scene: 2, openid, content: 'x' }, 'nope')).errcode).toBe(40014)
    expect((await check({ version: 2, scene: 9, openid, content: 'x' })).errcode).toBe(40129)
    expect((await check({ version: 2, scene: 2, openid: 'o-unknown', content: 'x' })).errcode).toBe(43104)
    expect((await check({ version: 2, scene: 2, openid, content: '字'.repeat(2501) })).errcode).toBe(47001)
  })

  it('should take a new risky-word list through the control API', async () => {
    const set = await postJson(`${sim.baseUrl}/__sim/security/risky-words`, { words: ['坏话'] })
    expect(set.body).toEqual({ words: ['坏话'] })
    expect((await check({ version: 2, scene: 2, openid, content: '这是坏话' })).result).toMatchObject({
      suggest: 'risky',
    })
    expect(
      (await check({ version: 2, scene: 2, openid, content: DOCUMENTED_RISKY_TEST_STRING })).result,
    ).toMatchObject({ suggest: 'pass' })
    expect((await postJson(`${sim.baseUrl}/__sim/security/risky-words`, { words: 'x' })).status).toBe(400)
  })

  it('should answer review for a configured review word, risky words winning', async () => {
    await postJson(`${sim.baseUrl}/__sim/security/risky-words`, { words: ['坏话'] })
    const set = await postJson(`${sim.baseUrl}/__sim/security/review-words`, { words: ['拿不准'] })
    expect(set.body).toEqual({ words: ['拿不准'] })
    expect((await check({ version: 2, scene: 2, openid, content: '这句拿不准' })).result).toEqual({
      suggest: 'review',
      label: 21000,
    })
    expect((await check({ version: 2, scene: 2, openid, content: '拿不准的坏话' })).result).toMatchObject({
      suggest: 'risky',
    })
    expect((await postJson(`${sim.baseUrl}/__sim/security/review-words`, { words: [1] })).status).toBe(400)
  })
})
