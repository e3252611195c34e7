import { fireEvent, render, screen } from '@testing-library/react'
import type { DecisionDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signInAs } from '../../../test/support/render'
import { buildDecision } from '../../../test/support/decide-builders'
import DecisionStepPage from './index'

const V = '360999100200'
const id = 'a'.repeat(24)

const decision = (overrides: Partial<DecisionDto> = {}): DecisionDto =>
  buildDecision({ id, villageCode: V, ...overrides })

const motion = () =>
  document.querySelector('.cw-decision-step__motion textarea, textarea.cw-decision-step__motion')
const typeMotion = (value: string) => fireEvent.input(motion()!, { target: { value } })

describe('DecisionStepPage', () => {
  beforeEach(() => {
    resetSession()
    signInAs('64b0000000000000000000a1')
    __setRouterParams({ id })
  })

  it('should put back what was typed for this step after a reload, and forget it once the step is saved (tester p1, D6)', async () => {
    let stored = decision()
    const seen = fakeBff({
      [`GET /api/v1/decisions/${id}`]: () => ({ status: 200, body: stored }),
      [`GET /api/v1/villages/${V}/consultations`]: () => ({ status: 200, body: { consultations: [] } }),
      [`POST /api/v1/decisions/${id}/steps`]: () => {
        stored = decision({ nextStep: 'discussion' })
        return { status: 201, body: stored }
      },
    })
    const first = render(<DecisionStepPage />)
    await flush()
    typeMotion('每户筹资 30 元，硬化村东主路 800 米')
    first.unmount()

    const second = render(<DecisionStepPage />)
    await flush()
    expect((motion() as HTMLTextAreaElement).value).toBe('每户筹资 30 元，硬化村东主路 800 米')
    expect(screen.getByRole('status').textContent).toBe('已恢复您上次没有保存的内容，请核对后保存。')
    for (const [cls, value] of [
      ['body', '7'],
      ['present', '6'],
      ['for', '6'],
    ] as const) {
      const box = document.querySelector(`.cw-decision-step__${cls} input, input.cw-decision-step__${cls}`)
      fireEvent.input(box!, { target: { value } })
    }
    fireEvent.click(screen.getByText('保存这一步'))
    await flush()
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1)
    second.unmount()

    // The next step's form opens empty: what was kept for the step saved is gone.
    render(<DecisionStepPage />)
    await flush()
    expect((motion() as HTMLTextAreaElement).value).toBe('')
    expect(screen.queryByText(/已恢复/)).toBeNull()
  })

  it('should read the matter again and open its next step when a colleague recorded this one first (tester p1, D9)', async () => {
    let stored = decision()
    fakeBff({
      [`GET /api/v1/decisions/${id}`]: () => ({ status: 200, body: stored }),
      [`GET /api/v1/villages/${V}/consultations`]: () => ({ status: 200, body: { consultations: [] } }),
      [`POST /api/v1/decisions/${id}/steps`]: () => ({
        status: 409,
        body: {
          error: {
            code: 'decision_step_out_of_order',
            message: '请按顺序记录，下一个环节是“村“两委”会议商议”',
          },
        },
      }),
    })
    const { container } = render(<DecisionStepPage />)
    await flush()
    stored = decision({ nextStep: 'discussion' })
    typeMotion('每户筹资 30 元')
    for (const [cls, value] of [
      ['body', '7'],
      ['present', '6'],
      ['for', '6'],
    ] as const) {
      const box = document.querySelector(`.cw-decision-step__${cls} input, input.cw-decision-step__${cls}`)
      fireEvent.input(box!, { target: { value } })
    }
    fireEvent.click(screen.getByText('保存这一步'))
    await flush(5)
    expect(container.querySelector('.cw-decision-step')?.getAttribute('data-step')).toBe('discussion')
    expect(screen.getByRole('status').textContent).toContain('刚刚已有人办理过这一条')
    expect(container.textContent).not.toContain('请按顺序记录')
    expect((motion() as HTMLTextAreaElement).value).toBe('')
  })
})
