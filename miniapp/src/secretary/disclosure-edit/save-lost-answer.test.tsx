import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildEditorDraft, editorBff, editorId, editorItem } from '../../../test/support/disclosure-editor'
import { apiError, type SeenRequest } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

const typed = '我自己改的正文：修路款 5000 元'

/** A BFF whose first PATCH saves the draft but whose answer is lost (the app's timeout); later stale ones get 409. */
function lostFirstSave(colleague?: string) {
  let stored: DisclosureDto = buildEditorDraft({ revision: 0 })
  let patches = 0
  const seen = editorBff([editorItem], {
    [`GET /api/v1/disclosures/${editorId}`]: () => ({ status: 200, body: stored }),
    [`PATCH /api/v1/disclosures/${editorId}`]: (req: SeenRequest) => {
      const body = req.body as { revision?: number; body?: string }
      if (body.revision !== stored.revision)
        return apiError(409, 'disclosure_stale', '别人刚改过这条内容，请刷新后再改')
      stored = { ...stored, body: body.body ?? stored.body, revision: (stored.revision ?? 0) + 1 }
      patches += 1
      if (patches === 1) {
        // Another phone saves its own text over it before the retry.
        if (colleague) stored = { ...stored, body: colleague, revision: (stored.revision ?? 0) + 1 }
        throw new Error('request:fail timeout')
      }
      return { status: 200, body: stored }
    },
    [`POST /api/v1/disclosures/${editorId}/submit`]: () => {
      stored = { ...stored, status: 'pending_review', revision: (stored.revision ?? 0) + 1 }
      return { status: 200, body: stored }
    },
  })
  return { seen, stored: () => stored }
}

/** Types `typed`, taps `button`, whose answer is lost, and taps it again, after changing the text to `retyped`. */
async function typeAndTapTwice(button: string, retyped = typed) {
  const view = render(<DisclosureEditPage />)
  await flush()
  const type = (text: string) =>
    fireEvent.change(view.container.querySelector('textarea.cw-sedit__body')!, { target: { value: text } })
  type(typed)
  await flush()
  const tap = () => fireEvent.click(screen.getByText(button, { selector: 'button' }))
  tap()
  await flush()
  expect(view.container.textContent).toContain('网络太慢')
  if (retyped !== typed) type(retyped)
  tap()
  await flush()
  return view
}

describe('DisclosureEditPage, a save whose answer was lost on a weak network (tester r1, N1)', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
    __setRouterParams({ id: editorId })
  })

  it('should say 保存草稿 tapped again found the draft saved, not that someone else changed it', async () => {
    const bff = lostFirstSave()
    const { container } = await typeAndTapTwice('保存草稿')
    expect(container.textContent).not.toContain('别人刚改过')
    expect(container.textContent).not.toContain('没有办成')
    expect(screen.getByRole('status').textContent).toContain('刚才那次已经保存好了')
    expect(bff.stored()).toMatchObject({ status: 'draft', body: typed, revision: 1 })
  })

  it('should go on and send the draft to the township when 提交乡镇审核 is tapped again after the save was lost', async () => {
    const bff = lostFirstSave()
    const { container } = await typeAndTapTwice('提交乡镇审核')
    expect(container.textContent).not.toContain('别人刚改过')
    expect(bff.seen.filter((r) => r.method === 'POST' && r.path.endsWith('/submit'))).toHaveLength(1)
    expect(bff.stored()).toMatchObject({ status: 'pending_review', body: typed })
    expect(screen.getByRole('status').textContent).toContain('已提交乡镇审核')
  })

  it("should save text changed after the lost save over that save, the secretary's own, not say someone changed it", async () => {
    const bff = lostFirstSave()
    const { container } = await typeAndTapTwice('保存草稿', `${typed}，另补一句`)
    expect(container.textContent).not.toContain('别人刚改过')
    expect(container.textContent).not.toContain('没有办成')
    expect(screen.getByRole('status').textContent).toBe('草稿已保存')
    expect(bff.stored()).toMatchObject({ status: 'draft', body: `${typed}，另补一句`, revision: 2 })
  })

  it('should still say a colleague changed it when someone else saved after the lost save', async () => {
    const bff = lostFirstSave('同事改的正文')
    const { container } = await typeAndTapTwice('保存草稿')
    expect(container.textContent).toContain('别人刚改过这条内容')
    expect(bff.stored()).toMatchObject({ body: '同事改的正文', revision: 2 })
  })
})
