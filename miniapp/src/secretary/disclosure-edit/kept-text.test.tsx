import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildItem, buildMe, buildRegion } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signInAs } from '../../../test/support/render'
import DisclosureEditPage from './index'

const id = '65f0000000000000000000da'
const village = '360999100200'
const secretary = { role: 'secretary' as const, regionCode: village }
const item = buildItem({ levels: ['county', 'village'] })
const BODY = '用大白话写清楚这次公开的是什么'

/** The editor's bff: the draft as stored, refusing a save of an older revision (409 disclosure_stale). */
function editorBff(draft: () => DisclosureDto, saved: (d: DisclosureDto) => void) {
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
    [`GET /api/v1/villages/${village}/catalog`]: () => ({
      status: 200,
      body: { version: 'test', village: buildRegion(village, '云溪村委会'), items: [item] },
    }),
    [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: draft() }),
    [`PATCH /api/v1/disclosures/${id}`]: (req) => {
      const { revision, ...fields } = req.body as Partial<DisclosureDto>
      if (revision !== draft().revision)
        return apiError(409, 'disclosure_stale', '别人刚改过这条内容，请刷新后再改', {
          revision: draft().revision,
        })
      saved({ ...draft(), ...fields, revision: (revision ?? 0) + 1 })
      return { status: 200, body: draft() }
    },
  })
}

/** Text typed in the editor survives a reload or 返回 until it is saved (tester p1, D6). */
describe('DisclosureEditPage: text kept until it is saved', () => {
  beforeEach(() => {
    resetSession()
    signInAs('64b0000000000000000000a1')
    __setRouterParams({ id })
  })

  it('should put the typed text back after a reload, say so, and forget it once saved', async () => {
    let stored = buildDisclosure({
      id,
      regionCode: village,
      catalogItemId: item.id,
      status: 'draft',
      revision: 2,
    })
    editorBff(
      () => stored,
      (d) => (stored = d),
    )
    const first = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), {
      target: { value: '本月低保标准为每人每月680元。' },
    })
    first.unmount()

    const second = render(<DisclosureEditPage />)
    await flush()
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe(
      '本月低保标准为每人每月680元。',
    )
    expect(second.container.textContent).toContain('已恢复您上次没有保存的文字，请核对后保存。')
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(stored).toMatchObject({ body: '本月低保标准为每人每月680元。', revision: 3 })
    second.unmount()

    const third = render(<DisclosureEditPage />)
    await flush()
    expect(third.container.textContent).not.toContain('已恢复')
  })

  it('should put back text typed on a revision a colleague saved over, and refuse to save it over theirs', async () => {
    let stored = buildDisclosure({
      id,
      regionCode: village,
      catalogItemId: item.id,
      status: 'draft',
      revision: 2,
    })
    editorBff(
      () => stored,
      (d) => (stored = d),
    )
    const first = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '我没保存的正文' } })
    first.unmount()
    stored = { ...stored, title: '同事改的标题', revision: 3 }

    const second = render(<DisclosureEditPage />)
    await flush()
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('我没保存的正文')
    expect(second.container.textContent).toContain('这条内容之后又被别人改过')
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(stored).toMatchObject({ title: '同事改的标题', revision: 3 })
    fireEvent.click(screen.getByText('载入最新内容'))
    await flush()
    expect((screen.getByLabelText('标题') as HTMLInputElement).value).toBe('同事改的标题')
    second.unmount()
    render(<DisclosureEditPage />)
    await flush()
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).not.toBe('我没保存的正文')
  })
})
