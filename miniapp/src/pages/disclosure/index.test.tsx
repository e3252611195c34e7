import { render } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import DisclosurePage from './index'

const id = '65f0000000000000000000d1'

function buildDisclosure(overrides: Partial<DisclosureDto> = {}): DisclosureDto {
  return {
    id,
    regionCode: '360999100200',
    regionName: '云溪村委会',
    catalogItemId: 'social-assistance.dibao.approval',
    catalogItemName: '最低生活保障对象名单',
    domainId: 'social-assistance',
    period: '2026-07',
    version: 2,
    status: 'published',
    title: '低保对象名单',
    body: '以下家庭享受低保。',
    interpretation: {
      qa: [{ q: '多久公示一次？', a: '每次审批后公示。' }],
      chart: { kind: 'bar', title: '各组金额', unit: 'fen', series: [{ label: '第1组', value: 58029 }] },
    },
    figures: [{ name: '低保标准', value: 680, unit: '元/月' }],
    table: {
      title: '最低生活保障对象名单',
      columns: [
        { key: 'name', label: '申请人姓名', type: 'text', masked: false },
        { key: 'amount', label: '保障金额（月）', type: 'amount_fen', masked: false, total: true },
      ],
      rows: [
        { name: '王建国', amount: 58000 },
        { name: '李秀英', amount: 29 },
      ],
      totals: { amount: 58029 },
      rowCount: 2,
      omittedRowCount: 1,
    },
    attachments: [],
    changeNote: '更正金额',
    publishedAt: '2026-07-02T00:00:00.000Z',
    postingUntil: null,
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...overrides,
  }
}

describe('DisclosurePage', () => {
  beforeEach(resetSession)

  it('should show the public table in 元 with totals, the figures, the chart, the badge and the version history', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDisclosure() }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({
        status: 200,
        body: {
          versions: [
            {
              id,
              version: 2,
              status: 'published',
              changeNote: '更正金额',
              publishedAt: null,
              changes: ['修改 1 行'],
            },
            {
              id: 'v1',
              version: 1,
              status: 'superseded',
              changeNote: null,
              publishedAt: null,
              changes: ['首次公开'],
            },
          ],
        },
      }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    const cells = [...container.querySelectorAll('.cw-dtable__row--totals .cw-dtable__cell')].map(
      (c) => c.textContent,
    )
    expect(cells).toEqual(['合计', '580.29 元'])
    expect(container.textContent).toContain('0.29 元')
    expect(container.textContent).toContain('另有 1 条涉及未成年人的记录')
    expect(container.querySelector('.cw-chart__bar')).not.toBeNull()
    expect(container.querySelector('.cw-disclosure__figures')?.textContent).toBe(
      '公开的标准数额低保标准：680 元/月',
    )
    expect(container.querySelector('.cw-disclosure__alignment')?.textContent).toBe('暂无对照信息')
    expect(container.querySelectorAll('.cw-disclosure__version')).toHaveLength(2)
    expect(container.querySelector('.cw-disclosure__retracted')).toBeNull()
  })

  it('should show a retracted banner with the reason, and 重试 after a failure', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          status: 'retracted',
          retractReason: '名单有误，核对后重新公开',
          figures: [],
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    expect(container.querySelector('.cw-disclosure__retracted')?.textContent).toContain(
      '名单有误，核对后重新公开',
    )
    expect(container.querySelector('.cw-disclosure__figures')).toBeNull()

    fakeBff({})
    const failed = render(<DisclosurePage />)
    await flush()
    expect(failed.container.querySelector('.cw-state__retry')).not.toBeNull()
  })
})
