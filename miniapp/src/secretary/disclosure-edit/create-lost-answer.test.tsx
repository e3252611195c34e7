import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import {
  buildEditorDraft,
  editorBff,
  editorId,
  editorItem,
  editorVillage,
} from '../../../test/support/disclosure-editor'
import { apiError, type SeenRequest } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

const BODY = '用大白话写清楚这次公开的是什么'
const CREATE = `POST /api/v1/villages/${editorVillage}/disclosures`

/**
 * A BFF whose first create makes the draft but whose answer is lost (the app's timeout). Like the real one: the same
 * Idempotency-Key and body again get the draft it made (201), anything else for the period 409 disclosure_exists
 * naming it; saves of the draft check its revision. `colleague`: the period's draft was a colleague's all along, and
 * the lost attempt made nothing.
 */
function lostFirstCreate(colleague?: string) {
  let stored: DisclosureDto | null = colleague
    ? buildEditorDraft({ body: colleague, period: '2026-06', revision: 3 })
    : null
  let firstKey: string | undefined
  let firstBody = ''
  let creates = 0
  const seen = editorBff([editorItem], {
    [CREATE]: (req: SeenRequest) => {
      const key = req.headers['Idempotency-Key']
      creates += 1
      // The colleague's draft refuses the first attempt too, but that answer is lost as well.
      if (creates === 1 && stored) throw new Error('request:fail timeout')
      if (stored) {
        if (key !== undefined && key === firstKey && JSON.stringify(req.body) === firstBody)
          return { status: 201, body: stored }
        return apiError(409, 'disclosure_exists', '本期已有该事项的公开内容', { disclosureId: editorId })
      }
      stored = buildEditorDraft({ ...(req.body as Partial<DisclosureDto>), revision: 0 })
      firstKey = key
      firstBody = JSON.stringify(req.body)
      throw new Error('request:fail timeout')
    },
    [`GET /api/v1/disclosures/${editorId}`]: () => ({ status: 200, body: stored }),
    [`PATCH /api/v1/disclosures/${editorId}`]: (req: SeenRequest) => {
      const { revision, ...fields } = req.body as Partial<DisclosureDto>
      if (!stored || revision !== stored.revision)
        return apiError(409, 'disclosure_stale', '别人刚改过这条内容，请刷新后再改')
      stored = { ...stored, ...fields, revision: (revision ?? 0) + 1 }
      return { status: 200, body: stored }
    },
  })
  return { seen, stored: () => stored }
}

async function typeTapAndRetry(first: string, second: string) {
  const view = render(<DisclosureEditPage />)
  await flush()
  const type = (text: string) =>
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: text } })
  const tap = () => fireEvent.click(screen.getByText('保存草稿', { selector: 'button' }))
  type(first)
  tap()
  await flush()
  expect(view.container.textContent).toContain('网络太慢')
  type(second)
  tap()
  await flush(5)
  return view
}

describe('DisclosureEditPage, a new draft whose create answer was lost on a weak network', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
    __setRouterParams({ itemId: editorItem.id, period: '2026-06' })
  })

  it('should send the same text again with the same Idempotency-Key and land in the one draft made', async () => {
    const bff = lostFirstCreate()
    const view = await typeTapAndRetry('六月的正文', '六月的正文')
    const creates = bff.seen.filter((r) => `${r.method} ${r.path}` === CREATE)
    expect(creates).toHaveLength(2)
    expect(creates[0]?.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(creates[1]?.headers['Idempotency-Key']).toBe(creates[0]?.headers['Idempotency-Key'])
    expect(view.container.textContent).not.toContain('没有办成')
    expect(view.container.textContent).toContain(`第1版`)
  })

  it('should land in the draft the first tap made, with the text changed since saved on it, not show 409', async () => {
    const bff = lostFirstCreate()
    const view = await typeTapAndRetry('六月的正文', '六月的正文，又补了一句')
    expect(view.container.textContent).not.toContain('没有办成')
    expect(view.container.textContent).not.toContain('本期已有')
    expect(screen.getByRole('status').textContent).toBe('草稿已保存')
    expect(bff.stored()).toMatchObject({ id: editorId, body: '六月的正文，又补了一句', revision: 1 })
    expect(bff.seen.filter((r) => r.method === 'PATCH')).toHaveLength(1)
  })

  it("should still refuse, and offer to open it, when the period's draft is a colleague's", async () => {
    const bff = lostFirstCreate('同事写的六月正文')
    const view = await typeTapAndRetry('六月的正文', '六月的正文，又补了一句')
    expect(view.container.textContent).toContain('本期已有该事项的公开内容')
    expect(screen.getByText('打开已有的内容')).toBeTruthy()
    expect(bff.stored()).toMatchObject({ body: '同事写的六月正文', revision: 3 })
  })
})
