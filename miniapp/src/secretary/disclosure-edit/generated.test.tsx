import { fireEvent, render, screen } from '@testing-library/react'
import { findCatalogItem, type DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

const id = '65f0000000000000000000d7'
const village = '360999100200'
const secretary = { role: 'secretary' as const, regionCode: village }
const resolution = findCatalogItem('village-affairs.four-two.resolution')
if (!resolution) throw new Error('no 决议公开 item in the catalog')
const record = {
  step: '村民会议或村民代表会议决议',
  held_on: '2026-11-10',
  expected: 30,
  present: 21,
  approve: 18,
  oppose: 2,
  abstain: 1,
  outcome: '通过',
}

/** A 决议公开 the township sent back; `generatedFromDecision` as the BFF says it (a decision's, or typed by hand). */
function returned(generatedFromDecision: boolean): DisclosureDto {
  return {
    id,
    regionCode: village,
    catalogItemId: resolution?.id ?? '',
    catalogItemName: '决议公开',
    domainId: resolution?.domainId ?? '',
    period: '2026-11',
    version: 1,
    status: 'draft',
    title: '决议公开：村道硬化一事一议筹资',
    body: '事项：村道硬化一事一议筹资（一事一议筹资筹劳）',
    interpretation: null,
    figures: [],
    table: {
      title: '议事记录',
      columns: [],
      rows: [record],
      totals: {},
      rowCount: 1,
      omittedRowCount: 0,
    },
    attachments: [],
    changeNote: null,
    publishedAt: null,
    postingUntil: null,
    retractReason: null,
    reviewComment: '请补充政策解读',
    reviewOffice: '乡镇',
    revision: 2,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...(generatedFromDecision ? { generatedFromDecision: true } : {}),
  }
}

function editorBff(d: DisclosureDto) {
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
    [`GET /api/v1/villages/${village}/catalog`]: () => ({
      status: 200,
      body: { version: 'test', village: buildRegion(village, '云溪村委会'), items: [resolution] },
    }),
    [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: d }),
    [`PATCH /api/v1/disclosures/${id}`]: () => ({ status: 200, body: d }),
  })
}

describe("DisclosureEditPage: a decision's 决议公开", () => {
  beforeEach(() => {
    resetSession()
    signIn('sec')
    __setRouterParams({ id })
  })

  it('should show the generated title, text and table read-only, say why, and save only what may be added', async () => {
    const seen = editorBff(returned(true))
    const { container } = render(<DisclosureEditPage />)
    await flush(5)
    expect(container.querySelector('.cw-sedit__generated')?.textContent).toBe(
      '内容按会议记录生成，不能改；可以补充说明',
    )
    expect(container.querySelector('.cw-sedit__title-input')).toBeNull()
    expect(container.querySelector('textarea.cw-sedit__body, .cw-sedit__body textarea')).toBeNull()
    expect(container.textContent).toContain('决议公开：村道硬化一事一议筹资')
    expect(container.textContent).toContain('事项：村道硬化一事一议筹资')
    for (const word of ['修改', '删除', '添加一行', '从 Excel / CSV 导入'])
      expect(screen.queryByText(word)).toBeNull()
    expect(container.textContent).toContain('同意：18')

    // The explanation (政策解读) and the figures stay editable, and a save sends only them.
    fireEvent.click(screen.getByText('添加一条问答'))
    fireEvent.change(screen.getByPlaceholderText('问题'), { target: { value: '筹来的钱用在哪里？' } })
    fireEvent.change(screen.getByPlaceholderText('回答'), { target: { value: '全部用于硬化村东主路' } })
    expect(screen.getByText('添加一项标准数额')).toBeTruthy()
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    const patch = seen.find((r) => r.method === 'PATCH')?.body as Record<string, unknown>
    expect(patch).toEqual({
      interpretation: { qa: [{ q: '筹来的钱用在哪里？', a: '全部用于硬化村东主路' }], chart: null },
      figures: [],
      revision: 2,
    })
  })

  it('should keep every field of a 决议公开 typed by hand (not from a decision) editable', async () => {
    editorBff(returned(false))
    const { container } = render(<DisclosureEditPage />)
    await flush(5)
    expect(container.querySelector('.cw-sedit__generated')).toBeNull()
    expect(container.querySelector('.cw-sedit__title-input')).not.toBeNull()
    expect(screen.getByText('添加一行')).toBeTruthy()
    expect(screen.getByText('修改')).toBeTruthy()
  })
})
