import { formatDateTime } from './format'

describe('formatDateTime', () => {
  it('should format an ISO time in local time with zero padding', () => {
    const date = new Date(2026, 0, 5, 7, 3, 9)
    expect(formatDateTime(date.toISOString())).toBe('2026-01-05 07:03:09')
  })

  it('should return text that is not a date unchanged', () => {
    expect(formatDateTime('soon')).toBe('soon')
  })
})
