import { render } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { buildDisclosure } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import RelatedPage from './index'

/** The household's own row of a corrected 低保 list: 1,350.00 元 in 第1版, 1,200.00 元 now. */
function ownEntry(overrides: Partial<DisclosureDto> = {}): DisclosureDto {
  const base = buildDisclosure()
  return buildDisclosure({
    table: base.table
      ? {
          ...base.table,
          rows: [{ name: '王建国', amount: 120_000 }],
          totals: { amount: 120_000 },
          rowCount: 1,
        }
      : null,
    rowChanges: {
      sinceVersion: 1,
      marks: ['changed'],
      added: 0,
      changed: 1,
      removed: 0,
      cells: [[{ column: 'amount', before: 135_000, after: 120_000 }]],
    },
    ...overrides,
  })
}

describe('RelatedPage (与我相关)', () => {
  beforeEach(() => {
    resetSession()
    signIn()
  })

  it('should mark the household’s own changed row with its old and new value', async () => {
    fakeBff({ 'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [ownEntry()] } }) })
    const { container } = render(<RelatedPage />)
    await flush()
    const changes = container.querySelector('.cw-row-changes--own')
    expect(changes?.getAttribute('aria-label')).toBe('第1版之后，您家的内容有改动')
    expect(changes?.querySelector('.cw-row-changes__mark')?.textContent).toBe('修改')
    expect(changes?.querySelector('[data-column="amount"]')?.textContent).toBe(
      '保障金额（月）：由 1,350.00 元 改为 1,200.00 元',
    )
    // The unchanged cell is written as it is.
    expect(changes?.textContent).toContain('申请人姓名：王建国')
  })

  it('should say nothing of changes when the household’s rows are as they were', async () => {
    const same = ownEntry()
    fakeBff({
      'GET /api/v1/me/related': () => ({
        status: 200,
        body: {
          disclosures: [
            { ...same, rowChanges: { ...same.rowChanges, marks: [null], changed: 0, cells: [null] } },
          ],
        },
      }),
    })
    const { container } = render(<RelatedPage />)
    await flush()
    expect(container.querySelector('.cw-row-changes--own')).toBeNull()
  })

  it('should show where the government’s list has a different figure for the household’s row, and who checks', async () => {
    const entry = ownEntry({
      rowChanges: null,
      householdAlignment: {
        office: '县里',
        officeName: '云溪县',
        checkedBy: '云溪镇',
        state: 'checking',
        note: null,
        discrepancies: [
          {
            kind: 'amount_differs',
            row: 0,
            name: '王建国',
            column: { key: 'amount', label: '补贴金额', type: 'amount_fen' },
            village: 62_500,
            government: 56_250,
          },
        ],
      },
    })
    fakeBff({ 'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [entry] } }) })
    const { container } = render(<RelatedPage />)
    await flush()
    const box = container.querySelector('.cw-own-diff')
    expect(box?.querySelector('.cw-own-diff__heading')?.textContent).toBe('您家这一行与县里名单不一样')
    const sides = [...(box?.querySelectorAll('.cw-own-diff__side') ?? [])].map((s) => s.textContent)
    expect(sides).toEqual(['村里公示625.00 元', '县里名单562.50 元'])
    expect(box?.querySelector('.cw-own-diff__checking')?.textContent).toBe(
      '云溪镇正在核查，核查清楚后会更正名单或作出说明。',
    )
  })
  it('should show a list only the county’s side has the household on with the county’s row and no empty table', async () => {
    const base = ownEntry({ rowChanges: null })
    const entry = ownEntry({
      rowChanges: null,
      table: base.table ? { ...base.table, rows: [], totals: {}, rowCount: 0 } : null,
      householdAlignment: {
        office: '县里',
        officeName: '云溪县',
        checkedBy: '云溪镇',
        state: 'checking',
        note: null,
        discrepancies: [],
        onlyInGovernment: [
          {
            name: '王建国',
            cells: [
              { column: { key: 'amount', label: '保障金额（月）', type: 'amount_fen' }, value: 120_000 },
            ],
          },
        ],
      },
    })
    fakeBff({ 'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [entry] } }) })
    const { container } = render(<RelatedPage />)
    await flush()
    expect(container.querySelector('.cw-own-diff__heading')?.textContent).toBe(
      '县里名单上有您家，村里公示的名单里没有',
    )
    expect(container.querySelector('.cw-own-diff__cell')?.textContent).toBe('保障金额（月）：1,200.00 元')
    expect(container.querySelector('.cw-dtable')).toBeNull()
  })
})
