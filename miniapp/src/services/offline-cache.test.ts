import { z } from 'zod'
import { ErrorCode } from '@cunwu/domain'
import { __clearStorage, taroMock } from '../../test/__mocks__/taro'
import { MAX_OFFLINE_DISCLOSURES, offlineSavedAt, setOfflineCacheOwner } from './offline-cache'
import { installOfflineCacheOwner, tokenSubject } from './offline-owner'
import { ApiError, request, setAuthTokenGetter } from './request'
import { clearSession, installSession, resetSessionForTests, saveTokens } from './session'

const ALICE = '64b000000000000000000001'
const BOB = '64b000000000000000000002'

/** An unsigned JWT-shaped token whose payload names `sub` (the phone only reads it). */
function tokenFor(sub: string): string {
  const payload = Buffer.from(JSON.stringify({ sub, sid: 'x' })).toString('base64url')
  return `eyJhbGciOiJIUzI1NiJ9.${payload}.signature`
}

function signIn(sub: string): void {
  saveTokens({ accessToken: tokenFor(sub), refreshToken: `refresh-${sub}-0123456789`, expiresIn: 86_400 })
}

const id = (n: number) => `65c${String(n).padStart(21, '0')}`
const disclosurePath = (n: number) => `/api/v1/disclosures/${id(n)}`
const published = (n: number) => ({ id: id(n), status: 'published', title: `第${n}条公开` })

function respond(body: unknown, statusCode = 200) {
  taroMock.request.mockResolvedValueOnce({ statusCode, data: JSON.stringify(body), header: {}, errMsg: 'ok' })
}
function failNetwork() {
  taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
}

async function catchApiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected the request to fail')
}

let uninstall: () => void = () => undefined
beforeEach(() => {
  __clearStorage()
  resetSessionForTests()
  installSession()
  uninstall = installOfflineCacheOwner()
  signIn(ALICE)
})
afterEach(() => {
  uninstall()
  setAuthTokenGetter(null)
  jest.useRealTimers()
})

describe('offline cache', () => {
  it('should answer a disclosure read before from the phone, marked with when it was saved', async () => {
    const readAt = Date.now()
    jest.useFakeTimers({ now: readAt })
    respond(published(1))
    const fresh = await request(disclosurePath(1))
    expect(offlineSavedAt(fresh)).toBeUndefined()

    jest.setSystemTime(readAt + 3 * 3600_000)
    failNetwork()
    const offline = await request(disclosurePath(1), {
      schema: z.object({ id: z.string(), title: z.string() }),
    })
    expect(offline).toEqual({ id: id(1), title: '第1条公开' })
    expect(offlineSavedAt(offline)).toBe(readAt)
  })

  it('should still fail when nothing was kept, or for paths that are never kept', async () => {
    failNetwork()
    expect((await catchApiError(request(disclosurePath(2)))).code).toBe(ErrorCode.NetworkError)
    respond({ ok: true })
    await request('/api/v1/me/inbox')
    failNetwork()
    expect((await catchApiError(request('/api/v1/me/inbox'))).code).toBe(ErrorCode.NetworkError)
  })

  it('should answer from the phone when the server is down, but show a 4xx as it is and forget on 404', async () => {
    respond(published(3))
    await request(disclosurePath(3))
    respond({ error: { code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' } }, 503)
    expect(offlineSavedAt(await request(disclosurePath(3)))).toEqual(expect.any(Number))

    respond({ error: { code: 'not_found', message: '没有找到' } }, 404)
    expect((await catchApiError(request(disclosurePath(3)))).status).toBe(404)
    failNetwork()
    expect((await catchApiError(request(disclosurePath(3)))).code).toBe(ErrorCode.NetworkError)
  })

  it('should never keep a draft (the village staff see it whole)', async () => {
    respond({ id: id(4), status: 'draft', title: '草稿' })
    await request(disclosurePath(4))
    failNetwork()
    expect((await catchApiError(request(disclosurePath(4)))).code).toBe(ErrorCode.NetworkError)
  })

  it(`should keep the last ${MAX_OFFLINE_DISCLOSURES} disclosures opened, reading counting as opening`, async () => {
    for (let n = 1; n <= MAX_OFFLINE_DISCLOSURES; n += 1) {
      respond(published(n))
      await request(disclosurePath(n))
    }
    // Reading no. 1 offline makes it the newest; no. 2 is then the oldest and goes when one more is opened.
    failNetwork()
    await request(disclosurePath(1))
    respond(published(99))
    await request(disclosurePath(99))

    failNetwork()
    expect((await catchApiError(request(disclosurePath(2)))).code).toBe(ErrorCode.NetworkError)
    for (const n of [1, 3, MAX_OFFLINE_DISCLOSURES, 99]) {
      failNetwork()
      expect(await request(disclosurePath(n))).toMatchObject({ id: id(n) })
    }
  })

  it('should keep a feed with its query, and mark the list an API function takes out of it', async () => {
    const feed = '/api/v1/villages/360902101001/feed'
    respond({ disclosures: [published(5)] })
    await request(feed, { query: { limit: 20 } })
    failNetwork()
    const { disclosures } = (await request(feed, { query: { limit: 20 } })) as { disclosures: unknown[] }
    expect(disclosures).toHaveLength(1)
    expect(offlineSavedAt(disclosures)).toEqual(expect.any(Number))
  })

  it('should forget everything at sign-out', async () => {
    respond(published(6))
    await request(disclosurePath(6))
    clearSession()
    failNetwork()
    expect((await catchApiError(request(disclosurePath(6)))).code).toBe(ErrorCode.NetworkError)
    expect(taroMock.getStorageSync(`cw.offline:${disclosurePath(6)}`)).toBe('')
  })

  it('should not show one person what was kept for another', async () => {
    respond(published(7))
    await request(disclosurePath(7))
    signIn(BOB)
    failNetwork()
    expect((await catchApiError(request(disclosurePath(7)))).code).toBe(ErrorCode.NetworkError)
  })

  it('should keep what was kept when the same person opens the app again', async () => {
    respond(published(8))
    await request(disclosurePath(8))
    // A new start: session and owner are read from storage again.
    uninstall()
    resetSessionForTests()
    installSession()
    setOfflineCacheOwner(ALICE)
    uninstall = installOfflineCacheOwner()
    failNetwork()
    expect(await request(disclosurePath(8))).toMatchObject({ id: id(8) })
  })

  it('should not keep an answer that arrives after its person signed out', async () => {
    let answer: (value: unknown) => void = () => undefined
    taroMock.request.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const pending = request(disclosurePath(9))
    await Promise.resolve()
    await Promise.resolve()
    clearSession()
    answer({ statusCode: 200, data: JSON.stringify(published(9)), header: {}, errMsg: 'ok' })
    await pending
    failNetwork()
    expect((await catchApiError(request(disclosurePath(9)))).code).toBe(ErrorCode.NetworkError)
  })
})

describe('tokenSubject', () => {
  it('should read the user id from an access token and nothing from anything else', () => {
    expect(tokenSubject(tokenFor(ALICE))).toBe(ALICE)
    expect(tokenSubject('access-plain')).toBe('')
    expect(tokenSubject('a.%%%.b')).toBe('')
    expect(tokenSubject(undefined)).toBe('')
  })
})
