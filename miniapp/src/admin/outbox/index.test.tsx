import { fireEvent, render, screen, within } from '@testing-library/react'
import type { OutboxMessageDto, OutboxMetricsDto, RoleGrantDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import OutboxPage from './index'

const county: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '示范县' }
const city: RoleGrantDto = { role: 'admin', regionCode: '360900000000', regionName: '示范市' }

function buildMetrics(overrides: Partial<OutboxMetricsDto> = {}): OutboxMetricsDto {
  return {
    byStatus: { pending: 4, sent: 20, skipped_no_credit: 3, skipped_withdrawn: 0, failed: 2, ambiguous: 1 },
    oldestPendingAgeSeconds: 12 * 60 + 30,
    eventsExpanding: 2,
    ...overrides,
  }
}

function buildMessage(overrides: Partial<OutboxMessageDto> = {}): OutboxMessageDto {
  return {
    id: '66a000000000000000000001',
    eventId: '66a0000000000000000000e1',
    eventType: 'disclosure.published',
    userId: '65f0000000000000001234ab',
    title: '新的村务公开：2026年3月低保名单',
    recipient: '李秀英',
    regionCode: '360999001001',
    templateId: 'tmpl_disclosure',
    status: 'sent',
    attempts: 1,
    errcode: null,
    error: null,
    msgid: '1000001',
    createdAt: '2026-03-05T01:02:03.000Z',
    nextAttemptAt: null,
    sentAt: '2026-03-05T01:02:05.000Z',
    ...overrides,
  }
}

const failures = [
  buildMessage({ id: '66a000000000000000000002', status: 'failed', errcode: 47003, sentAt: null }),
  buildMessage({ id: '66a000000000000000000003', status: 'failed', errcode: 40003, sentAt: null }),
  buildMessage({ id: '66a000000000000000000004', status: 'failed', errcode: 41030, sentAt: null }),
  buildMessage({ id: '66a000000000000000000005', status: 'failed', errcode: 40037, sentAt: null }),
  buildMessage({
    id: '66a000000000000000000006',
    eventType: 'review.approved',
    status: 'skipped_no_credit',
    errcode: 43101,
    sentAt: null,
  }),
]

/** The URLs (with query strings) the page asked for, in order. */
function requestedUrls(): string[] {
  return taroMock.request.mock.calls.flatMap((call: unknown[]) => {
    const [opts] = call
    return typeof opts === 'object' && opts !== null && 'url' in opts && typeof opts.url === 'string'
      ? [opts.url]
      : []
  })
}

const text = (container: HTMLElement, selector: string) =>
  [...container.querySelectorAll(selector)].map((el) => el.textContent)

/** The bar chart's rows as read aloud: label then count. */
const barRows = () =>
  within(screen.getByRole('list', { name: '各状态的消息数' }))
    .getAllByRole('listitem')
    .map((row) => row.textContent)

describe('OutboxPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('admin')
    __setRouterParams({})
  })

  it('should draw the queue by status and list the newest messages without personal data', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/outbox/metrics': () => ({ status: 200, body: buildMetrics() }),
      'GET /api/v1/admin/outbox': () => ({ status: 200, body: { messages: [buildMessage()] } }),
    })
    const { container } = render(<OutboxPage />)
    await flush()

    expect(barRows()).toEqual([
      '待发送4',
      '已发送20',
      '未授权跳过3',
      '已撤回未发送0',
      '发送失败2',
      '结果不明1',
    ])
    expect(container.querySelector('.cw-outbox__oldest')?.textContent).toBe('最早待发送：12 分钟前')
    expect(container.querySelector('.cw-outbox__expanding')?.textContent).toBe('正在生成的推送：2 条事件')
    expect(container.querySelector('.cw-outbox__region')?.textContent).toBe('示范县')
    expect(requestedUrls()).toContain('/api/v1/admin/outbox/metrics?regionCode=360999000000')
    expect(requestedUrls()).toContain('/api/v1/admin/outbox?regionCode=360999000000&limit=100')

    const row = container.querySelector('.cw-outbox__row')
    // What it was about and to whom, in words (no id fragments).
    expect(row?.querySelector('.cw-outbox__row-title')?.textContent).toBe('新的村务公开：2026年3月低保名单')
    expect(row?.querySelector('.cw-outbox__row-kind')?.textContent).toBe('新的公开')
    expect(row?.querySelector('.cw-outbox__row-status')?.textContent).toBe('已发送')
    // Asia/Shanghai, whatever the machine's zone.
    expect(row?.textContent).toContain('排队时间：2026年3月5日 09:02')
    expect(row?.textContent).toContain('已尝试 1 次')
    expect(row?.querySelector('.cw-outbox__row-recipient')?.textContent).toBe('发给：李秀英 · 已尝试 1 次')
    expect(row?.textContent).not.toContain('1234ab')
    expect(text(container, '.cw-outbox__tab')).toEqual([
      '全部 30',
      '待发送 4',
      '已发送 20',
      '未授权跳过 3',
      '已撤回未发送 0',
      '发送失败 2',
      '结果不明 1',
    ])
  })

  it('should name a requester by their part and fall back to the kind of message when its title is gone', async () => {
    const progress = buildMessage({
      eventType: 'info_request.progress',
      userId: null,
      recipient: '申请人',
      title: null,
    })
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/outbox/metrics': () => ({ status: 200, body: buildMetrics() }),
      'GET /api/v1/admin/outbox': () => ({ status: 200, body: { messages: [progress] } }),
    })
    const { container } = render(<OutboxPage />)
    await flush()
    const row = container.querySelector('.cw-outbox__row')
    expect(row?.querySelector('.cw-outbox__row-title')?.textContent).toBe('依申请公开办理进展')
    expect(row?.querySelector('.cw-outbox__row-kind')).toBeNull()
    expect(row?.querySelector('.cw-outbox__row-recipient')?.textContent).toBe('发给：申请人 · 已尝试 1 次')
  })

  it('should ask for one status when a filter tab is tapped and explain each errcode in plain words', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/outbox/metrics': () => ({ status: 200, body: buildMetrics() }),
      'GET /api/v1/admin/outbox': () => ({ status: 200, body: { messages: failures } }),
    })
    const { container } = render(<OutboxPage />)
    await flush()
    taroMock.request.mockClear()

    fireEvent.click(screen.getByText('发送失败 2'))
    await flush()
    expect(requestedUrls()).toEqual(['/api/v1/admin/outbox?regionCode=360999000000&status=failed&limit=100'])
    expect(container.querySelector('[data-filter="failed"]')?.getAttribute('aria-pressed')).toBe('true')
    expect(text(container, '.cw-outbox__row-error')).toEqual([
      '错误码 47003：模板参数不正确',
      '错误码 40003：openid 无效',
      '错误码 41030：page 路径无效',
      '错误码 40037：微信返回错误码 40037',
      '错误码 43101：用户未授权或授权次数已用完',
    ])
    expect(text(container, '.cw-outbox__row-status')).toContain('未授权跳过')
    expect(text(container, '.cw-outbox__row-kind')).toContain('公开审核通过')

    taroMock.request.mockClear()
    fireEvent.click(screen.getByText('全部 30'))
    await flush()
    expect(requestedUrls()).toEqual(['/api/v1/admin/outbox?regionCode=360999000000&limit=100'])
  })

  it('should say 暂无消息 when nothing was sent, and refresh the queue and the list on 刷新', async () => {
    let pending = 0
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/outbox/metrics': () => ({
        status: 200,
        body: buildMetrics({
          byStatus: { pending, sent: 0, skipped_no_credit: 0, skipped_withdrawn: 0, failed: 0, ambiguous: 0 },
          oldestPendingAgeSeconds: pending > 0 ? 3 * 3600 + 5 * 60 : null,
          eventsExpanding: 0,
        }),
      }),
      'GET /api/v1/admin/outbox': () => ({
        status: 200,
        body: { messages: pending > 0 ? [buildMessage({ status: 'pending', sentAt: null })] : [] },
      }),
    })
    const { container } = render(<OutboxPage />)
    await flush()
    expect(container.textContent).toContain('暂无消息')
    expect(container.querySelector('.cw-outbox__oldest')?.textContent).toBe('最早待发送：没有待发送的消息')

    pending = 1
    fireEvent.click(screen.getByText('刷新'))
    await flush()
    expect(container.textContent).not.toContain('暂无消息')
    expect(container.querySelector('.cw-outbox__row-status')?.textContent).toBe('待发送')
    expect(container.querySelector('.cw-outbox__oldest')?.textContent).toBe('最早待发送：3 小时 5 分钟前')
  })

  it('should show an error with 重试 and load again on a tap', async () => {
    let fail = true
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/outbox/metrics': () =>
        fail ? apiError(503, 'service_unavailable') : { status: 200, body: buildMetrics() },
      'GET /api/v1/admin/outbox': () =>
        fail ? apiError(503, 'service_unavailable') : { status: 200, body: { messages: [buildMessage()] } },
    })
    const { container } = render(<OutboxPage />)
    await flush()
    const errors = container.querySelectorAll('[role="alert"]')
    expect(errors).toHaveLength(2)
    expect(errors[0]?.textContent).toContain('没有统计成功')

    fail = false
    for (const retry of screen.getAllByText('重试')) fireEvent.click(retry)
    await flush()
    expect(container.querySelector('[role="alert"]')).toBeNull()
    expect(barRows()).toEqual([
      '待发送4',
      '已发送20',
      '未授权跳过3',
      '已撤回未发送0',
      '发送失败2',
      '结果不明1',
    ])
    expect(container.querySelectorAll('.cw-outbox__row')).toHaveLength(1)
  })

  it('should offer a choice of region to an admin of several, and say so to someone who is not an admin', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county, city], activeRole: null }) }),
      'GET /api/v1/admin/outbox/metrics': () => ({ status: 200, body: buildMetrics() }),
      'GET /api/v1/admin/outbox': () => ({ status: 200, body: { messages: [] } }),
    })
    const { container, unmount } = render(<OutboxPage />)
    await flush()
    expect(text(container, '.cw-outbox__region-option')).toEqual(['示范县', '示范市'])
    expect(container.querySelector('[data-region="360999000000"]')?.getAttribute('aria-pressed')).toBe('true')

    taroMock.request.mockClear()
    fireEvent.click(screen.getByText('示范市'))
    await flush()
    expect(requestedUrls().sort()).toEqual([
      '/api/v1/admin/outbox/metrics?regionCode=360900000000',
      '/api/v1/admin/outbox?regionCode=360900000000&limit=100',
    ])
    expect(container.querySelector('.cw-outbox__region')?.textContent).toBe('示范市')
    unmount()

    const villager: RoleGrantDto = { role: 'villager', regionCode: '360999001001' }
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [villager], activeRole: villager }) }),
    })
    taroMock.request.mockClear()
    const other = render(<OutboxPage />)
    await flush()
    expect(other.container.textContent).toContain('您不是系统管理员')
    expect(requestedUrls()).toEqual(['/api/v1/me'])
  })
})
