import { fireEvent, render, screen } from '@testing-library/react'
import { DecisionActions, type DecisionActionsProps } from './index'

function setup(overrides: Partial<DecisionActionsProps> = {}) {
  const props = {
    approveText: '通过',
    rejectText: '不通过',
    confirmRejectText: '确定不通过',
    reasonLabel: '不通过的原因',
    reasonPlaceholder: '例如：户号不对',
    onApprove: jest.fn(),
    onReject: jest.fn(),
    onStartReject: jest.fn(),
    ...overrides,
  }
  render(<DecisionActions {...props} />)
  return props
}

describe('DecisionActions', () => {
  it('should approve with one tap', () => {
    const props = setup()
    fireEvent.click(screen.getByRole('button', { name: '通过' }))
    expect(props.onApprove).toHaveBeenCalledTimes(1)
    expect(props.onReject).not.toHaveBeenCalled()
  })

  it('should reject only after a reason box is opened, sending what was typed', () => {
    const props = setup()
    expect(screen.queryByRole('textbox')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '不通过' }))
    expect(props.onStartReject).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('button', { name: '通过' })).toBeNull()
    fireEvent.change(screen.getByRole('textbox', { name: '不通过的原因' }), { target: { value: '户号不对' } })
    fireEvent.click(screen.getByRole('button', { name: '确定不通过' }))
    expect(props.onReject).toHaveBeenCalledWith('户号不对')
  })

  it('should close the reason box on 取消 without sending, and start empty next time', () => {
    const props = setup()
    fireEvent.click(screen.getByRole('button', { name: '不通过' }))
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '写了一半' } })
    fireEvent.click(screen.getByRole('button', { name: '取消' }))
    expect(props.onReject).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: '不通过' }))
    expect(screen.getByRole('textbox')).toHaveProperty('value', '')
  })

  it('should show the busy text and disable sending while a decision is on its way', () => {
    setup({ busy: true })
    const approve = screen.getByRole('button', { name: '正在处理…' })
    expect(approve).toHaveProperty('disabled', true)
    expect(approve.className).toContain('cw-btn--busy')
  })

  it('should count the reason as the server does: the limit in emoji is sent whole, one more is refused', () => {
    const props = setup({ reasonMaxLength: 5 })
    fireEvent.click(screen.getByRole('button', { name: '不通过' }))
    const box = screen.getByRole('textbox', { name: '不通过的原因' })
    // No maxlength cut (it counts an emoji as two).
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    fireEvent.change(box, { target: { value: '😀'.repeat(6) } })
    expect(screen.getByText('已超过1个字')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '确定不通过' }))
    expect(screen.getByRole('alert').textContent).toBe('不通过的原因已超过1个字，请删减到5个字以内')
    expect(props.onReject).not.toHaveBeenCalled()
    fireEvent.change(box, { target: { value: '😀'.repeat(5) } })
    fireEvent.click(screen.getByRole('button', { name: '确定不通过' }))
    expect(props.onReject).toHaveBeenCalledWith('😀'.repeat(5))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
