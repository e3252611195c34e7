import { render } from '@testing-library/react'
import { buildAlignment } from '../../../test/support/alignment-builders'
import { AlignmentView } from './index'

const own = {
  office: '县里' as const,
  officeName: '云溪县',
  checkedBy: '云溪镇',
  state: 'checking' as const,
  note: null,
  discrepancies: [
    {
      kind: 'amount_differs' as const,
      row: 0,
      name: '王建国',
      column: { key: 'amount', label: '补贴金额', type: 'amount_fen' },
      village: 62_500,
      government: 56_250,
    },
  ],
}

describe('AlignmentView (对照) for a household', () => {
  it('should show the household its own row’s two figures side by side and who is checking', () => {
    const a = buildAlignment({ discrepancies: [], hiddenDiscrepancies: 2, household: own })
    const { container } = render(<AlignmentView alignment={a} />)
    const box = container.querySelector('.cw-own-diff')
    expect(box?.getAttribute('aria-label')).toBe('您家这一行与县里名单不一样')
    expect(box?.querySelector('.cw-own-diff__what')?.textContent).toBe('王建国的补贴金额')
    expect([...(box?.querySelectorAll('.cw-own-diff__figure') ?? [])].map((f) => f.textContent)).toEqual([
      '625.00 元',
      '562.50 元',
    ])
    expect(box?.textContent).toContain('云溪镇正在核查')
    // The other household's difference is still only counted.
    expect(container.querySelector('.cw-alignment__hidden')?.textContent).toBe(
      '其他农户的差异不在这里列出，由乡镇核查。',
    )
  })

  it('should say what the township decided, and nothing of households to anyone else', () => {
    const explained = buildAlignment({
      discrepancies: [],
      hiddenDiscrepancies: 1,
      household: { ...own, state: 'explained', note: '面积按确权证为准，已更正' },
    })
    const { container } = render(<AlignmentView alignment={explained} />)
    expect(container.querySelector('.cw-own-diff__checking')?.textContent).toBe(
      '云溪镇已经核查并作了说明：面积按确权证为准，已更正。',
    )
    expect(container.querySelector('.cw-alignment__hidden')).toBeNull()

    const anyone = render(
      <AlignmentView alignment={buildAlignment({ discrepancies: [], hiddenDiscrepancies: 1 })} />,
    )
    expect(anyone.container.querySelector('.cw-own-diff')).toBeNull()
    expect(anyone.container.querySelector('.cw-alignment__hidden')?.textContent).toBe(
      '涉及具体农户的差异不在这里列出，由乡镇核查。',
    )
  })
})
