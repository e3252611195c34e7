import { act, fireEvent, render, screen } from '@testing-library/react'
import { ErrorCode, type HealthDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import AboutPage from './index'

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

describe('AboutPage', () => {
  it('should show the loading state, then the health in plain words and the version', async () => {
    respond(200, health)
    const { container } = render(<AboutPage />)
    expect(screen.getByText('正在连接服务…')).toBeTruthy()
    await flush()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务正常')
    // No internal words (数据库), and the version once (it was on the card and at the foot).
    expect(container.textContent).not.toContain('数据库')
    expect(container.textContent?.match(/版本/g)).toHaveLength(1)
    expect(container.querySelector('.cw-health__time')?.textContent).toMatch(
      /^现在时间：2026年3月1日 \d\d:00$/,
    )
    expect(container.querySelector('.cw-about__version')?.textContent).toBe('版本：1.2.3')
    expect(taroMock.request.mock.lastCall?.[0]).toMatchObject({ url: '/api/v1/health', method: 'GET' })
  })

  it('should say when the service is degraded and the database is unavailable', async () => {
    respond(200, { ...health, status: 'degraded', database: { state: 'unavailable', kind: 'none' } })
    const { container } = render(<AboutPage />)
    await flush()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务暂时有问题')
    expect(container.querySelector('.cw-health__db')?.textContent).toBe('暂时打不开公开的内容，请稍后再试')
  })

  it('should show the error box with 未知 version, and load again on 重试', async () => {
    respond(503, { error: { code: ErrorCode.ServiceUnavailable, message: 'Database is down' } })
    const { container } = render(<AboutPage />)
    await flush()
    expect(container.querySelector('.cw-about__error')?.textContent).toContain('服务暂时不可用')
    expect(container.querySelector('.cw-about__version')?.textContent).toBe('版本：未知')
    respond(200, health)
    fireEvent.click(screen.getByText('重试'))
    await flush()
    expect(container.querySelector('.cw-about__error')).toBeNull()
    expect(container.querySelector('.cw-health__status')?.textContent).toBe('服务正常')
  })

  it('should show the network message when the phone is offline', async () => {
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
    const { container } = render(<AboutPage />)
    await flush()
    expect(container.querySelector('.cw-about__error')?.textContent).toContain('网络连接失败')
  })
})
