import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import {
  buildEditorDraft,
  editorBff,
  editorItem,
  editorVillage,
} from '../../../test/support/disclosure-editor'
import { flush, resetSession, signInAs } from '../../../test/support/render'
import DisclosureEditPage from './index'

const BODY = '用大白话写清楚这次公开的是什么'

/** The period chip the page shows as chosen. */
function chosenPeriod(): string | null {
  return (
    screen.getAllByRole('radio').find((r) => r.getAttribute('aria-checked') === 'true')?.textContent ?? null
  )
}

/** Text kept from an unsaved new draft belongs to its item and period (tester r1, N3). */
describe('DisclosureEditPage: text kept for a new draft', () => {
  beforeEach(() => {
    resetSession()
    signInAs('64b0000000000000000000a1')
  })

  it('should not bring text typed for one period into a new draft opened for another, nor switch the period', async () => {
    const created: unknown[] = []
    editorBff([editorItem], {
      [`POST /api/v1/villages/${editorVillage}/disclosures`]: (req) => {
        created.push(req.body)
        const draft: DisclosureDto = buildEditorDraft({ ...(req.body as object), revision: 1 })
        return { status: 201, body: draft }
      },
    })
    __setRouterParams({ itemId: editorItem.id, period: '2026-05' })
    const first = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '五月的正文，没保存' } })
    first.unmount()

    // The link for the next month opens a new draft of the same item.
    __setRouterParams({ itemId: editorItem.id, period: '2026-06' })
    const second = render(<DisclosureEditPage />)
    await flush()
    expect(second.container.textContent).not.toContain('已恢复')
    expect(chosenPeriod()).toBe('2026年6月')
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('')
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '六月的正文' } })
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(created).toEqual([expect.objectContaining({ period: '2026-06', body: '六月的正文' })])
    second.unmount()

    // The May text is still there for May.
    __setRouterParams({ itemId: editorItem.id, period: '2026-05' })
    const third = render(<DisclosureEditPage />)
    await flush()
    expect(third.container.textContent).toContain('已恢复您上次没有保存的文字')
    expect(chosenPeriod()).toBe('2026年5月')
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('五月的正文，没保存')
  })
})
