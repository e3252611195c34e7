import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { doubleTap, flush, resetSession, signIn } from '../../../test/support/render'
import ConsultNewPage from './index'

const VILLAGE = '360999100200'

describe('ConsultNewPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
    __setRouterParams({ village: VILLAGE })
  })

  it('should open a consultation with the files of a published item, and name what is missing first', async () => {
    const withFiles = buildDisclosure({
      id: 'd'.repeat(24),
      title: '村道硬化方案',
      attachments: [
        { id: 'f'.repeat(24), filename: '方案.pdf', contentType: 'application/pdf', size: 10, url: '/x' },
      ],
    })
    const seen = fakeBff({
      [`GET /api/v1/villages/${VILLAGE}/disclosures`]: () => ({
        status: 200,
        body: { disclosures: [withFiles, buildDisclosure({ id: 'e'.repeat(24), attachments: [] })] },
      }),
      [`POST /api/v1/villages/${VILLAGE}/consultations`]: () => ({
        status: 422,
        body: { error: { code: 'x', message: '停' } },
      }),
    })
    render(<ConsultNewPage />)
    await flush()
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    expect(screen.getByRole('alert').textContent).toBe('请写标题（至少 2 个字）')
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()

    const type = (name: string, value: string) =>
      fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } })
    type('标题', '村道硬化')
    type('征求意见稿', '拟硬化')
    type('第 1 题', '同意吗？')
    // Only the item with files is offered.
    expect(screen.queryAllByRole('radio', { name: /个文件/ })).toHaveLength(1)
    fireEvent.click(screen.getByRole('radio', { name: '村道硬化方案（1 个文件）' }))
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    const sent = seen.find((r) => r.method === 'POST')?.body
    expect(sent).toMatchObject({
      title: '村道硬化',
      draft: '拟硬化',
      attachmentsFrom: 'd'.repeat(24),
      unit: 'household',
      ballot: 'secret',
      questions: [{ kind: 'single', text: '同意吗？', options: ['同意', '不同意'] }],
    })
    expect(screen.getByRole('alert').textContent).toBe('停')
  })

  it('should open one consultation for a double tap, and send the same key again when retried', async () => {
    let fail = true
    const seen = fakeBff({
      [`GET /api/v1/villages/${VILLAGE}/disclosures`]: () => ({ status: 200, body: { disclosures: [] } }),
      [`POST /api/v1/villages/${VILLAGE}/consultations`]: () => {
        if (fail) throw new Error('request:fail timeout')
        return { status: 422, body: { error: { code: 'x', message: '停' } } }
      },
    })
    render(<ConsultNewPage />)
    await flush()
    const type = (name: string, value: string) =>
      fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } })
    type('标题', '村道硬化')
    type('征求意见稿', '拟硬化')
    type('第 1 题', '同意吗？')
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-07T05:00:00Z'))
    doubleTap(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const key = posts()[0]?.headers['Idempotency-Key']
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    fail = false
    // The retry comes five seconds later.
    now.mockReturnValue(Date.parse('2026-12-07T05:00:05Z'))
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toBe(key)
    // The same body too (the BFF refuses a key sent with another body): the deadline was counted once.
    expect(posts()[1]?.body).toEqual(posts()[0]?.body)
    now.mockRestore()
  })

  it('should count title and draft as the server does, cut no emoji, and send nothing too long', async () => {
    const seen = fakeBff({
      [`GET /api/v1/villages/${VILLAGE}/disclosures`]: () => ({ status: 200, body: { disclosures: [] } }),
      [`POST /api/v1/villages/${VILLAGE}/consultations`]: () => ({
        status: 422,
        body: { error: { code: 'x', message: '停' } },
      }),
    })
    const { container } = render(<ConsultNewPage />)
    await flush()
    const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement
    const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } })
    // The title's limit in emoji fits the one-line field's maxlength (UTF-16 units); the draft is never cut.
    expect(Number(field('标题').getAttribute('data-maxlength'))).toBeGreaterThanOrEqual(
      '😀'.repeat(73).length,
    )
    expect(field('征求意见稿').getAttribute('data-maxlength')).toBe('-1')
    type('标题', '😀'.repeat(74))
    type('征求意见稿', '拟硬化' + '🙏'.repeat(20_000))
    type('第 1 题', '同意吗？')
    expect(container.querySelector('.cw-consult-new__title-count')?.textContent).toBe('已超过1个字')
    expect(container.querySelector('.cw-consult-new__draft-count')?.textContent).toBe('已超过3个字')
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    expect(screen.getByRole('alert').textContent).toBe('标题已超过1个字，请删减到73个字以内')
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    type('标题', '😀'.repeat(73))
    type('征求意见稿', '🙏'.repeat(20_000))
    expect(container.querySelector('.cw-consult-new__title-count')).toBeNull()
    expect(container.querySelector('.cw-consult-new__draft-count')?.textContent).toBe('20000/20000 字')
    fireEvent.click(screen.getByText('发起征求意见', { selector: '.cw-consult-new__submit' }))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({
      title: '😀'.repeat(73),
      draft: '🙏'.repeat(20_000),
    })
  })
})
