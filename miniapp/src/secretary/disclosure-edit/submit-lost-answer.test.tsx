import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildEditorDraft, editorBff, editorId, editorItem } from '../../../test/support/disclosure-editor'
import { apiError } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

describe('DisclosureEditPage, 提交乡镇审核 after an answer lost on a weak network', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
    __setRouterParams({ id: editorId })
  })

  it('should say the draft is already with the township when the first tap sent it and only its answer was lost', async () => {
    let stored: DisclosureDto = buildEditorDraft({ revision: 1 })
    const seen = editorBff([editorItem], {
      [`GET /api/v1/disclosures/${editorId}`]: () => ({ status: 200, body: stored }),
      [`PATCH /api/v1/disclosures/${editorId}`]: () => {
        if (stored.status !== 'draft') return apiError(409, 'disclosure_not_editable', '当前状态不能修改')
        stored = { ...stored, revision: (stored.revision ?? 0) + 1 }
        return { status: 200, body: stored }
      },
      [`POST /api/v1/disclosures/${editorId}/submit`]: () => {
        // The server sends it to review; the answer arrives after the app's timeout.
        stored = { ...stored, status: 'pending_review', revision: (stored.revision ?? 0) + 1 }
        throw new Error('request:fail timeout')
      },
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    fireEvent.click(screen.getByText('提交乡镇审核', { selector: '.cw-sedit__submit' }))
    await flush()
    expect(container.textContent).toContain('网络太慢')

    // Tapped again, as the message says: the save is refused (no longer a draft), and the page finds it was sent.
    fireEvent.click(screen.getByText('提交乡镇审核', { selector: '.cw-sedit__submit' }))
    await flush()
    expect(seen.filter((r) => r.method === 'POST' && r.path.endsWith('/submit'))).toHaveLength(1)
    expect(container.textContent).not.toContain('没有办成')
    expect(container.textContent).not.toContain('当前状态不能修改')
    expect(screen.getByRole('status').textContent).toContain('已经提交乡镇审核了：刚才那次已经办成')
    expect(container.textContent).toContain('待审核')
    expect(container.querySelector('.cw-sedit__submit')).toBeNull()
  })
})
