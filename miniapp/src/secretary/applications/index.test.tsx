import { fireEvent, render, screen } from '@testing-library/react'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMe, buildMembership } from '../../../test/support/builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ApplicationsPage from './index'

function nth<T>(list: T[], index: number): T {
  const value = list[index]
  if (value === undefined) throw new Error(`no element ${index}`)
  return value
}

const grant = { role: 'secretary' as const, regionCode: '360999001001', regionName: '城东社区居委会' }

describe('ApplicationsPage', () => {
  beforeEach(resetSession)

  it('should show roster badges, require a reason to reject, and approve', async () => {
    signIn('secretary')
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/villages/360999001001/memberships': () => ({
        status: 200,
        body: {
          memberships: [
            { ...buildMembership({ id: '65f000000000000000000001', name: '李秀英' }), roster: 'match' },
            {
              ...buildMembership({ id: '65f000000000000000000002', name: '王五', householdNo: '099' }),
              roster: 'unknown_household',
            },
          ],
        },
      }),
      'POST /api/v1/memberships/65f000000000000000000001/approve': () => ({
        status: 200,
        body: buildMembership({ status: 'approved' }),
      }),
    })
    const { container } = render(<ApplicationsPage />)
    await flush()
    const badges = [...container.querySelectorAll('.cw-apps__badge')].map((el) => el.className)
    expect(badges).toEqual([
      'cw-apps__badge cw-apps__badge--match',
      'cw-apps__badge cw-apps__badge--unknown_household',
    ])

    // Rejecting without a reason is stopped before any request.
    fireEvent.click(nth(screen.getAllByText('不通过'), 1))
    fireEvent.click(screen.getByText('确定不通过'))
    expect(container.textContent).toContain('请写上不通过的原因')
    expect(seen.some((r) => r.path.endsWith('/reject'))).toBe(false)

    fireEvent.click(nth(screen.getAllByText('通过'), 0))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/memberships/65f000000000000000000001/approve',
    })
    expect(container.querySelector('.cw-apps__notice')?.textContent).toBe('已通过：李秀英（户号 002）')
    expect(container.querySelectorAll('.cw-apps__item')).toHaveLength(1)
  })
})
