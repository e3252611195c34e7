import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureStatus } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import {
  buildEditorDraft as buildDraft,
  editorBff,
  editorId as id,
  editorItem as item,
} from '../../../test/support/disclosure-editor'
import { apiError } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

/** The editor of a version that is no longer a draft: what it offers (docs/versions.md). */
describe('DisclosureEditPage, a version past review', () => {
  beforeEach(resetSession)

  /** Opens the editor on a version of `status`; answers the requests the page sends. */
  async function open(status: DisclosureStatus) {
    signIn('sec')
    __setRouterParams({ id })
    const draftId = '65f0000000000000000000d3'
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft({ status }) }),
      [`POST /api/v1/disclosures/${id}/versions`]: () => ({
        status: 201,
        body: buildDraft({ id: draftId, version: 2, changeNote: '更正第 3 户金额' }),
      }),
      [`POST /api/v1/disclosures/${id}/retract`]: () => ({
        status: 200,
        body: buildDraft({ status: 'retracted', retractReason: '数据有误' }),
      }),
    })
    const view = render(<DisclosureEditPage />)
    await flush()
    const field = (selector: string) => {
      const el = view.container.querySelector(selector)
      if (!el) throw new Error(`nothing matches ${selector}`)
      return el
    }
    return { ...view, seen, draftId, field }
  }

  it('should start a corrected version of a published one only with a note, and retract only with a reason', async () => {
    const { container, seen, draftId, field } = await open('published')
    const posted = () => seen.filter((r) => r.method === 'POST').map((r) => r.path)

    fireEvent.click(screen.getByText('建立更正版本'))
    await flush()
    expect(container.textContent).toContain('请说明更改了什么')
    fireEvent.click(screen.getByText('撤回这条公开'))
    await flush()
    expect(container.textContent).toContain('请写明撤回原因')
    expect(posted()).toEqual([])

    fireEvent.change(field('.cw-sedit__change-note'), { target: { value: '更正第 3 户金额' } })
    fireEvent.click(screen.getByText('建立更正版本'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: `/api/v1/disclosures/${id}/versions`,
      body: { changeNote: '更正第 3 户金额' },
    })
    expect(taroMock.redirectTo).toHaveBeenLastCalledWith({
      url: `/secretary/disclosure-edit/index?id=${draftId}`,
    })

    fireEvent.change(field('.cw-sedit__reason'), { target: { value: '数据有误' } })
    fireEvent.click(screen.getByText('撤回这条公开'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: `/api/v1/disclosures/${id}/retract`,
      body: { reason: '数据有误' },
    })
    expect(container.textContent).toContain('已撤回')
  })

  it('should offer a correction and 撤回 on a list past its posting window (公示期满), as the BFF allows', async () => {
    const { container, seen, draftId, field } = await open('expired')
    expect(container.textContent).toContain('公示期满 · 第1版')
    fireEvent.change(field('.cw-sedit__change-note'), { target: { value: '更正王建国的补贴面积' } })
    fireEvent.click(screen.getByText('建立更正版本'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: `/api/v1/disclosures/${id}/versions`,
      body: { changeNote: '更正王建国的补贴面积' },
    })
    expect(taroMock.redirectTo).toHaveBeenLastCalledWith({
      url: `/secretary/disclosure-edit/index?id=${draftId}`,
    })
    fireEvent.change(field('.cw-sedit__reason'), { target: { value: '数据有误' } })
    fireEvent.click(screen.getByText('撤回这条公开'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ path: `/api/v1/disclosures/${id}/retract` })
  })

  it('should offer to open the new version another tab already made (tester r1, N6)', async () => {
    const { container, draftId, field } = await open('expired')
    // Another tab made version 2 first: the BFF names it.
    editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft({ status: 'expired' }) }),
      [`POST /api/v1/disclosures/${id}/versions`]: () =>
        apiError(409, 'disclosure_exists', '已有一个未发布的新版本，请先处理它', { disclosureId: draftId }),
    })
    fireEvent.change(field('.cw-sedit__change-note'), { target: { value: '再更正一次' } })
    fireEvent.click(screen.getByText('建立更正版本'))
    await flush()
    expect(container.textContent).toContain('已有一个未发布的新版本，请先处理它')
    fireEvent.click(screen.getByText('打开已有的内容'))
    expect(taroMock.redirectTo).toHaveBeenLastCalledWith({
      url: `/secretary/disclosure-edit/index?id=${draftId}`,
    })
  })

  it('should offer a corrected version of a retracted one, but not 撤回 again', async () => {
    const { container, seen, field } = await open('retracted')
    expect(screen.queryByText('撤回这条公开')).toBeNull()
    expect(container.textContent).toContain('已撤回的内容可以更正后重新公开')
    fireEvent.change(field('.cw-sedit__change-note'), { target: { value: '更正后重新公开' } })
    fireEvent.click(screen.getByText('建立更正版本'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ path: `/api/v1/disclosures/${id}/versions` })
  })

  it('should offer neither while the version waits for review', async () => {
    await open('pending_review')
    expect(screen.queryByText('建立更正版本')).toBeNull()
    expect(screen.queryByText('撤回这条公开')).toBeNull()
  })
})
