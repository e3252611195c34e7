import { render, screen } from '@testing-library/react'
import type { ConsultationParticipantsDto } from '@cunwu/domain'
import { buildConsultation } from '../../../test/support/consult-builders'
import { resetSession, signIn } from '../../../test/support/render'
import { StaffPanel } from './staff-panel'

// docs/consultations.md: staff see the comments only after the deadline, so none can be tied to a participant.
const consultation = buildConsultation()
const participant = {
  householdNo: '002',
  name: '李秀英',
  via: 'self' as const,
  answeredAt: '2026-12-02T10:00:00.000Z',
  responses: null,
}

describe('StaffPanel', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('should say the comments come after the deadline while it is open', () => {
    const participants: ConsultationParticipantsDto = {
      ballot: 'secret',
      participants: [participant],
      comments: null,
    }
    render(
      <StaffPanel
        consultation={consultation}
        participants={participants}
        maySummarise
        onSummarised={jest.fn()}
      />,
    )
    expect(screen.getByText('谁参加了（1）')).toBeTruthy()
    expect(screen.getByText('截止后可以看到意见（不署名）。')).toBeTruthy()
    expect(screen.queryByRole('checkbox')).toBeNull()
  })

  it('should offer the comments for the summary once the deadline passed', () => {
    const participants: ConsultationParticipantsDto = {
      ballot: 'secret',
      participants: [participant],
      comments: [{ id: 'a'.repeat(32), text: '赞成修路' }],
    }
    render(
      <StaffPanel
        consultation={{ ...consultation, status: 'closed', closed: true }}
        participants={participants}
        maySummarise
        onSummarised={jest.fn()}
      />,
    )
    expect(screen.queryByText('截止后可以看到意见（不署名）。')).toBeNull()
    expect(screen.getByRole('checkbox', { name: '赞成修路' })).toBeTruthy()
  })
})
