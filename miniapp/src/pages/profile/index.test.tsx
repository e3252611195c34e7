import { fireEvent, render, screen } from '@testing-library/react'
import type { RoleGrantDto } from '@cunwu/domain'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMe } from '../../../test/support/builders'
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
})
