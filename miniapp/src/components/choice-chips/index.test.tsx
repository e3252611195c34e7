import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { installButtonRoles } from '@/utils/h5-button-role'
import { ChoiceChips } from './index'

function Periods() {
  const [period, setPeriod] = useState('2026-11')
  return (
    <ChoiceChips
      label="期次"
      value={period}
      choices={[
        { value: '2026-11', words: '2026年11月', data: { 'data-period': '2026-11' } },
        { value: '2026-10', words: '2026年10月' },
      ]}
      onChange={setPeriod}
      className="cw-x__periods"
      optionClassName="cw-x__period"
      checkedClassName="cw-x__period--on"
    />
  )
}

describe('ChoiceChips', () => {
  it('should be a named radio group whose chips are radios, saying which is checked', () => {
    const { container } = render(<Periods />)
    expect(screen.getByRole('radiogroup', { name: '期次' })).toBeTruthy()
    const radios = screen.getAllByRole('radio')
    expect(radios.map((r) => [r.textContent, r.getAttribute('aria-checked')])).toEqual([
      ['2026年11月', 'true'],
      ['2026年10月', 'false'],
    ])
    expect(container.querySelector('[data-period="2026-11"]')?.className).toBe(
      'cw-x__period cw-x__period--on',
    )
    fireEvent.click(screen.getByRole('radio', { name: '2026年10月' }))
    expect(screen.getByRole('radio', { name: '2026年10月' }).getAttribute('aria-checked')).toBe('true')
    expect(screen.getByRole('radio', { name: '2026年11月' }).className).toBe('cw-x__period')
  })

  it('should take a tab stop and be checked with Space from the keyboard in H5', async () => {
    const uninstall = installButtonRoles()
    try {
      render(<Periods />)
      // The MutationObserver marks what was added.
      await new Promise((resolve) => setTimeout(resolve, 0))
      const october = screen.getByRole('radio', { name: '2026年10月' })
      expect(october.getAttribute('tabindex')).toBe('0')
      october.focus()
      fireEvent.keyDown(october, { key: ' ' })
      expect(october.getAttribute('aria-checked')).toBe('true')
    } finally {
      uninstall()
    }
  })
})
