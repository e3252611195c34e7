import { formatDateTime } from './format'

describe('formatDateTime', () => {
  it('should format an instant as Shanghai time with zero padding', () => {
    expect(formatDateTime('2026-01-04T23:03:09Z')).toBe('2026-01-05 07:03:09')
    expect(formatDateTime('2026-01-05T07:03:09+08:00')).toBe('2026-01-05 07:03:09')
  })

  it('should put a publication late in the UTC day on the next China day', () => {
    expect(formatDateTime('2026-11-21T17:30:00.000Z').slice(0, 10)).toBe('2026-11-22')
  })

  it('should return text that is not a date unchanged', () => {
    expect(formatDateTime('soon')).toBe('soon')
    expect(formatDateTime('+010000-01-01T00:00:00Z')).toBe('+010000-01-01T00:00:00Z')
  })
})
