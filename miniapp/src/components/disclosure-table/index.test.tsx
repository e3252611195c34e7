import { formatCell } from './index'

describe('formatCell', () => {
  it('should write a date column as the app writes dates (2026年11月3日), not 2026-11-03', () => {
    expect(formatCell({ type: 'date' }, '2026-11-03')).toBe('2026年11月3日')
    // Text that is not a day is left as it was typed.
    expect(formatCell({ type: 'date' }, '2026年11月')).toBe('2026年11月')
    expect(formatCell({ type: 'date' }, '')).toBe('—')
  })

  it('should keep amounts in 元 and other columns as they are', () => {
    expect(formatCell({ type: 'amount_fen' }, 135000)).toBe('1,350.00 元')
    expect(formatCell({ type: 'text' }, '2026-11-03')).toBe('2026-11-03')
  })
})
