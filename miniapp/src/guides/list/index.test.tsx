import { render } from '@testing-library/react'
import { DEMO_COUNTY_CODE } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import GuideListPage from './index'

describe('GuideListPage', () => {
  beforeEach(() => {
    resetSession()
    __setRouterParams({})
  })

  it('should show a signed-out person the county’s guides, each card named by all it shows', async () => {
    const seen = fakeBff({
      [`GET /api/v1/regions/${DEMO_COUNTY_CODE}/service-guides`]: () => ({
        status: 200,
        body: {
          guides: [
            {
              id: 'dibao',
              name: '最低生活保障（低保）申请',
              summary: '家里收入低于低保标准的，可以申请。',
              catalogItemIds: [],
            },
          ],
        },
      }),
    })
    const { container } = render(<GuideListPage />)
    await flush()
    expect(seen.map((r) => r.path)).toEqual([`/api/v1/regions/${DEMO_COUNTY_CODE}/service-guides`])
    expect(container.textContent).not.toContain('请先登录')
    const card = container.querySelector('[role="link"]')
    expect(card?.textContent).toBe('最低生活保障（低保）申请家里收入低于低保标准的，可以申请。')
    // The visible words name the link (WCAG 2.5.3 Label in Name): no aria-label with the title alone.
    expect(card?.hasAttribute('aria-label')).toBe(false)
  })
})
