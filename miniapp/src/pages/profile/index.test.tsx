import { fireEvent, render, screen } from '@testing-library/react'
import type { RoleGrantDto } from '@cunwu/domain'
import { __clearStorage, taroMock } from '../../../test/__mocks__/taro'
import { ELDERLY_CHOICE_KEY } from '@/services/elderly-mode'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMe, buildMembership } from '../../../test/support/builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ProfilePage from './index'

const villager: RoleGrantDto = { role: 'villager', regionCode: '360999001001', regionName: '城东社区居委会' }
const secretary: RoleGrantDto = {
  role: 'secretary',
  regionCode: '360999001001',
  regionName: '城东社区居委会',
}

describe('ProfilePage', () => {
  beforeEach(resetSession)

  it('should list the roles with labels and region names and switch the active one on tap', async () => {
    signIn()
    const roles = [villager, secretary]
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles, activeRole: villager }) }),
      'POST /api/v1/me/active-role': () => ({ status: 200, body: buildMe({ roles, activeRole: secretary }) }),
    })
    const { container } = render(<ProfilePage />)
    await flush()
    const texts = () => [...container.querySelectorAll('.cw-profile__role-text')].map((el) => el.textContent)
    expect(texts()).toEqual(['村民 · 城东社区居委会', '村务管理员 · 城东社区居委会'])
    expect(container.querySelector('.cw-profile__role--active')?.textContent).toContain('村民')

    fireEvent.click(screen.getByText('村务管理员 · 城东社区居委会'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: '/api/v1/me/active-role',
      body: { role: 'secretary', regionCode: '360999001001' },
    })
    expect(container.querySelector('.cw-profile__role--active')?.textContent).toContain('村务管理员')
  })

  it('should show the account code an administrator finds the person by', async () => {
    signIn()
    fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: buildMe({ accountCode: 'K7QM-3XPA' }) }) })
    const { container } = render(<ProfilePage />)
    await flush()
    expect(container.querySelector('.cw-profile__account-code')?.textContent).toContain('账号编号 K7QM-3XPA')
  })

  it('should offer admins the delivery of WeChat messages, and no one else', async () => {
    signIn()
    const admin: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '示范县' }
    fakeBff({
      'GET /api/v1/me': () => ({
        status: 200,
        body: buildMe({ roles: [villager, admin], activeRole: villager }),
      }),
    })
    const { unmount } = render(<ProfilePage />)
    await flush()
    fireEvent.click(screen.getByText('消息发送情况'))
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/outbox/index' })
    unmount()

    fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [villager, secretary] }) }) })
    const other = render(<ProfilePage />)
    await flush()
    expect(other.container.textContent).toContain('村务管理员')
    expect(other.container.textContent).not.toContain('消息发送情况')
  })

  it('should lead admins to people and roles, the audit trail and the region import, and no one else', async () => {
    signIn()
    const admin: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '示范县' }
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [admin], activeRole: admin }) }),
    })
    const { unmount } = render(<ProfilePage />)
    await flush()
    for (const [label, url] of [
      ['人员与权限', '/admin/users/index'],
      ['操作记录', '/admin/audit/index'],
      ['导入行政区划', '/admin/regions-import/index'],
      ['撤并村', '/admin/retire/index'],
    ] as const) {
      fireEvent.click(screen.getByText(label))
      expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    unmount()

    const county: RoleGrantDto = { role: 'county', regionCode: '360999000000', regionName: '示范县' }
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
    })
    const other = render(<ProfilePage />)
    await flush()
    expect(other.container.textContent).toContain('县级工作人员')
    for (const label of ['人员与权限', '操作记录', '导入行政区划'])
      expect(other.container.textContent).not.toContain(label)
  })

  it('should leave a village only after a confirmation, then show the membership as ended', async () => {
    signIn()
    const membership = buildMembership({ status: 'approved', decidedAt: '2026-03-02T08:00:00.000Z' })
    let left = false
    const seen = fakeBff({
      'GET /api/v1/me': () => ({
        status: 200,
        body: left
          ? buildMe({ memberships: [{ ...membership, status: 'ended', endedBy: 'member' }] })
          : buildMe({ roles: [villager], activeRole: villager, memberships: [membership] }),
      }),
      'POST /api/v1/me/memberships/65f000000000000000000001/leave': () => {
        left = true
        return { status: 200, body: { ...membership, status: 'ended', endedBy: 'member' } }
      },
    })
    const { container } = render(<ProfilePage />)
    await flush()
    const leaves = () => seen.filter((r) => r.path.endsWith('/leave'))

    fireEvent.click(screen.getByText('退出本村'))
    expect(container.querySelector('[role="dialog"]')?.textContent).toContain('确定退出城东社区居委会？')
    fireEvent.click(screen.getByText('不退出'))
    expect(container.querySelector('[role="dialog"]')).toBeNull()
    expect(leaves()).toEqual([])

    fireEvent.click(screen.getByText('退出本村'))
    fireEvent.click(screen.getByText('确定退出'))
    await flush()
    expect(leaves()).toEqual([expect.objectContaining({ method: 'POST' })])
    expect(container.querySelector('[role="dialog"]')).toBeNull()
    expect(container.querySelector('.cw-profile__membership-status--ended')?.textContent).toBe('已退出')
    expect(container.querySelector('.cw-profile__leave')).toBeNull()
    expect(container.textContent).toContain('申请加入村')
  })

  it('should switch 长辈模式 on and off, remembering the choice and enlarging the page', async () => {
    __clearStorage()
    signIn()
    fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: buildMe() }) })
    const { container } = render(<ProfilePage />)
    await flush()
    const toggle = container.querySelector('.cw-profile__elderly-switch')
    if (!toggle) throw new Error('no 长辈模式 switch')
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(toggle)
    expect(taroMock.getStorageSync(ELDERLY_CHOICE_KEY)).toBe('on')
    expect(container.querySelector('.cw-profile')?.classList.contains('cw-elderly')).toBe(true)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(toggle)
    expect(taroMock.getStorageSync(ELDERLY_CHOICE_KEY)).toBe('off')
    expect(container.querySelector('.cw-profile')?.classList.contains('cw-elderly')).toBe(false)
  })
})
