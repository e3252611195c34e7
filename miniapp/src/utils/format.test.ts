import { formatDate, formatDateTime, formatDueDate } from './format'

describe('formatDateTime', () => {
  it('should write an instant as China time in words, without seconds', () => {
    expect(formatDateTime('2026-01-04T23:03:09Z')).toBe('2026年1月5日 07:03')
    expect(formatDateTime('2026-12-07T04:26:13.000Z')).toBe('2026年12月7日 12:26')
    expect(formatDateTime('2026-01-05T07:03:09+08:00')).toBe('2026年1月5日 07:03')
  })

  it('should put a publication late in the UTC day on the next China day', () => {
    expect(formatDateTime('2026-11-21T17:30:00.000Z')).toBe('2026年11月22日 01:30')
  })

  it('should return text that is not a date unchanged', () => {
    expect(formatDateTime('soon')).toBe('soon')
    expect(formatDateTime('+010000-01-01T00:00:00Z')).toBe('+010000-01-01T00:00:00Z')
  })
})

describe('formatDate and formatDueDate', () => {
  it('should write a deadline day and an instant’s China day in words', () => {
    expect(formatDate('2026-12-14')).toBe('2026年12月14日')
    expect(formatDate('2026-11-21T17:30:00.000Z')).toBe('2026年11月22日')
    expect(formatDate('later')).toBe('later')
    expect(formatDueDate('2027-01-15')).toBe('2027年1月15日（含当天）')
    expect(formatDueDate('2027-02-12', true)).toBe(
      '2027年2月12日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）',
    )
  })
})
