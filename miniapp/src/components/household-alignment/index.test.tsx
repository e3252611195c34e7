import { render } from '@testing-library/react'
import type { HouseholdAlignmentDto } from '@cunwu/domain'
import { buildAlignment } from '../../../test/support/alignment-builders'
import { AlignmentView } from '../alignment'
import { HouseholdAlignment } from './index'

/** The county's row of the household's own that the village's list lacks, as the BFF gives it (masked). */
const onlyInGovernment: HouseholdAlignmentDto = {
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
        { column: { key: 'area_mu', label: '补贴面积', type: 'decimal', unit: '亩' }, value: '4' },
        { column: { key: 'amount', label: '补贴金额', type: 'amount_fen' }, value: 50_000 },
        {
          column: { key: 'bank_account', label: '银行卡号', type: 'bank_account' },
          value: '***************0123',
        },
      ],
    },
  ],
}

describe('HouseholdAlignment (与我相关, 对照) for a household only the government’s list has', () => {
  it('should say in plain words that the county’s list has the household and the village’s does not, with what it says', () => {
    const { container } = render(<HouseholdAlignment alignment={onlyInGovernment} />)
    const box = container.querySelector('.cw-own-diff')
    expect(box?.getAttribute('aria-label')).toBe('县里名单上有您家，村里公示的名单里没有')
    expect(box?.querySelector('.cw-own-diff__heading')?.textContent).toBe(
      '县里名单上有您家，村里公示的名单里没有',
    )
    const item = box?.querySelector('[data-kind="only_in_government"]')
    expect(item?.querySelector('.cw-own-diff__what')?.textContent).toBe('王建国：村里公示的名单里没有这一行')
    expect(item?.querySelector('.cw-own-diff__side-name')?.textContent).toBe('县里名单上写的是')
    expect([...(item?.querySelectorAll('.cw-own-diff__cell') ?? [])].map((c) => c.textContent)).toEqual([
      '补贴面积：4 亩',
      '补贴金额：500.00 元',
      '银行卡号：***************0123',
    ])
    expect(box?.querySelector('.cw-own-diff__checking')?.textContent).toBe(
      '云溪镇正在核查，核查清楚后会更正名单或作出说明。',
    )
  })

  it('should name the township’s list and keep the other kinds’ heading when a figure differs too', () => {
    const mixed: HouseholdAlignmentDto = {
      ...onlyInGovernment,
      office: '乡镇',
      state: 'correction_requested',
      note: '请补上王建国',
      discrepancies: [
        {
          kind: 'amount_differs',
          row: 0,
          name: '李秀英',
          column: { key: 'amount', label: '补贴金额', type: 'amount_fen' },
          village: 62_500,
          government: 56_250,
        },
      ],
    }
    const { container } = render(<HouseholdAlignment alignment={mixed} />)
    expect(container.querySelector('.cw-own-diff__heading')?.textContent).toBe('您家这一行与乡镇名单不一样')
    expect(container.querySelectorAll('.cw-own-diff__item')).toHaveLength(2)
    expect(
      container.querySelector('[data-kind="only_in_government"] .cw-own-diff__side-name')?.textContent,
    ).toBe('乡镇名单上写的是')
    expect(container.querySelector('.cw-own-diff__checking')?.textContent).toBe(
      '云溪镇已经核查，要求村里更正：请补上王建国。',
    )
  })

  it('should not count the household’s own row again among the other households’ on the 对照 page', () => {
    const told = render(
      <AlignmentView
        alignment={buildAlignment({ discrepancies: [], hiddenDiscrepancies: 1, household: onlyInGovernment })}
      />,
    )
    expect(told.container.querySelector('.cw-own-diff')).not.toBeNull()
    expect(told.container.querySelector('.cw-alignment__hidden')).toBeNull()
    const more = render(
      <AlignmentView
        alignment={buildAlignment({ discrepancies: [], hiddenDiscrepancies: 2, household: onlyInGovernment })}
      />,
    )
    expect(more.container.querySelector('.cw-alignment__hidden')?.textContent).toBe(
      '其他农户的差异不在这里列出，由乡镇核查。',
    )
  })
})
