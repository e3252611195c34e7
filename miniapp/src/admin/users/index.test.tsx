import { fireEvent, render, screen, within } from '@testing-library/react'
import type { AdminUserDto, Region, RoleGrantDto } from '@cunwu/domain'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { apiError, fakeBff, type SeenRequest } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { forgetChildRegions } from '../region-picker'
import { forgetRegionNames } from '../shared'
import AdminUsersPage from './index'

const county: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '云溪县' }
const TOWNSHIPS: Region[] = [
  buildRegion('360999100000', '云溪镇'),
  buildRegion('360999101000', '石门乡'),
  ...Array.from({ length: 18 }, (_, i) =>
    buildRegion(`3609993${String(i).padStart(2, '0')}000`, `测试${i}乡`),
  ),
]
const VILLAGES: Region[] = [
  buildRegion('360999100200', '云溪村委会'),
  buildRegion('360999100201', '上溪村委会'),
]

function buildUser(overrides: Partial<AdminUserDto> = {}): AdminUserDto {
  return {
    id: '6b16cda9c3dacfd54e6317c7',
    displayName: '陈书记',
    accountCode: 'K7QM-3XPA',
    firstSignInAt: '2026-12-01T02:00:00.000Z',
    roles: [{ role: 'secretary', regionCode: '360999100200', regionName: '云溪村委会' }],
    ...overrides,
  }
}

const newcomer = buildUser({
  id: '6b16cda9c3dacfd54e631800',
  displayName: '微信用户qLUQ',
  accountCode: 'ABCD-2345',
  roles: [],
})

/** The BFF of an admin of 云溪县 with the people given, one page of each list. */
function adminBff(routes: Parameters<typeof fakeBff>[0] = {}): SeenRequest[] {
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
    'GET /api/v1/admin/users': () => ({ status: 200, body: { users: [buildUser()], nextBefore: null } }),
    'GET /api/v1/regions/360999000000/children': () => ({ status: 200, body: { regions: TOWNSHIPS } }),
    'GET /api/v1/regions/360999100000/children': () => ({ status: 200, body: { regions: VILLAGES } }),
    ...routes,
  })
}

async function openPage() {
  signIn()
  const view = render(<AdminUsersPage />)
  await flush(6)
  return view
}

describe('AdminUsersPage', () => {
  beforeEach(() => {
    resetSession()
    forgetRegionNames()
    forgetChildRegions()
  })

  it('should list the people of the county with their roles in words and region names', async () => {
    const seen = adminBff()
    const { container } = await openPage()
    expect(seen.find((r) => r.path === '/api/v1/admin/users')?.query).toMatchObject({
      regionCode: '360999000000',
    })
    const card = container.querySelector('[data-user="6b16cda9c3dacfd54e6317c7"]') as HTMLElement
    expect(card.textContent).toContain('陈书记')
    expect(card.textContent).toContain('账号编号 K7QM-3XPA')
    expect(card.textContent).toContain('2026年12月1日首次登录')
    expect(card.textContent).toContain('村务管理员 · 云溪村委会')
    // No codes or ids a person cannot read.
    expect(container.textContent).not.toMatch(/\d{12}|[0-9a-f]{24}|secretary/)
    expect(container.textContent).toContain('已经全部列出')
    // The BFF names each role's region: the page reads no region by its code.
    expect(seen.some((r) => /^\/api\/v1\/regions\/\d{12}$/.test(r.path))).toBe(false)
  })

  it('should read the next page with the cursor the BFF gave, whatever its name', async () => {
    let calls = 0
    const seen = adminBff({
      'GET /api/v1/admin/users': () => {
        calls += 1
        if (calls === 1)
          return { status: 200, body: { users: [buildUser()], nextBefore: '6b16cda9c3dacfd54e6317c7' } }
        if (calls === 2)
          return {
            status: 200,
            body: { users: [buildUser({ id: 'a1', displayName: '赵书记' })], nextCursor: 'c2' },
          }
        return { status: 200, body: { users: [buildUser({ id: 'a2', displayName: '钱主任' })] } }
      },
    })
    const { container } = await openPage()
    fireEvent.click(screen.getByText('加载更多'))
    await flush(6)
    fireEvent.click(screen.getByText('加载更多'))
    await flush(6)
    const lists = seen.filter((r) => r.path === '/api/v1/admin/users').map((r) => r.query)
    expect(lists[1]).toMatchObject({ before: '6b16cda9c3dacfd54e6317c7' })
    expect(lists[2]).toMatchObject({ cursor: 'c2' })
    expect(container.textContent).toContain('陈书记')
    expect(container.textContent).toContain('赵书记')
    expect(container.textContent).toContain('钱主任')
    expect(screen.queryByText('加载更多')).toBeNull()
  })

  it('should find a newcomer by account code and grant a township role chosen by name', async () => {
    const seen = adminBff({
      'GET /api/v1/admin/users/lookup': () => ({ status: 200, body: { user: newcomer } }),
      'POST /api/v1/admin/role-grants': () => ({ status: 204 }),
    })
    const { container } = await openPage()
    fireEvent.change(container.querySelector('.cw-admin-users__code') as Element, {
      target: { value: 'abcd 2345' },
    })
    fireEvent.click(screen.getByText('查找'))
    await flush(6)
    expect(seen.find((r) => r.path === '/api/v1/admin/users/lookup')?.query).toEqual({ code: 'ABCD2345' })
    const card = container.querySelector(`[data-user="${newcomer.id}"]`) as HTMLElement
    expect(card.textContent).toContain('还没有身份')

    fireEvent.click(within(card).getByText('授予身份'))
    fireEvent.click(container.querySelector('[data-role="township"]') as Element)
    await flush(6)
    // Twenty townships, narrowed by typing part of a name; no code is ever typed.
    expect(container.querySelectorAll('.cw-rpick__option')).toHaveLength(20)
    fireEvent.change(container.querySelector('.cw-rpick__search') as Element, { target: { value: '云溪' } })
    expect(container.querySelectorAll('.cw-rpick__option')).toHaveLength(1)
    fireEvent.click(screen.getByText('云溪镇'))
    expect(card.textContent).toContain('给 微信用户qLUQ 授予「乡镇工作人员」，管理 云溪镇')
    fireEvent.click(screen.getByText('确定授予'))
    await flush(6)
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      userId: newcomer.id,
      role: 'township',
      regionCode: '360999100000',
    })
  })

  it('should choose a secretary’s village through its township', async () => {
    const seen = adminBff({ 'POST /api/v1/admin/role-grants': () => ({ status: 204 }) })
    const { container } = await openPage()
    fireEvent.click(screen.getByText('授予身份'))
    fireEvent.click(container.querySelector('[data-role="secretary"]') as Element)
    await flush(6)
    fireEvent.click(screen.getByText('云溪镇 ›'))
    await flush(6)
    fireEvent.click(screen.getByText('上溪村委会'))
    fireEvent.click(screen.getByText('确定授予'))
    await flush(6)
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({
      role: 'secretary',
      regionCode: '360999100201',
    })
  })

  it('should open one grant form for a person on two cards, in the card whose 授予身份 was pressed', async () => {
    // 陈书记 found by account code is also on the list below: two cards of one person.
    adminBff({ 'GET /api/v1/admin/users/lookup': () => ({ status: 200, body: { user: buildUser() } }) })
    const { container } = await openPage()
    fireEvent.change(container.querySelector('.cw-admin-users__code') as Element, {
      target: { value: 'K7QM-3XPA' },
    })
    fireEvent.click(screen.getByText('查找'))
    await flush(6)
    const cards = [...container.querySelectorAll('[data-user="6b16cda9c3dacfd54e6317c7"]')] as HTMLElement[]
    expect(cards).toHaveLength(2)
    const [foundCard, listCard] = cards as [HTMLElement, HTMLElement]

    fireEvent.click(within(foundCard).getByText('授予身份'))
    expect(screen.getAllByRole('group', { name: '给陈书记授予身份' })).toHaveLength(1)
    expect(foundCard.querySelector('.cw-admin-users__grant')).not.toBeNull()
    // The other card still offers 授予身份, which moves the one form there.
    fireEvent.click(within(listCard).getByText('授予身份'))
    expect(screen.getAllByRole('group', { name: '给陈书记授予身份' })).toHaveLength(1)
    expect(listCard.querySelector('.cw-admin-users__grant')).not.toBeNull()
    expect(foundCard.querySelector('.cw-admin-users__grant')).toBeNull()
    expect(within(foundCard).getByText('授予身份')).toBeTruthy()
  })

  it('should take a role away only after a confirmation, and say the BFF’s reason when refused', async () => {
    let refuse = true
    const seen = adminBff({
      'DELETE /api/v1/admin/role-grants': () =>
        refuse
          ? apiError(409, 'last_admin', '这是最后一位能管理该地区的系统管理员，不能取消')
          : { status: 204 },
    })
    const { container } = await openPage()
    fireEvent.click(screen.getByText('取消这个身份'))
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false)
    expect(screen.getByRole('dialog').textContent).toContain('确定取消陈书记的村务管理员身份？')
    fireEvent.click(screen.getByText('确定取消'))
    await flush(6)
    expect(screen.getByRole('alert').textContent).toBe('这是最后一位能管理该地区的系统管理员，不能取消')
    refuse = false
    fireEvent.click(screen.getByText('确定取消'))
    await flush(6)
    expect(seen.filter((r) => r.method === 'DELETE').at(-1)?.body).toEqual({
      userId: '6b16cda9c3dacfd54e6317c7',
      role: 'secretary',
      regionCode: '360999100200',
    })
    expect(container.querySelector('[role="dialog"]')).toBeNull()
  })

  it('should tell an unknown account code in the BFF’s words', async () => {
    adminBff({ 'GET /api/v1/admin/users/lookup': () => apiError(404, 'not_found', '没有这个账号编号的用户') })
    const { container } = await openPage()
    fireEvent.change(container.querySelector('.cw-admin-users__code') as Element, {
      target: { value: 'ZZZZ-9999' },
    })
    fireEvent.click(screen.getByText('查找'))
    await flush(6)
    expect(screen.getByRole('alert').textContent).toBe('没有这个账号编号的用户')
  })

  it('should refuse a code that cannot be an account code without asking the BFF', async () => {
    const seen = adminBff()
    const { container } = await openPage()
    fireEvent.change(container.querySelector('.cw-admin-users__code') as Element, {
      target: { value: '6b16cda9' },
    })
    fireEvent.click(screen.getByText('查找'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('账号编号不对')
    expect(seen.some((r) => r.path === '/api/v1/admin/users/lookup')).toBe(false)
  })

  it('should tell someone who is not an admin that the page is not theirs', async () => {
    fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [] }) }) })
    const { container } = await openPage()
    expect(container.textContent).toContain('您不是系统管理员')
  })
})
