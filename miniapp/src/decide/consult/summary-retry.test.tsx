import { fireEvent, render, screen } from '@testing-library/react'
import type { ConsultationParticipantsDto } from '@cunwu/domain'
import { buildConsultation } from '../../../test/support/consult-builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { StaffPanel } from './staff-panel'

// docs/api.md, "Sending a form again": drafting a consultation's summary takes an Idempotency-Key, which the
// mini-program makes for the filled form and sends again on a retry (tester p1, D4).
const closed = buildConsultation({ status: 'closed', closed: true })
const participants: ConsultationParticipantsDto = {
  ballot: 'secret',
  participants: [],
  comments: [],
  openAnswers: [],
  textsHeld: 0,
}
const answered = { consultation: closed, disclosureId: 'd'.repeat(24), disclosureStatus: 'pending_review' }

describe('StaffPanel, the summary sent again after a lost answer', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('should send the summary with one key kept across retries, so the retry gets the first answer', async () => {
    // The BFF as docs/api.md says: the first answer of a key is sent again for it; without it, a second summary is 409.
    let filedWith: string | undefined
    const seen = fakeBff({
      [`POST /api/v1/consultations/${closed.id}/summary`]: (req) => {
        const key = req.headers['Idempotency-Key']
        if (filedWith === undefined) {
          filedWith = key ?? ''
          // Filed; the answer arrives after the app's timeout.
          throw new Error('request:fail timeout')
        }
        return key !== undefined && key === filedWith
          ? { status: 201, body: answered }
          : apiError(409, 'invalid_transition', '结果已经提交公布')
      },
    })
    const onSummarised = jest.fn()
    render(
      <StaffPanel
        consultation={closed}
        participants={participants}
        maySummarise
        onSummarised={onSummarised}
      />,
    )
    fireEvent.change(screen.getByRole('textbox', { name: '村里决定怎么办' }), {
      target: { value: '每周六早上收' },
    })
    fireEvent.click(screen.getByText('交乡镇审核后公开'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('网络太慢')
    expect(onSummarised).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('交乡镇审核后公开'))
    await flush()
    const keys = seen.map((r) => r.headers['Idempotency-Key'])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(keys[1]).toBe(keys[0])
    expect(screen.queryByText('结果已经提交公布')).toBeNull()
    expect(onSummarised).toHaveBeenCalledTimes(1)
  })

  it('should make a new key when the summary is changed before it is sent again', async () => {
    const seen = fakeBff({
      [`POST /api/v1/consultations/${closed.id}/summary`]: () => apiError(422, 'validation_error', '停'),
    })
    render(
      <StaffPanel consultation={closed} participants={participants} maySummarise onSummarised={jest.fn()} />,
    )
    const decided = screen.getByRole('textbox', { name: '村里决定怎么办' })
    fireEvent.change(decided, { target: { value: '每周六早上收' } })
    fireEvent.click(screen.getByText('交乡镇审核后公开'))
    await flush()
    fireEvent.change(decided, { target: { value: '每周日早上收' } })
    fireEvent.click(screen.getByText('交乡镇审核后公开'))
    await flush()
    const [first, second] = seen.map((r) => r.headers['Idempotency-Key'])
    expect(first).toBeTruthy()
    expect(second).toBeTruthy()
    expect(second).not.toBe(first)
  })
})
