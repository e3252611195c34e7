import { render } from '@testing-library/react'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { RoleHome } from './index'

const TOWNSHIP = '360999100000'
const township = { role: 'township' as const, regionCode: TOWNSHIP, regionName: '云溪镇' }

describe('RoleHome', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
  })

  it('should show township staff their work and villages, with no word about features to come', async () => {
    fakeBff({
      [`GET /api/v1/regions/${TOWNSHIP}/children`]: () => ({
        status: 200,
        body: { regions: [buildRegion('360999100200', '云溪村委会')] },
      }),
    })
    const { container } = render(<RoleHome me={buildMe({ roles: [township], activeRole: township })} />)
    await flush()
    expect(container.textContent).toContain('审核村务公开')
    expect(container.textContent).toContain('云溪村委会')
    expect(container.textContent).not.toContain('建设中')
  })
})
