import { render } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosurePage from '../../pages/disclosure/index'
import ProfilePage from '../../pages/profile/index'
import RelatedPage from '../../pages/related/index'
import { markFromCache, setOfflineCacheOwner } from '@/services/offline-cache'
import { OfflineLabel, savedAtText } from './index'

const id = '65f0000000000000000000d1'

describe('OfflineLabel', () => {
  beforeEach(() => {
    resetSession()
    setOfflineCacheOwner('')
  })

  it('should say when the copy on the phone was saved, in China time', () => {
    expect(savedAtText(Date.parse('2026-12-06T06:05:00Z'))).toBe('12月6日 14:05')
    expect(savedAtText(Date.parse('2026-01-31T16:30:00Z'))).toBe('2月1日 00:30')
  })

  it('should show nothing for data fresh from the server', () => {
    const { container } = render(<OfflineLabel data={{ id }} />)
    expect(container.textContent).toBe('')
  })

  it('should label data read from the phone', () => {
    const data = { id }
    markFromCache(data, Date.parse('2026-12-06T06:05:00Z'))
    const { getByRole } = render(<OfflineLabel data={data} />)
    expect(getByRole('status').textContent).toContain('离线查看 · 更新于 12月6日 14:05')
  })

  it('should show a disclosure read before, with the label, instead of an error when the network fails', async () => {
    __setRouterParams({ id })
    let online = true
    const reply = (body: unknown) => () => {
      if (!online) throw { errMsg: 'request:fail' }
      return { status: 200, body }
    }
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: reply(buildDisclosure()),
      [`GET /api/v1/disclosures/${id}/versions`]: reply({ versions: [] }),
    })
    const first = render(<DisclosurePage />)
    await flush()
    expect(first.container.querySelector('.cw-offline-label')).toBeNull()
    const title = first.container.querySelector('.cw-disclosure__title')?.textContent
    expect(title).toBeTruthy()
    first.unmount()

    online = false
    const again = render(<DisclosurePage />)
    await flush()
    expect(again.container.querySelector('.cw-state--error')).toBeNull()
    expect(again.container.querySelector('.cw-disclosure__title')?.textContent).toBe(title)
    expect(again.getByRole('status').textContent).toMatch(/^离线查看 · 更新于 \d+月\d+日 \d\d:\d\d/)
  })

  it.each([
    ['我的', '/api/v1/me', buildMe({ displayName: '李秀英' }), () => <ProfilePage />, '李秀英'],
    [
      '与我相关',
      '/api/v1/me/related',
      { disclosures: [buildDisclosure({ title: '2026年低保名单' })] },
      () => <RelatedPage />,
      '2026年低保名单',
    ],
  ])('should label %s read from the phone when the network fails', async (_, path, body, page, text) => {
    signIn()
    let online = true
    fakeBff({
      [`GET ${path}`]: () => {
        if (!online) throw { errMsg: 'request:fail' }
        return { status: 200, body }
      },
    })
    const first = render(page())
    await flush()
    expect(first.getByText(text)).toBeTruthy()
    expect(first.container.querySelector('.cw-offline-label')).toBeNull()
    first.unmount()

    online = false
    const again = render(page())
    await flush()
    expect(again.getByText(text)).toBeTruthy()
    expect(again.getByRole('status').textContent).toMatch(/^离线查看 · 更新于 \d+月\d+日 \d\d:\d\d/)
  })
})
