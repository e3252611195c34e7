import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { DEMO_COUNTY_CODE } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import SearchPage from './index'

describe('SearchPage', () => {
  beforeEach(() => {
    resetSession()
    __setRouterParams({ village: '360999100200' })
  })
  afterEach(() => __setRouterParams({}))

  it('should drop the previous word’s result when the box is emptied and searched', async () => {
    fakeBff({ 'GET /api/v1/search': () => ({ status: 200, body: { disclosures: [], guides: [] } }) })
    const { container } = render(<SearchPage />)
    const box = container.querySelector('.cw-search__input') as Element
    fireEvent.input(box, { target: { value: 'dibao' } })
    fireEvent.click(screen.getByText('搜索'))
    await flush()
    expect(container.textContent).toContain('本村找到 0 条“dibao”')

    fireEvent.input(box, { target: { value: '' } })
    fireEvent.click(screen.getByText('搜索'))
    await flush()
    expect(container.textContent).toContain('请先输入要找的内容')
    expect(container.textContent).not.toContain('dibao')
  })

  it('should search the county signed out, say so and offer 去登录 (no dead-end 重试)', async () => {
    __setRouterParams({})
    const seen = fakeBff({
      'GET /api/v1/search': () => ({ status: 200, body: { disclosures: [], guides: [] } }),
    })
    const { container } = render(<SearchPage />)
    fireEvent.input(container.querySelector('.cw-search__input') as Element, { target: { value: '低保' } })
    fireEvent.click(screen.getByText('搜索'))
    await flush()
    expect(seen.map((r) => r.query.regionCode)).toEqual([DEMO_COUNTY_CODE])
    expect(container.textContent).toContain('全县找到 0 条“低保”')
    expect(container.textContent).toContain('这里搜的是全县的公开内容')
    expect(container.textContent).not.toContain('请先登录并加入本村')
    expect(screen.queryByText('重试')).toBeNull()
    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: expect.stringContaining('/pages/login/index?redirect='),
    })
  })
})
