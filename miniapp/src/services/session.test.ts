import { ErrorCode } from '@cunwu/domain'
import { __clearStorage, taroMock } from '../../test/__mocks__/taro'
import { apiError, deferred, fakeBff } from '../../test/support/fake-bff'
import { buildTokens } from '../../test/support/builders'
import { ApiError, request, setAuthFailureHandler, setAuthTokenGetter } from './request'
import {
  getSession,
  installSession,
  isSignedIn,
  resetSessionForTests,
  saveTokens,
  signOut,
  subscribeSession,
} from './session'

const me = { status: 200, body: { ok: true } }
const expired = () => apiError(401, ErrorCode.TokenExpired, '登录已过期，请重新登录')

async function catchApiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected the request to fail')
}

beforeEach(() => {
  __clearStorage()
  resetSessionForTests()
  installSession()
})

afterEach(() => {
  jest.useRealTimers()
  setAuthTokenGetter(null)
  setAuthFailureHandler(null)
})

describe('session', () => {
  describe('saveTokens', () => {
    it('should keep the tokens in Taro storage so the next app start is still signed in', () => {
      saveTokens(buildTokens('a'))
      expect(taroMock.setStorageSync).toHaveBeenCalledWith(
        'cw.session',
        expect.objectContaining({ accessToken: 'access-a' }),
      )
      resetSessionForTests()
      expect(getSession()?.refreshToken).toBe('refresh-a-0123456789abcdef')
      expect(isSignedIn()).toBe(true)
    })

    it('should treat unreadable storage as signed out', () => {
      taroMock.setStorageSync('cw.session', { accessToken: 1 })
      resetSessionForTests()
      expect(isSignedIn()).toBe(false)
    })
  })

  describe('requests', () => {
    it('should send the access token as a Bearer header', async () => {
      saveTokens(buildTokens('a'))
      const seen = fakeBff({ 'GET /api/v1/me': () => me })
      await request('/api/v1/me')
      expect(seen[0]?.authorization).toBe('Bearer access-a')
    })

    it('should leave the token off calls marked auth: false', async () => {
      saveTokens(buildTokens('a'))
      const seen = fakeBff({ 'GET /api/v1/catalog': () => me })
      await request('/api/v1/catalog', { auth: false })
      expect(seen[0]?.authorization).toBeUndefined()
    })

    it('should refresh on token_expired and send the request once more with the new token', async () => {
      saveTokens(buildTokens('old'))
      const seen = fakeBff({
        'GET /api/v1/me': (req) => (req.authorization === 'Bearer access-new' ? me : expired()),
        'POST /api/v1/auth/refresh': () => ({ status: 200, body: buildTokens('new') }),
      })
      await expect(request('/api/v1/me')).resolves.toEqual({ ok: true })
      expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /api/v1/me',
        'POST /api/v1/auth/refresh',
        'GET /api/v1/me',
      ])
      expect(seen[1]).toMatchObject({
        authorization: undefined,
        body: { refreshToken: 'refresh-old-0123456789abcdef' },
      })
      expect(getSession()?.accessToken).toBe('access-new')
      expect(taroMock.getStorageSync('cw.session')).toMatchObject({
        refreshToken: 'refresh-new-0123456789abcdef',
      })
    })

    it('should refresh only once for requests that expire together (the refresh token is single use)', async () => {
      saveTokens(buildTokens('old'))
      const gate = deferred()
      const seen = fakeBff({
        'GET /api/v1/me': (req) => (req.authorization === 'Bearer access-new' ? me : expired()),
        'GET /api/v1/catalog-of-village': (req) =>
          req.authorization === 'Bearer access-new' ? me : expired(),
        'POST /api/v1/auth/refresh': async () => {
          await gate.promise
          return { status: 200, body: buildTokens('new') }
        },
      })
      const both = Promise.all([
        request('/api/v1/me'),
        request('/api/v1/catalog-of-village'),
        request('/api/v1/me'),
      ])
      await new Promise((resolve) => setTimeout(resolve, 0))
      gate.resolve()
      await expect(both).resolves.toEqual([{ ok: true }, { ok: true }, { ok: true }])
      expect(seen.filter((r) => r.path === '/api/v1/auth/refresh')).toHaveLength(1)
      expect(seen.filter((r) => r.authorization === 'Bearer access-new')).toHaveLength(3)
    })

    it('should retry only once: a second token_expired is handed to the page', async () => {
      saveTokens(buildTokens('old'))
      const seen = fakeBff({
        'GET /api/v1/me': () => expired(),
        'POST /api/v1/auth/refresh': () => ({ status: 200, body: buildTokens('new') }),
      })
      const err = await catchApiError(request('/api/v1/me'))
      expect(err).toMatchObject({ status: 401, code: ErrorCode.TokenExpired })
      expect(seen).toHaveLength(3)
    })

    it('should retry without refreshing when another request already refreshed meanwhile', async () => {
      saveTokens(buildTokens('old'))
      const seen = fakeBff({
        'GET /api/v1/me': (req) => {
          if (req.authorization === 'Bearer access-new') return me
          // The tokens change while this request is on its way.
          saveTokens(buildTokens('new'))
          return expired()
        },
      })
      await expect(request('/api/v1/me')).resolves.toEqual({ ok: true })
      expect(seen.map((r) => r.path)).toEqual(['/api/v1/me', '/api/v1/me'])
    })

    it('should refresh before sending when the access token is about to expire', async () => {
      jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00Z'), doNotFake: ['setTimeout', 'setImmediate'] })
      saveTokens(buildTokens('old', 60))
      jest.setSystemTime(new Date('2026-03-01T08:00:45Z'))
      const seen = fakeBff({
        'GET /api/v1/me': () => me,
        'POST /api/v1/auth/refresh': () => ({ status: 200, body: buildTokens('new') }),
      })
      await request('/api/v1/me')
      expect(seen.map((r) => `${r.path} ${r.authorization ?? '-'}`)).toEqual([
        '/api/v1/auth/refresh -',
        '/api/v1/me Bearer access-new',
      ])
    })
  })

  describe('sign-out on refresh failure', () => {
    it('should sign out when the server refuses the refresh token, and tell listeners', async () => {
      saveTokens(buildTokens('old'))
      const listener = jest.fn()
      subscribeSession(listener)
      fakeBff({
        'GET /api/v1/me': () => expired(),
        'POST /api/v1/auth/refresh': () => apiError(401, ErrorCode.RefreshTokenReused),
      })
      const err = await catchApiError(request('/api/v1/me'))
      expect(err.code).toBe(ErrorCode.TokenExpired)
      expect(isSignedIn()).toBe(false)
      expect(taroMock.removeStorageSync).toHaveBeenCalledWith('cw.session')
      expect(listener).toHaveBeenCalled()
    })

    it('should stay signed in when the refresh fails only because the network is down', async () => {
      saveTokens(buildTokens('old'))
      fakeBff({ 'GET /api/v1/me': () => expired() })
      taroMock.request.mockImplementationOnce(async () => ({
        statusCode: 401,
        data: JSON.stringify(expired().body),
        header: {},
        errMsg: 'ok',
      }))
      taroMock.request.mockImplementationOnce(() => Promise.reject({ errMsg: 'request:fail' }))
      const err = await catchApiError(request('/api/v1/me'))
      expect(err.code).toBe(ErrorCode.TokenExpired)
      expect(getSession()?.accessToken).toBe('access-old')
    })

    it('should sign out without refreshing when the session was revoked', async () => {
      saveTokens(buildTokens('old'))
      const seen = fakeBff({ 'GET /api/v1/me': () => apiError(401, ErrorCode.SessionRevoked) })
      const err = await catchApiError(request('/api/v1/me'))
      expect(err.code).toBe(ErrorCode.SessionRevoked)
      expect(seen).toHaveLength(1)
      expect(isSignedIn()).toBe(false)
    })
  })

  describe('signOut', () => {
    it('should end the server session with the Bearer token and forget the tokens', async () => {
      saveTokens(buildTokens('a'))
      const seen = fakeBff({ 'POST /api/v1/auth/logout': () => ({ status: 204 }) })
      await signOut()
      expect(seen[0]).toMatchObject({ path: '/api/v1/auth/logout', authorization: 'Bearer access-a' })
      expect(isSignedIn()).toBe(false)
    })

    it('should forget the tokens even when the logout call fails', async () => {
      saveTokens(buildTokens('a'))
      taroMock.request.mockRejectedValue({ errMsg: 'request:fail' })
      await signOut()
      expect(isSignedIn()).toBe(false)
    })
  })
})
