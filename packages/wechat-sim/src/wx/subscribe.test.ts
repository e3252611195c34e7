import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { getJson, postJson } from '../test-helpers'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const TEMPLATES = [
  { templateId: 'T_NOTICE', title: '村务公开提醒', keys: ['thing1', 'time2', 'phrase3'] },
  {
    templateId: 'T_PROGRESS',
    title: '办理进度',
    kind: 'long_term' as const,
    keys: ['character_string1', 'phrase2'],
  },
  {
    templateId: 'T_VOTE',
    title: '投票结果',
    keys: ['enum1', 'const2'],
    enums: { enum1: ['通过', '未通过'] },
  },
]
const DATA = {
  thing1: { value: '2024年第三季度财务公开' },
  time2: { value: '2024-10-08 09:30' },
  phrase3: { value: '已公示' },
}

describe('POST /cgi-bin/message/subscribe/send', () => {
  let sim: WechatSim
  let token = ''
  let openid = ''
  beforeEach(async () => {
    sim = await startWechatSim({
      apps: [APP],
      templates: TEMPLATES,
      pages: ['pages/notice/detail', 'pages/index/index'],
    })
    token = String(
      (await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP }))
        .body.access_token,
    )
    openid = sim.control.openidOf('zhang')
  })
  afterEach(() => sim.stop())

  const send = async (body: Record<string, unknown>, accessToken = token) =>
    (await postJson(`${sim.baseUrl}/cgi-bin/message/subscribe/send?access_token=${accessToken}`, body)).body
  const notice = (extra: Record<string, unknown> = {}) => ({
    touser: openid,
    template_id: 'T_NOTICE',
    page: 'pages/notice/detail?id=42',
    data: DATA,
    ...extra,
  })

  it('should send once per accept and answer 43101 when credits are used up', async () => {
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_NOTICE', count: 2 })
    const first = await send(notice())
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok' })
    expect(Number.isSafeInteger(first.msgid)).toBe(true)
    expect((await send(notice())).errcode).toBe(0)
    const third = await send(notice())
    expect(third.errcode).toBe(43101)
    expect(String(third.errmsg)).toMatch(/^user refuse to accept the msg rid: /)
    const sent = sim.control.sentMessages({ userKey: 'zhang' })
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatchObject({
      templateId: 'T_NOTICE',
      page: 'pages/notice/detail?id=42',
      data: { phrase3: '已公示' },
    })
  })

  it('should not consume a credit on a failed send', async () => {
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_NOTICE' })
    const bad = await send(notice({ data: { ...DATA, thing1: { value: '一'.repeat(21) } } }))
    expect(bad.errcode).toBe(47003)
    expect(String(bad.errmsg)).toContain('data.thing1.value invalid')
    expect(sim.control.subscriptions({ userKey: 'zhang' })[0]?.credits).toBe(1)
    expect((await send(notice())).errcode).toBe(0)
  })

  it('should send long-term templates repeatedly after one accept', async () => {
    const body = {
      touser: openid,
      template_id: 'T_PROGRESS',
      data: { character_string1: { value: 'YS-2024-001' }, phrase2: { value: '办理中' } },
    }
    expect((await send(body)).errcode).toBe(43101)
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_PROGRESS' })
    for (let i = 0; i < 3; i++) expect((await send(body)).errcode).toBe(0)
    sim.control.revokeSubscription({ userKey: 'zhang', templateId: 'T_PROGRESS' })
    expect((await send(body)).errcode).toBe(43101)
  })

  it('should answer 40003 for an empty or unknown openid and 40037 for an unknown template', async () => {
    expect((await send(notice({ touser: '' }))).errcode).toBe(40003)
    expect((await send(notice({ touser: 'oUnknownUnknownUnknownUnknown' }))).errcode).toBe(40003)
    expect((await send(notice({ template_id: 'T_NOPE' }))).errcode).toBe(40037)
    expect((await send(notice({ template_id: undefined }))).errcode).toBe(40037)
  })

  it('should answer 47003 naming the field for empty, missing and ill-typed values', async () => {
    const empty = await send(notice({ data: { ...DATA, phrase3: { value: '' } } }))
    expect(empty.errmsg).toMatch(/^argument invalid! data\.phrase3\.value is emtpy rid: /)
    const missing = await send(notice({ data: { thing1: DATA.thing1, phrase3: DATA.phrase3 } }))
    expect(missing.errmsg).toContain('data.time2.value is emtpy')
    const phrase = await send(notice({ data: { ...DATA, phrase3: { value: '已经公示完毕' } } }))
    expect(phrase.errmsg).toContain('data.phrase3.value invalid')
    const time = await send(notice({ data: { ...DATA, time2: { value: '下午三点' } } }))
    expect(time.errmsg).toContain('data.time2.value invalid')
    const numeric = await send(notice({ data: { ...DATA, thing1: { value: 3 } } }))
    expect(numeric.errmsg).toContain('data.thing1.value invalid')
  })

  it('should check enum values and skip const keys', async () => {
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_VOTE', count: 2 })
    const base = { touser: openid, template_id: 'T_VOTE' }
    expect((await send({ ...base, data: { enum1: { value: '待定' } } })).errcode).toBe(47003)
    expect((await send({ ...base, data: { enum1: { value: '通过' } } })).errcode).toBe(0)
  })

  it('should answer 41030 for a page that is not in the live version', async () => {
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_NOTICE' })
    expect((await send(notice({ page: 'pages/secret/index' }))).errcode).toBe(41030)
    expect((await send(notice({ page: '' }))).errcode).toBe(41030)
    expect((await send(notice({ page: '/pages/index/index' }))).errcode).toBe(0)
  })

  it('should answer 47003 for a bad miniprogram_state or lang, and send without a page', async () => {
    sim.control.grantSubscription({ userKey: 'zhang', templateId: 'T_NOTICE' })
    expect((await send(notice({ miniprogram_state: 'beta' }))).errcode).toBe(47003)
    expect((await send(notice({ lang: 'fr_FR' }))).errcode).toBe(47003)
    expect((await send(notice({ page: undefined, miniprogram_state: 'trial', lang: 'en_US' }))).errcode).toBe(
      0,
    )
  })

  it('should answer 40001 and 42001 for revoked and expired tokens', async () => {
    sim.control.revokeAccessTokens()
    expect((await send(notice())).errcode).toBe(40001)
    const fresh = (
      await postJson(`${sim.baseUrl}/cgi-bin/stable_token`, { grant_type: 'client_credential', ...APP })
    ).body
    sim.control.expireAccessTokens()
    expect((await send(notice(), String(fresh.access_token))).errcode).toBe(42001)
  })

  it('should answer 44002, 47001 and 43002 for empty bodies, bad JSON and GET', async () => {
    const url = `${sim.baseUrl}/cgi-bin/message/subscribe/send?access_token=${token}`
    expect((await postJson(url, '')).body.errcode).toBe(44002)
    expect((await postJson(url, '{x')).body.errcode).toBe(47001)
    expect((await getJson(url)).body.errcode).toBe(43002)
  })

  it('should serve the subscribe control API over HTTP', async () => {
    const res = await postJson(`${sim.baseUrl}/__sim/subscribe`, {
      userKey: 'zhang',
      templateIds: ['T_NOTICE'],
      count: 1,
    })
    expect(res.body).toMatchObject({ errMsg: 'requestSubscribeMessage:ok', T_NOTICE: 'accept' })
    expect(
      (
        await postJson(`${sim.baseUrl}/__sim/subscribe`, {
          userKey: 'zhang',
          templateIds: ['T_NOTICE', 'T_PROGRESS'],
        })
      ).body.errCode,
    ).toBe(20002)
    expect(
      (await postJson(`${sim.baseUrl}/__sim/subscribe`, { userKey: 'zhang', templateIds: ['X'] })).body
        .errCode,
    ).toBe(20001)
    const subs = await getJson(`${sim.baseUrl}/__sim/subscriptions?userKey=zhang`)
    expect(subs.body.subscriptions).toEqual([{ openid, templateId: 'T_NOTICE', credits: 1, longTerm: false }])
    expect((await send(notice())).errcode).toBe(0)
    const messages = await getJson(`${sim.baseUrl}/__sim/messages?userKey=zhang`)
    expect(messages.body.messages).toHaveLength(1)
    await fetch(`${sim.baseUrl}/__sim/messages`, { method: 'DELETE' })
    expect((await getJson(`${sim.baseUrl}/__sim/messages`)).body.messages).toHaveLength(0)
    expect((await getJson(`${sim.baseUrl}/__sim/templates`)).body.templates).toHaveLength(3)
  })
})
