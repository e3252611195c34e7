import { fireEvent, render } from '@testing-library/react'
import { ErrorCode, type AlignmentDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildAlignment } from '../../../test/support/alignment-builders'
import { buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import StaffAlignmentPage from './index'

const id = '65f0000000000000000000a1'
const township = { role: 'township' as const, regionCode: '360999100000', regionName: '云溪镇' }
// buildMe's displayName: the name the BFF writes on what this officer does.
const me = buildMe({ roles: [township], activeRole: township })

/**
 * The BFF as on one bar of signal: the first 要求村里更正 is stored (the revision raised), but its answer comes after
 * the app's timeout; a later one on the revision the page saw is refused as stale (409).
 */
function bffWithLostAnswer(by: string) {
  let stored: AlignmentDto = buildAlignment()
  const seen = fakeBff({
    [`GET /api/v1/alignments/${id}`]: () => ({ status: 200, body: stored }),
    'GET /api/v1/me': () => ({ status: 200, body: me }),
    [`POST /api/v1/alignments/${id}/verify`]: (req) => {
      const body = req.body as { revision: number; comment: string }
      if (body.revision !== stored.revision)
        return apiError(409, ErrorCode.AlignmentStale, '这条对照刚刚有人处理过或已重新比对，请刷新后再看')
      stored = buildAlignment({
        revision: stored.revision + 1,
        correction: { by, at: '2026-11-20T09:00:00.000Z', text: body.comment },
      })
      throw new Error('request:fail timeout')
    },
  })
  return seen
}

async function correctTwice() {
  const { container } = render(<StaffAlignmentPage />)
  await flush()
  const textarea = container.querySelector('.cw-staff-alignment__text') as Element
  fireEvent.change(textarea, { target: { value: '请更正第一户金额' } })
  fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
  await flush(5)
  const notice = () => container.querySelector('.cw-staff-alignment__notice')?.textContent ?? ''
  expect(notice()).toContain('网络太慢')
  // Tapped again, as the message says.
  fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
  await flush(5)
  return { container, notice: notice() }
}

describe('StaffAlignmentPage, a verification whose answer was lost (tester p1, D3)', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ id })
  })

  it("should say the officer's own earlier tap did it, not another officer, and show the correction", async () => {
    const seen = bffWithLostAnswer(me.displayName)
    const { container, notice } = await correctTwice()
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2)
    expect(notice).toBe('已要求村里更正，村里会收到通知（刚才那次已经办成，只是网络慢，回复晚到了）')
    expect(notice).not.toContain('其他工作人员')
    expect(container.querySelector('.cw-alignment__correction')?.textContent).toContain(me.displayName)
    expect(container.querySelector('.cw-staff-alignment__notice')?.getAttribute('role')).toBe('status')
  })

  it('should still say another officer handled it when the correction found is not this officer’s', async () => {
    bffWithLostAnswer('云溪县 吴静')
    const { container, notice } = await correctTwice()
    expect(notice).toBe('刚刚已有其他工作人员处理过这条对照，已重新读取，请看处理结果')
    expect(container.querySelector('.cw-alignment__correction')?.textContent).toContain('云溪县 吴静')
  })
})
