import { fireEvent, render, screen } from '@testing-library/react'
import { DISCLOSURE_BODY_MAX, DISCLOSURE_TITLE_MAX, findCatalogItem } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildEditorDraft, editorBff, editorId } from '../../../test/support/disclosure-editor'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

// The editor counts the title and the text as the server does (components/text-count): no emoji is cut, and a text
// too long is refused before sending, in words.
const item = findCatalogItem('village-affairs.four-two.resolution')
if (!item) throw new Error('no 决议公开 item in the catalog')

const draft = buildEditorDraft({
  catalogItemId: item.id,
  catalogItemName: '决议公开',
  domainId: item.domainId,
  period: '2026-11',
  title: '决议公开：村道硬化',
  body: '',
  figures: [],
  reviewOffice: null,
  revision: 1,
})

describe('DisclosureEditPage: how long the title and text may be', () => {
  beforeEach(() => {
    resetSession()
    signIn('sec')
    __setRouterParams({ id: editorId })
  })

  it('should keep a title and a text of emoji up to the limit whole, and refuse one more before sending', async () => {
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${editorId}`]: () => ({ status: 200, body: draft }),
      [`PATCH /api/v1/disclosures/${editorId}`]: () => ({ status: 200, body: draft }),
    })
    const { container } = render(<DisclosureEditPage />)
    await flush(5)
    const title = container.querySelector('.cw-sedit__title-input') as HTMLInputElement
    const body = container.querySelector('.cw-sedit__body') as HTMLTextAreaElement
    expect(Number(title.getAttribute('data-maxlength'))).toBeGreaterThanOrEqual(
      '😀'.repeat(DISCLOSURE_TITLE_MAX).length,
    )
    expect(body.getAttribute('data-maxlength')).toBe('-1')
    fireEvent.change(title, { target: { value: '😀'.repeat(DISCLOSURE_TITLE_MAX) } })
    fireEvent.change(body, { target: { value: '🙏'.repeat(DISCLOSURE_BODY_MAX + 1) } })
    expect(container.querySelector('.cw-sedit__title-count')).toBeNull()
    expect(container.querySelector('.cw-sedit__body-count')?.textContent).toBe('已超过1个字')
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(container.textContent).toContain(`正文已超过1个字，请删减到${DISCLOSURE_BODY_MAX}个字以内`)
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(0)
    fireEvent.change(body, { target: { value: '🙏'.repeat(DISCLOSURE_BODY_MAX) } })
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(seen.find((r) => r.method === 'PATCH')?.body).toMatchObject({
      title: '😀'.repeat(DISCLOSURE_TITLE_MAX),
      body: '🙏'.repeat(DISCLOSURE_BODY_MAX),
    })
  })
})
