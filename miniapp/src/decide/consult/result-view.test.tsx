import { render, screen } from '@testing-library/react'
import type { ConsultationTallyDto } from '@cunwu/domain'
import { buildConsultation } from '../../../test/support/consult-builders'
import { ResultView } from './result-view'

const tally: ConsultationTallyDto = {
  eligible: 3,
  answered: 2,
  participationPercent: 66.7,
  questions: [
    {
      text: '是否同意？',
      kind: 'single',
      answered: 2,
      options: [
        { label: '同意', count: 1, percent: 50 },
        { label: '不同意', count: 1, percent: 50 },
      ],
    },
  ],
}

describe('ResultView', () => {
  it('should not tell the readers of a named vote that no one sees who chose what', () => {
    const c = buildConsultation({ ballot: 'open', closed: true, status: 'closed', tally })
    const { container } = render(<ResultView consultation={c} tally={tally} />)
    expect(container.textContent).toContain(
      '这是记名表决：这里只公布人数；村里、乡镇和县里的工作人员能看到每个人选了什么。',
    )
    expect(container.textContent).not.toContain('不公布谁选了什么')
    expect(container.textContent).not.toContain('不记名')
  })

  it('should say a secret ballot publishes counts only and shows no one the choices', () => {
    const c = buildConsultation({ closed: true, status: 'closed', tally })
    render(<ResultView consultation={c} tally={tally} />)
    expect(screen.getByText('这次不记名：只公布人数，谁选了什么，工作人员也看不到。')).toBeTruthy()
    expect(screen.getByText('应参加 3 人，参加了 2 人（66.7%）')).toBeTruthy()
  })
})
