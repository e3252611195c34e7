import { fireEvent, render, screen } from '@testing-library/react'
import { ErrorCode } from '@cunwu/domain'
import type { CrossCheckFindingDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildMe } from '../../../test/support/builders'
import { buildFinding, listAnswer } from '../../../test/support/cross-check-builders'
import { apiError, deferred, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CrossChecksPage, { ALREADY_DONE, STALE_TEXT } from './index'

const LIST = 'GET /api/v1/regions/360999100000/cross-checks'
const ID = '0123456789abcdef01234567'
const at = '2027-01-06T09:00:00.000Z'

/**
 * 确认 and 说明 on the 跨村核查 page when the network is slow: a tap whose answer was lost is not blamed on a
 * colleague when it is tapped again (hooks/use-lost-answers.ts), and the button says 正在处理… while it waits.
 */
describe('CrossChecksPage actions', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: '360999100000', period: '2027-01' })
  })

  /** A server that saves the first `step` (the finding `saved` makes of its body) and loses its answer. */
  function lostAnswer<B extends { revision: number }>(
    step: 'confirm' | 'resolve',
    saved: (body: B) => Partial<CrossCheckFindingDto>,
  ) {
    let stored: CrossCheckFindingDto = buildFinding({})
    return fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ displayName: '李秀英' }) }),
      [LIST]: () => listAnswer([stored], { above_standard: 1 }),
      [`GET /api/v1/cross-checks/${ID}`]: () => ({ status: 200, body: stored }),
      [`POST /api/v1/cross-checks/${ID}/${step}`]: (req) => {
        const body = req.body as B
        if (body.revision !== stored.revision)
          return apiError(
            409,
            ErrorCode.CrossCheckStale,
            '这条核查结果刚刚有人处理过或已重新核查，请刷新后再看',
          )
        stored = buildFinding({ ...saved(body), revision: stored.revision + 1 })
        // Saved; the answer arrives after the app's timeout.
        throw new Error('request:fail timeout')
      },
    })
  }

  /** The first confirmation saved and its answer lost; `by` is who the stored step names. */
  const lostConfirmation = (by: string) =>
    lostAnswer<{ revision: number; comment?: string }>('confirm', (body) => ({
      status: 'confirmed',
      confirmation: { name: by, at, text: body.comment ?? null },
    }))

  it('should say a confirmation is done when the first tap did it and only its answer was lost', async () => {
    const seen = lostConfirmation('李秀英')
    render(<CrossChecksPage />)
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    expect(screen.getByText(/网络太慢/)).toBeTruthy()

    // Tapped again: refused as stale, but the finding read again carries this officer's own 确认.
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush(6)
    expect(seen.some((r) => r.method === 'GET' && r.path === `/api/v1/cross-checks/${ID}`)).toBe(true)
    expect(screen.getByRole('status').textContent).toBe(ALREADY_DONE.confirm)
    expect(screen.queryByText(STALE_TEXT)).toBeNull()
    expect(screen.getByText('超标准发放 · 已要求村里更正')).toBeTruthy()
  })

  it("should still say a colleague acted when the step read again is someone else's", async () => {
    lostConfirmation('吴静')
    render(<CrossChecksPage />)
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush(6)
    expect(screen.getByRole('status').textContent).toBe(STALE_TEXT)
  })

  it('should say a resolution is done when its answer was lost', async () => {
    // Its revision was 3: the saved resolution is 4.
    lostAnswer<{ revision: number; reason: string }>('resolve', (body) => ({
      status: 'resolved',
      resolution: { name: '李秀英', at, text: body.reason },
    }))
    const { container } = render(<CrossChecksPage />)
    await flush()
    fireEvent.change(container.querySelector('.cw-cross__text') as Element, {
      target: { value: '家庭人数已变更' },
    })
    fireEvent.click(screen.getByText('不是问题，说明情况'))
    await flush()
    fireEvent.click(screen.getByText('不是问题，说明情况'))
    await flush(6)
    expect(screen.getByRole('status').textContent).toBe(ALREADY_DONE.resolve)
    expect(screen.getByText('说明：家庭人数已变更')).toBeTruthy()
  })

  it('should count the comment as the server does: 500 emoji are sent whole, one more is refused on the page', async () => {
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ displayName: '李秀英' }) }),
      [LIST]: () => listAnswer([buildFinding({})], { above_standard: 1 }),
      [`POST /api/v1/cross-checks/${ID}/confirm`]: () => ({
        status: 200,
        body: buildFinding({ status: 'confirmed', revision: 2 }),
      }),
    })
    const { container } = render(<CrossChecksPage />)
    await flush()
    const box = container.querySelector('.cw-cross__text') as HTMLTextAreaElement
    // No maxlength cut: 500 counted UTF-16 units, and kept 250 of 500 emoji.
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    fireEvent.input(box, { target: { value: '🙏'.repeat(501) } })
    expect(container.querySelector('.cw-cross__text-count')?.textContent).toBe('已超过1个字')
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    expect(container.querySelector('.cw-cross__notice')?.textContent).toBe(
      '说明或理由已超过1个字，请删减到500个字以内',
    )
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    fireEvent.input(box, { target: { value: '🙏'.repeat(500) } })
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ comment: '🙏'.repeat(500) })
  })

  it('should show 正在处理… on the button while the confirmation is on its way', async () => {
    const held = deferred()
    fakeBff({
      [LIST]: () => listAnswer([buildFinding({})], { above_standard: 1 }),
      [`POST /api/v1/cross-checks/${ID}/confirm`]: async () => {
        await held.promise
        return { status: 200, body: buildFinding({ status: 'confirmed', revision: 4 }) }
      },
    })
    render(<CrossChecksPage />)
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    const busy = screen.getByText('正在处理…')
    expect(busy.closest('button, taro-button-core')?.hasAttribute('disabled')).toBe(true)
    expect(screen.queryByText('确认有问题，要求村里更正')).toBeNull()
    held.resolve()
    await flush()
    expect(screen.queryByText('正在处理…')).toBeNull()
  })

  it('should name another township only 外乡镇 among the villages a finding involves', async () => {
    fakeBff({
      [LIST]: () =>
        listAnswer(
          [
            buildFinding({
              kind: 'duplicate_person',
              kindLabel: '多村重复享受',
              villages: [{ code: '360999100200', name: '东坊村委会' }],
              elsewhere: true,
              canResolve: false,
            }),
          ],
          { duplicate_person: 1 },
        ),
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.getByText('涉及：东坊村委会、外乡镇')).toBeTruthy()
  })
})
