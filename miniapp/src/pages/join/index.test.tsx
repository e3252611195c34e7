import { fireEvent, render, screen } from '@testing-library/react'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMembership, buildRegion } from '../../../test/support/builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import JoinPage from './index'

describe('JoinPage', () => {
  beforeEach(resetSession)

  it('should walk township → village → form, check the form, and apply', async () => {
    signIn()
    const seen = fakeBff({
      'GET /api/v1/regions/360999000000/children': () => ({
        status: 200,
        body: { regions: [buildRegion('360999001000', '城东街道'), buildRegion('360999100000', '云溪镇')] },
      }),
      'GET /api/v1/regions/360999001000/children': () => ({
        status: 200,
        body: { regions: [buildRegion('360999001001', '城东社区居委会')] },
      }),
      'POST /api/v1/villages/360999001001/memberships': () => ({ status: 201, body: buildMembership() }),
    })
    const { container } = render(<JoinPage />)
    await flush()
    fireEvent.click(screen.getByText('城东街道'))
    await flush()
    fireEvent.click(screen.getByText('城东社区居委会'))

    // An empty form is stopped here, with the schema's plain message.
    fireEvent.click(screen.getByText('提交申请'))
    expect(container.querySelector('.cw-state--error')?.textContent).toContain('请填写姓名')
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()

    const input = (selector: string) => {
      const el = container.querySelector(selector)
      if (!el) throw new Error(`${selector} missing`)
      return el
    }
    fireEvent.change(input('.cw-join__name'), { target: { value: '李秀英' } })
    fireEvent.change(input('.cw-join__household'), { target: { value: '002' } })
    fireEvent.click(screen.getByText('提交申请'))
    await flush()

    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/villages/360999001001/memberships',
      body: { name: '李秀英', householdNo: '002' },
    })
    expect(container.querySelector('.cw-join__done')?.textContent).toContain('申请已提交')
  })
})
