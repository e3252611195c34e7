import { render } from '@testing-library/react'
import { buildDisclosure } from '../../../test/support/builders'
import { RowChanges } from './index'

describe('RowChanges (这一版改了哪些行)', () => {
  it('should say of a changed row which cell changed, from what to what, as the table writes it', () => {
    const d = buildDisclosure({
      rowChanges: {
        sinceVersion: 1,
        marks: ['changed', null],
        added: 0,
        changed: 1,
        removed: 0,
        cells: [[{ column: 'amount', before: 135_000, after: 58_000 }], null],
      },
    })
    const { container } = render(<RowChanges disclosure={d} />)
    const row = container.querySelector('.cw-row-changes__row--changed')
    expect(row?.querySelector('[data-column="amount"]')?.textContent).toBe(
      '保障金额（月）：由 1,350.00 元 改为 580.00 元',
    )
    expect(row?.textContent).toContain('申请人姓名：王建国')
    expect(container.querySelectorAll('.cw-row-changes__cell--changed')).toHaveLength(1)
  })

  it('should still list a changed row by its values when the answer names no cells (kept from before)', () => {
    const d = buildDisclosure({
      rowChanges: { sinceVersion: 1, marks: ['changed', null], added: 0, changed: 1, removed: 0 },
    })
    const { container } = render(<RowChanges disclosure={d} />)
    expect(container.querySelector('.cw-row-changes__row--changed')?.textContent).toBe(
      '修改申请人姓名：王建国保障金额（月）：580.00 元',
    )
  })
})
