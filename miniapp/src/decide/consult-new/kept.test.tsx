import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signInAs } from '../../../test/support/render'
import ConsultNewPage from './index'

const VILLAGE = '360999100200'

/** Text typed in 发起征求意见 survives a reload or 返回 until it is sent (tester p1, D6). */
describe('ConsultNewPage: text kept until it is sent', () => {
  beforeEach(() => {
    resetSession()
    signInAs('64b0000000000000000000a1')
    __setRouterParams({ village: VILLAGE })
  })

  it('should put back what was typed after a reload, say so, and forget it once the consultation is open', async () => {
    fakeBff({
      [`GET /api/v1/villages/${VILLAGE}/disclosures`]: () => ({ status: 200, body: { disclosures: [] } }),
      [`POST /api/v1/villages/${VILLAGE}/consultations`]: (req) => ({
        status: 201,
        body: {
          ...(req.body as object),
          id: 'c'.repeat(24),
          villageCode: VILLAGE,
          attachments: [],
          status: 'open',
          closed: false,
          openedBy: 'secretary',
          createdAt: '2026-12-07T05:00:00.000Z',
          tally: null,
          summaryDisclosureId: null,
        },
      }),
    })
    const type = (name: string, value: string) =>
      fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } })
    const box = (name: string) => (screen.getByRole('textbox', { name }) as HTMLInputElement).value
    const first = render(<ConsultNewPage />)
    await flush()
    type('标题', '村道硬化')
    type('征求意见稿', '拟硬化村东主路 800 米，每户筹资 30 元')
    fireEvent.click(screen.getByRole('radio', { name: '每人一份' }))
    first.unmount()

    const second = render(<ConsultNewPage />)
    await flush()
    expect(box('标题')).toBe('村道硬化')
    expect(box('征求意见稿')).toBe('拟硬化村东主路 800 米，每户筹资 30 元')
    expect(screen.getByRole('radio', { name: '每人一份' }).getAttribute('aria-checked')).toBe('true')
    expect(screen.getByRole('status').textContent).toBe('已恢复您上次没有发出的内容，请核对后再发起。')
    type('第 1 题', '同意吗？')
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    second.unmount()

    render(<ConsultNewPage />)
    await flush()
    expect(box('标题')).toBe('')
    expect(screen.queryByRole('status')).toBeNull()
  })
})
