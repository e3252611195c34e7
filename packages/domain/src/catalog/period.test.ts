import { describe, expect, it } from 'vitest'
import { isPeriodKeyFor, PeriodKeySchema, periodKeyFor, periodsContaining } from './period'

describe('periodKeyFor', () => {
  it('should key a date by month, quarter, half-year and year', () => {
    expect(periodKeyFor('monthly', '2026-07-15')).toBe('2026-07')
    expect(periodKeyFor('quarterly', '2026-07-15')).toBe('2026-Q3')
    expect(periodKeyFor('quarterly', '2026-03-31')).toBe('2026-Q1')
    expect(periodKeyFor('half_yearly', '2026-06-30')).toBe('2026-H1')
    expect(periodKeyFor('half_yearly', '2026-07-01')).toBe('2026-H2')
    expect(periodKeyFor('yearly', '2026-12-31')).toBe('2026')
    expect(periodKeyFor('immediate', '2026-12-31')).toBeNull()
  })

  it('should reject a malformed date', () => {
    expect(() => periodKeyFor('monthly', '2026/07/15')).toThrow(RangeError)
  })
})

describe('isPeriodKeyFor', () => {
  it('should accept only the key shape of the cadence', () => {
    expect(isPeriodKeyFor('quarterly', '2026-Q3')).toBe(true)
    expect(isPeriodKeyFor('quarterly', '2026-07')).toBe(false)
    expect(isPeriodKeyFor('monthly', '2026-13')).toBe(false)
    expect(isPeriodKeyFor('immediate', '2026')).toBe(false)
    expect(PeriodKeySchema.safeParse('2026-Q5').success).toBe(false)
    // Years outside 1900-2999 broke date arithmetic downstream (the API fuzz found 0730-H2 and 0994).
    for (const key of ['0730-H2', '0994', '0001-01', '1899-Q4', '3000'])
      expect(PeriodKeySchema.safeParse(key).success).toBe(false)
    for (const key of ['1900', '2999-12', '2026-H1'])
      expect(PeriodKeySchema.safeParse(key).success).toBe(true)
  })
})

describe('periodsContaining', () => {
  it('lists a period and the periods containing it, most specific first', () => {
    expect(periodsContaining('2026-05')).toEqual(['2026-05', '2026-Q2', '2026-H1', '2026'])
    expect(periodsContaining('2026-07')).toEqual(['2026-07', '2026-Q3', '2026-H2', '2026'])
    expect(periodsContaining('2026-Q2')).toEqual(['2026-Q2', '2026-H1', '2026'])
    expect(periodsContaining('2026-H2')).toEqual(['2026-H2', '2026'])
    expect(periodsContaining('2026')).toEqual(['2026'])
  })
})
