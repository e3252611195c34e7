import { act, fireEvent, render, screen } from '@testing-library/react'
import { __clearStorage, taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { resetSession, signIn } from '../../../test/support/render'
import { ELDERLY_CHOICE_KEY, ELDERLY_OFFERED_KEY } from '@/services/elderly-mode'
import HomePage from './index'

// Lets the pending request promises settle and React apply the state updates.
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

const villager = { role: 'villager' as const, regionCode: '360999001001', regionName: '城东社区居委会' }
const newest = buildDisclosure({
  id: 'd-newest',
  title: '2026年11月村级财务收支明细',
  body: '本月收入 3 笔，支出 5 笔。',
  alignment: { status: 'consistent', label: '与乡镇公开一致' },
})

function villagerBff() {
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [villager], activeRole: villager }) }),
    'GET /api/v1/villages/360999001001/feed': () => ({ status: 200, body: { disclosures: [newest] } }),
    'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [buildDisclosure()] } }),
    'GET /api/v1/catalog': () => ({ status: 200, body: { version: '1', domains: [] } }),
  })
}

describe('HomePage', () => {
  beforeEach(() => {
    __clearStorage()
    // The one-time offer of 长辈模式 is tested on its own below.
    taroMock.setStorageSync(ELDERLY_OFFERED_KEY, true)
  })

  it('should offer 登录 when signed out, and no health card (it is on the about page)', async () => {
    resetSession()
    const seen = fakeBff({})
    const { container } = render(<HomePage />)
    await flush()
    expect(container.querySelector('.cw-home__login')).not.toBeNull()
    expect(container.querySelector('.cw-health')).toBeNull()
    expect(seen.map((r) => r.path)).not.toContain('/api/v1/health')
    fireEvent.click(screen.getByText('查看说明'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/about/index' })
  })

  it("should show a villager the village's newest items first, with summary, date, badge and the 与我相关 count", async () => {
    signIn()
    villagerBff()
    const { container } = render(<HomePage />)
    // Before anything arrives, the feed's place is held by cards of a fixed height.
    expect(container.querySelectorAll('.cw-dcard--skeleton').length).toBe(3)
    await flush()
    await flush()
    expect(container.querySelector('.cw-home__user-name')?.textContent).toBe('李秀英')
    expect(container.querySelector('.cw-home__user-role')?.textContent).toBe('村民 · 城东社区居委会')
    expect(container.querySelector('[aria-busy="true"]')).toBeNull()
    // One item: two invisible card places keep the feed as tall as its skeleton (nothing below it moves up).
    expect(container.querySelectorAll('.cw-feed__spacer').length).toBe(2)
    const card = container.querySelector('.cw-dcard[data-id="d-newest"]')
    expect(card?.querySelector('.cw-dcard__title')?.textContent).toBe('2026年11月村级财务收支明细')
    expect(card?.querySelector('.cw-dcard__summary')?.textContent).toBe('本月收入 3 笔，支出 5 笔。')
    expect(card?.querySelector('.cw-dcard__date')?.textContent).toBe('2026年7月2日')
    expect(card?.querySelector('.cw-dcard__badge--green')?.textContent).toBe('与乡镇公开一致')
    expect(container.querySelector('.cw-feed__related')?.textContent).toBe('与我相关 1 项')
    fireEvent.click(screen.getByText('查看本村公开目录'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/catalog/index?village=360999001001' })
  })

  it('should show the simplified home in 长辈模式: the newest item with 读给我听, and 与我相关', async () => {
    signIn()
    villagerBff()
    taroMock.setStorageSync(ELDERLY_CHOICE_KEY, 'on')
    const { container } = render(<HomePage />)
    await flush()
    await flush()
    expect(container.querySelector('.cw-home')?.classList.contains('cw-elderly')).toBe(true)
    expect(container.querySelector('.cw-feed__chips')).toBeNull()
    expect(container.querySelector('.cw-feed__related')?.textContent).toBe('与我相关 1 项')
    // 搜索, large as the other entries, searches the village (it had no search at all).
    fireEvent.click(screen.getByRole('button', { name: '搜索公开内容' }))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/search/index?village=360999001001' })
    // The newest item with the read-aloud player; its title opens it.
    const newestBox = container.querySelector('.cw-elderly-home__newest')
    expect(newestBox?.textContent).toContain('读给我听')
    fireEvent.click(screen.getAllByText('2026年11月村级财务收支明细')[0] as HTMLElement)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/disclosure/index?id=d-newest' })
  })

  it('should offer 长辈模式 once: turning it on switches the page and the offer does not come back', async () => {
    __clearStorage()
    resetSession()
    fakeBff({})
    const first = render(<HomePage />)
    fireEvent.click(screen.getByText('打开长辈模式'))
    expect(first.container.querySelector('.cw-home')?.classList.contains('cw-elderly')).toBe(true)
    expect(screen.queryByText('打开长辈模式')).toBeNull()
    first.unmount()

    render(<HomePage />)
    expect(screen.queryByText('打开长辈模式')).toBeNull()
    expect(taroMock.getStorageSync(ELDERLY_CHOICE_KEY)).toBe('on')
  })

  it('should remember 不用了 without turning the mode on', () => {
    __clearStorage()
    resetSession()
    fakeBff({})
    const first = render(<HomePage />)
    fireEvent.click(screen.getByText('不用了'))
    expect(first.container.querySelector('.cw-home')?.classList.contains('cw-elderly')).toBe(false)
    first.unmount()
    render(<HomePage />)
    expect(screen.queryByText('打开长辈模式')).toBeNull()
  })
})
