import { fireEvent, render, screen } from '@testing-library/react'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import InvitePage from './index'

describe('InvitePage', () => {
  beforeEach(resetSession)

  it('should stop a form without a name with a plain message, and send nothing', async () => {
    signIn()
    const seen = fakeBff({})
    const { container } = render(<InvitePage />)
    const household = container.querySelector('.cw-invite__household')
    if (!household) throw new Error('household input missing')
    fireEvent.change(household, { target: { value: '002' } })
    fireEvent.click(screen.getByText('生成邀请码'))
    await flush()
    expect(container.textContent).toContain('请填写姓名')
    expect(container.textContent).not.toMatch(/[A-Za-z]{3,}/)
    expect(seen).toHaveLength(0)
  })
})
