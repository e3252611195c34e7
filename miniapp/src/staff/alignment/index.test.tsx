import { fireEvent, render } from '@testing-library/react'
import { ErrorCode } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildAlignment } from '../../../test/support/alignment-builders'
import { buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import StaffAlignmentPage from './index'

const id = '65f0000000000000000000a1'
const township = { role: 'township' as const, regionCode: '360999100000', regionName: '云溪镇' }

describe('StaffAlignmentPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ id })
  })

  it('should explain the discrepancy and send the correction with the fingerprint, versions and revision seen', async () => {
    const seen = fakeBff({
      [`GET /api/v1/alignments/${id}`]: () => ({ status: 200, body: buildAlignment() }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [township], activeRole: township }) }),
      [`POST /api/v1/alignments/${id}/verify`]: () => ({
        status: 200,
        body: buildAlignment({
          correction: { by: '云溪镇 刘芳', at: '2026-11-20T09:00:00.000Z', text: '请更正' },
        }),
      }),
    })
    const { container } = render(<StaffAlignmentPage />)
    await flush()
    expect(container.querySelector('.cw-alignment__explanation')?.textContent).toContain('510.00 元')
    expect(container.querySelector('.cw-staff-alignment__confirm')).toBeNull()

    // Too short a comment stays on the page.
    fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
    await flush()
    expect(container.querySelector('.cw-staff-alignment__notice')?.textContent).toBe('请写明需要更正的内容')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)

    const textarea = container.querySelector('.cw-staff-alignment__text') as Element
    fireEvent.change(textarea, { target: { value: '请更正第一户金额' } })
    fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      action: 'request_correction',
      fingerprint: 'fp-1',
      disclosureVersion: 2,
      governmentVersion: 1,
      revision: 3,
      comment: '请更正第一户金额',
    })
    expect(container.querySelector('.cw-staff-alignment__notice')?.textContent).toContain('已要求村里更正')
    expect(container.querySelector('.cw-alignment__correction')?.textContent).toContain('云溪镇 刘芳')
  })

  it('should count the comment as the server does: 500 emoji are sent whole, one more is refused on the page', async () => {
    const seen = fakeBff({
      [`GET /api/v1/alignments/${id}`]: () => ({ status: 200, body: buildAlignment() }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [township], activeRole: township }) }),
      [`POST /api/v1/alignments/${id}/verify`]: () => ({ status: 200, body: buildAlignment() }),
    })
    const { container } = render(<StaffAlignmentPage />)
    await flush()
    const textarea = container.querySelector('.cw-staff-alignment__text') as Element
    // No maxlength cut: it counts UTF-16 units, and kept 250 of 500 emoji.
    expect(textarea.getAttribute('data-maxlength')).toBe('-1')
    fireEvent.change(textarea, { target: { value: '🙏'.repeat(501) } })
    expect(container.querySelector('.cw-staff-alignment__count')?.textContent).toBe('已超过1个字')
    fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
    await flush()
    expect(container.querySelector('.cw-staff-alignment__notice')?.textContent).toBe(
      '说明已超过1个字，请删减到500个字以内',
    )
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
    fireEvent.change(textarea, { target: { value: '🙏'.repeat(500) } })
    fireEvent.click(container.querySelector('.cw-staff-alignment__correct') as Element)
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ comment: '🙏'.repeat(500) })
  })

  it('should reload and say so when either side changed before the confirm arrived (409 alignment_stale)', async () => {
    let loads = 0
    fakeBff({
      [`GET /api/v1/alignments/${id}`]: () => {
        loads += 1
        return {
          status: 200,
          body: buildAlignment({
            status: 'consistent',
            discrepancies: [],
            label: '与县公开一致',
            ...(loads > 1 ? { fingerprint: 'fp-2', revision: 4 } : {}),
          }),
        }
      },
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [township], activeRole: township }) }),
      [`POST /api/v1/alignments/${id}/verify`]: () => apiError(409, ErrorCode.AlignmentStale, 'stale'),
    })
    const { container } = render(<StaffAlignmentPage />)
    await flush()
    fireEvent.click(container.querySelector('.cw-staff-alignment__confirm') as Element)
    await flush(5)
    expect(loads).toBe(2)
    expect(container.querySelector('.cw-staff-alignment__notice')?.textContent).toBe(
      '村里或政府的公开刚有变化，已重新读取，请再核对一遍',
    )
  })

  it('should show what another officer did when they acted first (409 alignment_stale, same sides)', async () => {
    let loads = 0
    fakeBff({
      [`GET /api/v1/alignments/${id}`]: () => {
        loads += 1
        const other = { by: '云溪县 吴静', at: '2026-11-20T09:00:00.000Z', text: '请村里更正' }
        return { status: 200, body: buildAlignment(loads > 1 ? { revision: 4, correction: other } : {}) }
      },
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [township], activeRole: township }) }),
      [`POST /api/v1/alignments/${id}/verify`]: () =>
        apiError(409, ErrorCode.AlignmentStale, '这条对照刚刚有人处理过或已重新比对，请刷新后再看'),
    })
    const { container } = render(<StaffAlignmentPage />)
    await flush()
    const textarea = container.querySelector('.cw-staff-alignment__text') as Element
    fireEvent.change(textarea, { target: { value: '县里名单晚改' } })
    fireEvent.click(container.querySelector('.cw-staff-alignment__resolve') as Element)
    await flush(5)
    expect(loads).toBe(2)
    expect(container.querySelector('.cw-staff-alignment__notice')?.textContent).toContain(
      '其他工作人员处理过',
    )
    expect(container.querySelector('.cw-alignment__correction')?.textContent).toContain('云溪县 吴静')
  })

  it('should show no actions to a secretary', async () => {
    const secretary = { role: 'secretary' as const, regionCode: '360999100200' }
    fakeBff({
      [`GET /api/v1/alignments/${id}`]: () => ({ status: 200, body: buildAlignment() }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
    })
    const { container } = render(<StaffAlignmentPage />)
    await flush()
    expect(container.querySelector('.cw-alignment__discrepancy')).not.toBeNull()
    expect(container.querySelector('.cw-staff-alignment__actions')).toBeNull()
  })
})
