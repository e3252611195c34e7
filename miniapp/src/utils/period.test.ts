import { PeriodKeySchema, isPeriodKeyFor } from '@cunwu/domain'
import { periodLabel, periodOptions, todayInChina } from './period'
import { periodKeyOfTyped } from './period-typed'

describe('periodOptions', () => {
  it('should offer keys of the cadence, newest first, crossing year ends', () => {
    expect(
      periodOptions('monthly', '2026-02-10')
        .slice(0, 3)
        .map((p) => p.key),
    ).toEqual(['2026-02', '2026-01', '2025-12'])
    expect(
      periodOptions('quarterly', '2026-04-01')
        .slice(0, 3)
        .map((p) => p.key),
    ).toEqual(['2026-Q2', '2026-Q1', '2025-Q4'])
    expect(
      periodOptions('half_yearly', '2026-07-01')
        .slice(0, 3)
        .map((p) => p.key),
    ).toEqual(['2026-H2', '2026-H1', '2025-H2'])
    expect(periodOptions('yearly', '2026-12-31').map((p) => p.key)).toEqual(['2026', '2025', '2024'])
    expect(periodOptions('immediate', '2026-07-15')[0]?.key).toBe('2026-07')
  })

  it('should only produce keys the server accepts for the cadence', () => {
    for (const cadence of ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const) {
      for (const option of periodOptions(cadence, '2026-11-30'))
        expect(isPeriodKeyFor(cadence, option.key)).toBe(true)
    }
  })

  it('should label periods in plain words', () => {
    expect(periodLabel('2026-07')).toBe('2026年7月')
    expect(periodLabel('2026-Q3')).toBe('2026年第3季度')
    expect(periodLabel('2026-H1')).toBe('2026年上半年')
    expect(periodLabel('2026')).toBe('2026年')
  })

  it("should read today's date in China's time zone", () => {
    expect(todayInChina(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01')
  })
})

describe('periodKeyOfTyped', () => {
  it('should read the ways people type a period', () => {
    const cases: [string, string][] = [
      ['2026-Q1', '2026-Q1'],
      ['2026q1', '2026-Q1'],
      ['２０２６－Ｑ１', '2026-Q1'],
      ['2026年第一季度', '2026-Q1'],
      ['2026年第3季度', '2026-Q3'],
      ['2026年7月', '2026-07'],
      ['2026.7', '2026-07'],
      ['2026/12', '2026-12'],
      [' 2026-07 ', '2026-07'],
      ['2026年上半年', '2026-H1'],
      ['2026-h2', '2026-H2'],
      ['２０２６', '2026'],
      ['2026年', '2026'],
    ]
    for (const [typed, key] of cases) {
      expect(periodKeyOfTyped(typed)).toBe(key)
      expect(PeriodKeySchema.safeParse(periodKeyOfTyped(typed)).success).toBe(true)
    }
  })

  it('should leave what is no period for the schema to refuse', () => {
    for (const typed of ['去年', '2026年13月', '2026-Q5', '26', 'abc']) {
      expect([typed, PeriodKeySchema.safeParse(periodKeyOfTyped(typed)).success]).toEqual([typed, false])
    }
  })
})
