import { act, fireEvent, render, screen } from '@testing-library/react'
import { ErrorCode, type HealthDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMe } from '../../../test/support/builders'
import { resetSession, signIn } from '../../../test/support/render'
import HomePage from './index'

const health: HealthDto = {
  status: 'ok',
  service: 'cunwu-bff',
  version: '1.2.3',
  uptimeSeconds: 60,
  time: '2026-03-01T08:00:00.000Z',
  database: { state: 'up', kind: 'embedded', latencyMs: 2 },
}

function respond(statusCode: number, body: unknown) {
  taroMock.request.mockResolvedValueOnce({ statusCode, data: JSON.stringify(body), header: {}, errMsg: 'ok' })
}

// Lets the pending request promise settle and React apply the state update.
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

describe('HomePage', () => {
  it('should show the loading state, then the health in plain words', async () => {
    respond(200, health)
    const { container } = render(<HomePage />)
    expect(screen.getByText('正在连接服务…')).toBeTruthy()

    await flush()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务正常')
    expect(container.querySelector('.cw-health__db')?.textContent).toBe('数据库：已连接')
    expect(container.querySelector('.cw-health__version')?.textContent).toBe('版本：1.2.3')
    expect(container.querySelector('.cw-health__time')?.textContent).toMatch(
      /^服务器时间：2026-03-01 \d\d:00:00$/,
    )
    expect(screen.queryByText('正在连接服务…')).toBeNull()
    expect(taroMock.request).toHaveBeenCalledTimes(1)
    expect(taroMock.request.mock.lastCall?.[0]).toMatchObject({ url: '/api/v1/health', method: 'GET' })
  })

  it('should say when the service is degraded and the database is unavailable', async () => {
    respond(200, { ...health, status: 'degraded', database: { state: 'unavailable', kind: 'none' } })
    const { container } = render(<HomePage />)
    await flush()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务降级')
    expect(container.querySelector('.cw-health__db')?.textContent).toBe('数据库：不可用')
  })

  it('should show the error box and load again on 重试', async () => {
    respond(503, { error: { code: ErrorCode.ServiceUnavailable, message: 'Database is down' } })
    const { container } = render(<HomePage />)
    await flush()
    expect(container.querySelector('.cw-home__error')).not.toBeNull()
    expect(container.querySelector('.cw-health')).toBeNull()

    respond(200, health)
    fireEvent.click(screen.getByText('重试'))
    expect(screen.getByText('正在连接服务…')).toBeTruthy()
    await flush()
    expect(container.querySelector('.cw-home__error')).toBeNull()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务正常')
    expect(taroMock.request).toHaveBeenCalledTimes(2)
  })

  it('should show the network message when the phone is offline', async () => {
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
    const { container } = render(<HomePage />)
    await flush()
    expect(container.querySelector('.cw-home__error')?.textContent).toContain('网络连接失败')
  })

  it('should open the about page with the service version', async () => {
    respond(200, health)
    const { container } = render(<HomePage />)
    await flush()
    const about = container.querySelector('.cw-home__about')
    if (!about) throw new Error('about button missing')
    fireEvent.click(about)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/about/index?version=1.2.3' })
  })

  it('should open the about page without a version when none is known', async () => {
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
    render(<HomePage />)
    await flush()
    fireEvent.click(screen.getByText('查看说明'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/about/index' })
  })

  it('should offer 登录 when signed out, and show the name, the active role and its home when signed in', async () => {
    resetSession()
    respond(200, health)
    const signedOut = render(<HomePage />)
    await flush()
    expect(signedOut.container.querySelector('.cw-home__login')).not.toBeNull()
    signedOut.unmount()

    signIn()
    const villager = { role: 'villager' as const, regionCode: '360999001001', regionName: '城东社区居委会' }
    fakeBff({
      'GET /api/v1/health': () => ({ status: 200, body: health }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [villager], activeRole: villager }) }),
    })
    const { container } = render(<HomePage />)
    await flush()
    expect(container.querySelector('.cw-home__login')).toBeNull()
    expect(container.querySelector('.cw-home__user-name')?.textContent).toBe('李秀英')
    expect(container.querySelector('.cw-home__user-role')?.textContent).toBe('村民')
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务正常')
    fireEvent.click(screen.getByText('查看本村公开目录'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/catalog/index?village=360999001001' })
  })
})
