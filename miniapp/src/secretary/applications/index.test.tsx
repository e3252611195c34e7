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
            {
              ...buildMembership({ id: '65f000000000000000000003', name: '王建国', householdNo: '001' }),
              roster: 'already_member',
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
      'cw-apps__badge cw-apps__badge--already_member',
    ])
    // Each application that cannot be approved says so, and what the secretary can do.
    const hints = [...container.querySelectorAll('.cw-apps__hint')].map((el) => el.textContent)
    expect(hints).toEqual([
      '户籍名册上没有这个户号，不能通过。请写明原因退回，让对方核对户号。',
      '这个人已经用另一个微信号加入了本村，不能再通过。如果是本人换了微信号，请先在“本村村民”里把旧的移出，再来通过。',
    ])

    // Rejecting without a reason is stopped before any request.
    fireEvent.click(nth(screen.getAllByText('不通过'), 1))
    fireEvent.click(screen.getByText('确定不通过'))
    expect(container.textContent).toContain('请写上不通过的原因')
    expect(seen.some((r) => r.path.endsWith('/reject'))).toBe(false)
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()

    fireEvent.click(nth(screen.getAllByText('通过'), 0))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/memberships/65f000000000000000000001/approve',
    })
    expect(container.querySelector('.cw-apps__notice')?.textContent).toBe('已通过：李秀英（户号 002）')
    expect(container.querySelectorAll('.cw-apps__item')).toHaveLength(2)
  })

  it('should say which members the roster does not prove, and what they cannot see', async () => {
    signIn('secretary')
    const proved = buildMembership({ id: '65f000000000000000000004', name: '李秀英', status: 'approved' })
    const unproved = buildMembership({
      id: '65f000000000000000000005',
      name: '张三丰',
      householdNo: '001',
      status: 'approved',
    })
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/villages/360999001001/memberships': () => ({
        status: 200,
        body: {
          memberships: [
            { ...proved, roster: 'match' },
            { ...unproved, roster: 'name_not_in_household' },
          ],
        },
      }),
    })
    const { container } = render(<ApplicationsPage />)
    await flush()
    fireEvent.click(screen.getByText('本村村民', { selector: 'button' }))
    await flush()
    const notes = [...container.querySelectorAll('.cw-apps__member')].map(
      (el) => el.querySelector('.cw-apps__unproved')?.textContent ?? null,
    )
    expect(notes).toEqual([null, '未能按户籍名册核实户号和姓名，看不到本户的相关公示，也不能为本户缴费'])
  })

  it('should remove a villager only with a reason and after a confirmation', async () => {
    signIn('secretary')
    let listing: 'pending' | 'approved' = 'pending'
    const member = buildMembership({
      id: '65f000000000000000000003',
      name: '张桂兰',
      householdNo: '007',
      status: 'approved',
      decidedAt: '2026-03-02T08:00:00.000Z',
    })
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/villages/360999001001/memberships': () => ({
        status: 200,
        body: { memberships: listing === 'approved' ? [{ ...member, roster: 'match' }] : [] },
      }),
      'POST /api/v1/memberships/65f000000000000000000003/end': () => ({
        status: 200,
        body: { ...member, status: 'ended', reason: '户口迁出', endedBy: 'secretary' },
      }),
    })
    const { container } = render(<ApplicationsPage />)
    await flush()
    expect(container.textContent).toContain('没有待审核的申请')

    listing = 'approved'
    fireEvent.click(screen.getByText('本村村民', { selector: 'button' }))
    await flush()
    expect(container.querySelector('.cw-apps__title')?.textContent).toBe('本村村民')
    expect(container.querySelector('.cw-apps__member')?.textContent).toContain('张桂兰')

    const el = (selector: string) => {
      const found = container.querySelector(selector)
      if (!found) throw new Error(`nothing matches ${selector}`)
      return found
    }
    const click = (selector: string) => fireEvent.click(el(selector))
    const ended = () => seen.filter((r) => r.path.endsWith('/end'))

    // No reason chosen, then 其他 with too short a text: stopped before any dialog or request.
    click('.cw-apps__end')
    click('.cw-apps__end-next')
    expect(container.querySelector('.cw-apps__form-error')?.textContent).toBe('请先选一个原因')
    fireEvent.click(screen.getByText('其他'))
    fireEvent.change(el('.cw-apps__end-other'), { target: { value: '走' } })
    click('.cw-apps__end-next')
    expect(container.querySelector('.cw-apps__form-error')?.textContent).toBe('请写上原因，至少两个字')
    expect(container.querySelector('[role="dialog"]')).toBeNull()

    // 户口迁出, then 先不移出: nothing sent.
    fireEvent.click(screen.getByText('户口迁出'))
    expect(container.querySelector('.cw-apps__end-other')).toBeNull()
    click('.cw-apps__end-next')
    expect(container.querySelector('[role="dialog"]')?.textContent).toContain('原因：户口迁出')
    fireEvent.click(screen.getByText('先不移出'))
    expect(container.querySelector('[role="dialog"]')).toBeNull()
    expect(ended()).toEqual([])

    click('.cw-apps__end-next')
    fireEvent.click(screen.getByText('确定移出'))
    await flush()
    expect(ended()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/memberships/65f000000000000000000003/end',
        body: { kind: 'moved_out', reason: '户口迁出' },
      }),
    ])
    expect(container.querySelector('[role="dialog"]')).toBeNull()
    expect(container.querySelector('.cw-apps__notice')?.textContent).toBe('已移出：张桂兰（户号 007）')
    expect(container.querySelectorAll('.cw-apps__member')).toHaveLength(0)
  })
})
