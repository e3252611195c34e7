import { render } from '@testing-library/react'
import { ErrorCode } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CatalogPage from './index'

describe('CatalogPage', () => {
  beforeEach(resetSession)
  afterEach(() => __setRouterParams({}))

  it('should say 无权查看 when the village catalog is forbidden, without offering 重试', async () => {
    signIn('other-secretary')
    __setRouterParams({ village: '360999001001' })
    const seen = fakeBff({
      'GET /api/v1/villages/360999001001/catalog': () => apiError(403, ErrorCode.Forbidden, 'Forbidden'),
    })
    const { container } = render(<CatalogPage />)
    await flush()
    expect(seen[0]?.authorization).toBe('Bearer access-other-secretary')
    expect(container.querySelector('.cw-catalog__forbidden')?.textContent).toContain('无权查看')
    expect(container.querySelector('.cw-state__retry')).toBeNull()
  })
})
