import { describe, expect, it } from 'vitest'
import { addWorkingDays, expectedDisclosures, infoRequestDeadline, isWorkingDay } from '@cunwu/domain'
import { getWorkingCalendar, workingCalendarYears } from './working-calendar'

// Official arrangements: 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026).
const MAKE_UP_DAYS = [
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
]
const HOLIDAY_SPANS: [string, number][] = [
  ['2025-01-01', 1],
  ['2025-01-28', 8],
  ['2025-04-04', 3],
  ['2025-05-01', 5],
  ['2025-05-31', 3],
  ['2025-10-01', 8],
  ['2026-01-01', 3],
  ['2026-02-15', 9],
  ['2026-04-04', 3],
  ['2026-05-01', 5],
  ['2026-06-19', 3],
  ['2026-09-25', 3],
  ['2026-10-01', 7],
]

function* days(from: string, count: number): Generator<string> {
  const start = Date.parse(`${from}T00:00:00Z`)
  for (let i = 0; i < count; i += 1) yield new Date(start + i * 86_400_000).toISOString().slice(0, 10)
}

describe('getWorkingCalendar (chinese-days)', () => {
  const calendar = getWorkingCalendar()

  it('should agree with the official 2025 and 2026 arrangements on every day', () => {
    const holidays = new Set(HOLIDAY_SPANS.flatMap(([first, n]) => [...days(first, n)]))
    const makeUp = new Set(MAKE_UP_DAYS)
    for (const day of days('2025-01-01', 730)) {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
      const expected = makeUp.has(day) || (!holidays.has(day) && dow !== 0 && dow !== 6)
      expect([day, calendar.isWorkingDay(day)]).toEqual([day, expected])
    }
  })

  it('should cover the years up to 2026 and answer undefined beyond its data', () => {
    expect(workingCalendarYears()).toContain(2026)
    const last = workingCalendarYears().at(-1) ?? 0
    expect(calendar.isWorkingDay(`${last + 1}-03-02`)).toBeUndefined()
  })

  it('should drive the domain deadlines across 国庆 2025 and 春节 2026', () => {
    expect(isWorkingDay('2025-10-11', calendar)).toBe(true)
    expect(addWorkingDays('2025-09-30', 1, calendar)).toEqual({ date: '2025-10-09', provisional: false })
    expect(infoRequestDeadline('2026-02-13', {}, calendar)).toEqual({
      date: '2026-03-19',
      provisional: false,
    })
    const [sept] = expectedDisclosures(
      [
        {
          id: 'village-finance.income',
          levels: ['village'],
          method: 'proactive',
          schedule: {
            cadence: 'monthly',
            minPostingDays: 5,
            postingDaysUnit: 'calendar_days',
            dueDays: null,
            basis: ['x'],
          },
        },
      ],
      { regionCode: '220581102202', level: 'village', from: '2026-09-01', to: '2026-09-30' },
      calendar,
    )
    expect(sept).toMatchObject({
      periodKey: '2026-09',
      dueDate: '2026-10-20',
      provisional: false,
      defaulted: true,
    })
  })
})
