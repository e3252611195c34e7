import { render } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import AboutPage from './index'

describe('AboutPage', () => {
  afterEach(() => __setRouterParams({}))

  it('should show the version passed in the query', () => {
    __setRouterParams({ version: '1.2.3' })
    const { container } = render(<AboutPage />)
    expect(container.querySelector('.cw-about__version')?.textContent).toBe('服务版本：1.2.3')
  })

  it('should say 未知 without a version', () => {
    const { container } = render(<AboutPage />)
    expect(container.querySelector('.cw-about__version')?.textContent).toBe('服务版本：未知')
  })
})
