import { fireEvent, render, screen } from '@testing-library/react'
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
})
