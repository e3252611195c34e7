import { fireEvent, render, screen } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildTokens } from '../../../test/support/builders'
import { flush, resetSession } from '../../../test/support/render'
import { getSession } from '@/services/session'
import LoginPage from './index'

jest.mock('@/utils/platform', () => ({ isH5: () => true }))

describe('LoginPage (H5)', () => {
  beforeEach(resetSession)

  it('should list the demo people and sign in as the one tapped', async () => {
    const seen = fakeBff({
      'GET /api/v1/dev/demo-users': () => ({
        status: 200,
        body: { users: [{ userKey: 'demo-newcomer', displayName: '李秀英', description: '未加入村' }] },
      }),
      'POST /api/v1/dev/login-code': () => ({ status: 200, body: { code: 'sim-code' } }),
      'POST /api/v1/auth/wechat': () => ({ status: 200, body: buildTokens('new') }),
      'GET /api/v1/me/privacy': () => ({
        status: 200,
        body: {
          currentVersion: '2026.12',
          acceptedVersion: '2026.12',
          acceptedAt: '2026-12-06T01:00:00.000Z',
          needsAcceptance: false,
        },
      }),
    })
    const { container } = render(<LoginPage />)
    await flush()
    expect(container.querySelector('.cw-login__user-desc')?.textContent).toBe('未加入村')

    fireEvent.click(screen.getByText('李秀英'))
    await flush()
    expect(seen.map((r) => r.path)).toEqual([
      '/api/v1/dev/demo-users',
      '/api/v1/dev/login-code',
      '/api/v1/auth/wechat',
      '/api/v1/me/privacy',
    ])
    expect(seen[1]?.body).toEqual({ userKey: 'demo-newcomer' })
    expect(seen[2]?.body).toEqual({ code: 'sim-code' })
    expect(getSession()?.accessToken).toBe('access-new')
    expect(taroMock.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('should open the privacy policy first at first sign-in, then the page asked for', async () => {
    fakeBff({
      'GET /api/v1/dev/demo-users': () => ({
        status: 200,
        body: { users: [{ userKey: 'demo-newcomer', displayName: '李秀英', description: '未加入村' }] },
      }),
      'POST /api/v1/dev/login-code': () => ({ status: 200, body: { code: 'sim-code' } }),
      'POST /api/v1/auth/wechat': () => ({ status: 200, body: buildTokens('new') }),
      'GET /api/v1/me/privacy': () => ({
        status: 200,
        body: { currentVersion: '2026.12', acceptedVersion: null, acceptedAt: null, needsAcceptance: true },
      }),
    })
    render(<LoginPage />)
    await flush()
    fireEvent.click(screen.getByText('李秀英'))
    await flush()
    expect(taroMock.reLaunch).toHaveBeenLastCalledWith({
      url: '/pages/privacy/index?redirect=%2Fpages%2Findex%2Findex',
    })
  })
})
