import { fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import InboxPage from './index'

const entry = (id: string, readAt: string | null, page = 'pages/disclosure/index') => ({
  id,
  eventType: 'disclosure.published',
  regionCode: '360999100200',
  title: `新的村务公开：${id}`,
  body: '点击查看。',
  link: { page, query: { id: `d-${id}` }, path: `${page}?id=d-${id}` },
  createdAt: '2026-11-20T08:00:00.000Z',
  readAt,
})

const A = '65f0000000000000000000f1'
const B = '65f0000000000000000000f2'

describe('InboxPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('villager')
    taroMock.navigateTo.mockClear()
  })

  it('should mark unread entries, open a tapped one and mark it read, and read all', async () => {
    const seen = fakeBff({
      'GET /api/v1/inbox': () => ({
        status: 200,
        body: { entries: [entry(A, null), entry(B, null, 'pages/question/index')], nextBefore: null },
      }),
      [`POST /api/v1/inbox/${A}/read`]: () => ({ status: 204 }),
      'POST /api/v1/inbox/read-all': () => ({ status: 200, body: { updated: 1 } }),
    })
    const { container } = render(<InboxPage />)
    await flush()
    expect(container.querySelectorAll('.cw-inbox__entry--unread')).toHaveLength(2)
    expect(container.querySelector('.cw-inbox__summary')?.textContent).toBe('2 条未读')

    fireEvent.click(container.querySelector(`[data-id="${A}"]`) as Element)
    await flush()
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/pages/disclosure/index?id=d-${A}` })
    expect(seen.map((r) => `${r.method} ${r.path}`)).toContain(`POST /api/v1/inbox/${A}/read`)
    expect(container.querySelectorAll('.cw-inbox__entry--unread')).toHaveLength(1)

    // A page this version does not have: no navigation, a plain message instead.
    fireEvent.click(container.querySelector(`[data-id="${B}"]`) as Element)
    await flush()
    expect(taroMock.navigateTo).toHaveBeenCalledTimes(1)
    expect(container.querySelector('.cw-inbox__notice')?.textContent).toContain('没有可以打开的页面')

    fakeBff({
      'GET /api/v1/inbox': () => ({ status: 200, body: { entries: [entry(A, null)], nextBefore: null } }),
      'POST /api/v1/inbox/read-all': () => ({ status: 200, body: { updated: 1 } }),
    })
    render(<InboxPage />)
    await flush()
    const second = document.body.querySelectorAll('.cw-inbox')[1]
    fireEvent.click(second?.querySelector('.cw-inbox__read-all') as Element)
    await flush()
    expect(second?.querySelectorAll('.cw-inbox__entry--unread')).toHaveLength(0)
    expect(second?.querySelector('.cw-inbox__summary')?.textContent).toBe('没有未读消息')
  })
})
