import { fireEvent, render, screen } from '@testing-library/react'
import type { ConsultationParticipantsDto } from '@cunwu/domain'
import { buildConsultation } from '../../../test/support/consult-builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
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
      openAnswers: null,
      textsHeld: null,
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
      openAnswers: [],
      textsHeld: 2,
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
    // Texts WeChat's check left for a person to review are not listed: staff are told how many.
    expect(document.querySelector('.cw-consult__held')?.textContent).toContain('另有2份写的意见或回答')
  })

  it('should show the answers of each open question unsigned, and send the ones chosen with the summary', async () => {
    // Outside test report M1: in a secret ballot the open answers reached no one.
    const seen = fakeBff({
      [`POST /api/v1/consultations/${consultation.id}/summary`]: () => ({
        status: 201,
        body: { consultation: {}, disclosureId: 'd'.repeat(24), disclosureStatus: 'pending_review' },
      }),
    })
    const withText = buildConsultation({
      status: 'closed',
      closed: true,
      questions: [
        { kind: 'single', text: '是否同意？', options: ['同意', '不同意'] },
        { kind: 'text', text: '您希望每周哪几天收垃圾？' },
      ],
    })
    const participants: ConsultationParticipantsDto = {
      ballot: 'secret',
      participants: [participant],
      comments: [],
      openAnswers: [
        {
          question: 1,
          text: '您希望每周哪几天收垃圾？',
          answers: [
            { id: 'b'.repeat(32), text: '周六早上' },
            { id: 'c'.repeat(32), text: '周一和周四' },
          ],
        },
      ],
      textsHeld: 0,
    }
    render(
      <StaffPanel
        consultation={withText}
        participants={participants}
        maySummarise
        onSummarised={jest.fn()}
      />,
    )
    expect(screen.getByText('第 2 题 您希望每周哪几天收垃圾？（2 条回答，不署名）')).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: '周六早上' }))
    fireEvent.change(screen.getByRole('textbox', { name: '村里决定怎么办' }), {
      target: { value: '每周六早上收' },
    })
    fireEvent.click(screen.getByText('交乡镇审核后公开'))
    await flush()
    expect(seen[0]?.body).toEqual({
      decided: '每周六早上收',
      commentIds: [],
      openAnswerIds: ['b'.repeat(32)],
    })
  })

  it('should let township staff read the open answers without offering to publish them', () => {
    const participants: ConsultationParticipantsDto = {
      ballot: 'secret',
      participants: [participant],
      comments: [],
      openAnswers: [{ question: 0, text: '有什么建议？', answers: [{ id: 'b'.repeat(32), text: '早点修' }] }],
      textsHeld: 0,
    }
    render(
      <StaffPanel
        consultation={buildConsultation({
          status: 'closed',
          closed: true,
          questions: [{ kind: 'text', text: '有什么建议？' }],
        })}
        participants={participants}
        maySummarise={false}
        onSummarised={jest.fn()}
      />,
    )
    expect(screen.getByText('早点修')).toBeTruthy()
    expect(screen.queryByRole('checkbox')).toBeNull()
  })
})
