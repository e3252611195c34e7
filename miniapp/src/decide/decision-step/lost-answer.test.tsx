import { fireEvent, render, screen } from '@testing-library/react'
import type { DecisionDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildDecision } from '../../../test/support/decide-builders'
import DecisionStepPage from './index'

const V = '360999100200'
const id = 'b'.repeat(24)

const decision = (overrides: Partial<DecisionDto> = {}): DecisionDto =>
  buildDecision({ id, villageCode: V, ...overrides })

const fill = (cls: string, value: string) => {
  const box = document.querySelector(
    `.cw-decision-step__${cls} input, input.cw-decision-step__${cls}, .cw-decision-step__${cls} textarea, textarea.cw-decision-step__${cls}`,
  )
  fireEvent.input(box!, { target: { value } })
}

describe('DecisionStepPage, 保存这一步 after an answer lost on a weak network (tester p1, D3)', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
    __setRouterParams({ id })
  })

  it('should say the step was saved and open the matter when the first tap recorded it and only its answer was lost', async () => {
    let stored = decision()
    const seen = fakeBff({
      [`GET /api/v1/decisions/${id}`]: () => ({ status: 200, body: stored }),
      [`GET /api/v1/villages/${V}/consultations`]: () => ({ status: 200, body: { consultations: [] } }),
      [`POST /api/v1/decisions/${id}/steps`]: () => {
        if (stored.nextStep !== 'proposal')
          return apiError(409, 'decision_step_out_of_order', '请按顺序记录，下一个环节是“村“两委”会议商议”')
        // The server records it; the answer arrives after the app's timeout.
        stored = decision({
          nextStep: 'discussion',
          steps: [
            {
              step: 'proposal',
              label: '村党组织提议',
              heldOn: '2026-11-02',
              meeting: 'branch_committee',
              meetingLabel: '村党组织会议',
              bodySize: 7,
              present: 6,
              votes: { for: 6, against: 0, abstain: 0 },
              motion: '每户筹资 30 元',
              note: '',
              consultationId: null,
              outcome: 'passed',
              quorum: null,
              votesNeeded: 4,
              explanation: [],
            },
          ],
        })
        throw new Error('request:fail timeout')
      },
    })
    render(<DecisionStepPage />)
    await flush()
    fill('motion', '每户筹资 30 元')
    fill('body', '7')
    fill('present', '6')
    fill('for', '6')
    fireEvent.click(screen.getByText('保存这一步'))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('网络太慢')
    expect(taroMock.redirectTo).not.toHaveBeenCalled()

    // Tapped again, as the message says: not 请按顺序记录…, but saved.
    fireEvent.click(screen.getByText('保存这一步'))
    await flush()
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2)
    expect(screen.queryByText(/请按顺序记录/)).toBeNull()
    expect(taroMock.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '这一步刚才已经保存好了（网络慢，回复晚到了）' }),
    )
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: expect.stringContaining(`id=${id}`) })
  })
})
