import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, fromEpochDay, toEpochDay } from './dates'
import { buildOfficialCalendar } from './official-calendar.fixture'
import {
  addCalendarDays,
  addWorkingDays,
  createHolidayCalendar,
  isWorkingDay,
  NO_HOLIDAY_DATA,
  workingDaysBetween,
} from './working-days'

const calendar = buildOfficialCalendar()

describe('working days', () => {
  describe('createHolidayCalendar', () => {
    it('should answer only for the years it has data for', () => {
      expect(calendar.isWorkingDay('2025-10-08')).toBe(false)
      expect(calendar.isWorkingDay('2027-01-04')).toBeUndefined()
      const explicit = createHolidayCalendar({ holidays: [], workdays: [], years: [2030] })
      expect(explicit.isWorkingDay('2030-01-01')).toBe(true)
      expect(explicit.isWorkingDay('2029-12-31')).toBeUndefined()
    })
  })

  describe('isWorkingDay', () => {
    it('should treat 国庆 2025 holidays as rest days and the 9-28 and 10-11 weekends as make-up working days', () => {
      expect(isWorkingDay('2025-09-27', calendar)).toBe(false)
      expect(isWorkingDay('2025-09-28', calendar)).toBe(true)
      expect(isWorkingDay('2025-10-01', calendar)).toBe(false)
      expect(isWorkingDay('2025-10-08', calendar)).toBe(false)
      expect(isWorkingDay('2025-10-09', calendar)).toBe(true)
      expect(isWorkingDay('2025-10-11', calendar)).toBe(true)
      expect(isWorkingDay('2025-10-12', calendar)).toBe(false)
    })

    it('should follow 春节 2026 (2-15..2-23 off, 2-14 and 2-28 worked)', () => {
      expect(isWorkingDay('2026-02-14', calendar)).toBe(true)
      expect(isWorkingDay('2026-02-16', calendar)).toBe(false)
      expect(isWorkingDay('2026-02-23', calendar)).toBe(false)
      expect(isWorkingDay('2026-02-24', calendar)).toBe(true)
      expect(isWorkingDay('2026-02-28', calendar)).toBe(true)
    })

    it('should fall back to Monday–Friday for a year without data', () => {
      expect(isWorkingDay('2027-01-04', calendar)).toBe(true)
      expect(isWorkingDay('2027-01-02', calendar)).toBe(false)
    })
  })

  describe('addWorkingDays', () => {
    it('should skip the whole 国庆 2025 break and count the make-up Saturday', () => {
      expect(addWorkingDays('2025-09-30', 1, calendar)).toEqual({ date: '2025-10-09', provisional: false })
      expect(addWorkingDays('2025-09-30', 3, calendar)).toEqual({ date: '2025-10-11', provisional: false })
      expect(addWorkingDays('2025-09-26', 1, calendar)).toEqual({ date: '2025-09-28', provisional: false })
    })

    it('should give 20 working days from 2025-09-25 as 2025-10-29 (Monday–Friday alone would say 10-23)', () => {
      expect(addWorkingDays('2025-09-25', 20, calendar).date).toBe('2025-10-29')
      expect(addWorkingDays('2025-09-25', 20, NO_HOLIDAY_DATA).date).toBe('2025-10-23')
    })

    it('should cross 春节 2026 using both make-up Saturdays', () => {
      expect(addWorkingDays('2026-02-13', 1, calendar).date).toBe('2026-02-14')
      expect(addWorkingDays('2026-02-13', 2, calendar).date).toBe('2026-02-24')
      expect(addWorkingDays('2026-02-13', 6, calendar).date).toBe('2026-02-28')
      expect(addWorkingDays('2026-02-13', 20, calendar).date).toBe('2026-03-19')
    })

    it('should return the start date for n = 0 and reject negative or fractional counts', () => {
      expect(addWorkingDays('2025-10-01', 0, calendar)).toEqual({ date: '2025-10-01', provisional: false })
      expect(() => addWorkingDays('2025-10-01', -1, calendar)).toThrow(RangeError)
      expect(() => addWorkingDays('2025-10-01', 1.5, calendar)).toThrow(RangeError)
    })

    it('should mark a deadline provisional when it counts a day of a year without data', () => {
      expect(addWorkingDays('2026-12-01', 5, calendar)).toEqual({ date: '2026-12-08', provisional: false })
      // 2027 is not in the data yet: Monday–Friday, flagged provisional, but 1 January is 元旦 every year
      // (《全国年节及纪念日放假办法》第二条), so Friday 2027-01-01 is a rest day all the same.
      expect(addWorkingDays('2026-12-30', 3, calendar)).toEqual({ date: '2027-01-05', provisional: true })
      expect(isWorkingDay('2027-01-01', calendar)).toBe(false)
      expect(isWorkingDay('2031-01-01', NO_HOLIDAY_DATA)).toBe(false)
      expect(workingDaysBetween('2030-12-31', '2031-01-02', NO_HOLIDAY_DATA).days).toBe(1)
      // A calendar that knows the statutory holidays (the BFF's, from a lunar calendar) rests on them too:
      // 除夕 2027 is Friday 02-05, and still provisional.
      const statutory = {
        isWorkingDay: () => undefined,
        isStatutoryHoliday: (d: string) => d === '2027-02-05',
      }
      expect(addWorkingDays('2027-02-04', 1, statutory)).toEqual({ date: '2027-02-08', provisional: true })
      expect(addWorkingDays('2027-02-04', 1, NO_HOLIDAY_DATA)).toEqual({
        date: '2027-02-05',
        provisional: true,
      })
      expect(addWorkingDays('2025-09-30', 1, NO_HOLIDAY_DATA)).toEqual({
        date: '2025-10-01',
        provisional: true,
      })
    })
  })

  describe('workingDaysBetween', () => {
    it('should count working days after a up to and including b, negative when reversed', () => {
      expect(workingDaysBetween('2025-09-30', '2025-10-11', calendar)).toEqual({
        days: 3,
        provisional: false,
      })
      expect(workingDaysBetween('2025-10-11', '2025-09-30', calendar)).toEqual({
        days: -3,
        provisional: false,
      })
      expect(workingDaysBetween('2025-10-01', '2025-10-01', calendar)).toEqual({
        days: 0,
        provisional: false,
      })
      expect(workingDaysBetween('2026-12-31', '2027-01-04', calendar)).toEqual({ days: 1, provisional: true })
    })

    it('should invert addWorkingDays for any start and count', () => {
      const first = toEpochDay('2024-12-01')
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 60 }), (offset, n) => {
          const start = fromEpochDay(first + offset)
          const due = addWorkingDays(start, n, calendar)
          expect(workingDaysBetween(start, due.date, calendar).days).toBe(n)
          if (n > 0) {
            expect(isWorkingDay(due.date, calendar)).toBe(true)
            // The day before the deadline has one working day fewer: nothing earlier satisfies the count.
            expect(workingDaysBetween(start, addDays(due.date, -1), calendar).days).toBe(n - 1)
          }
        }),
        { numRuns: 300 },
      )
    })
  })

  describe('addCalendarDays', () => {
    it('should move a period ending on a holiday or weekend to the next working day (民法典第203条)', () => {
      expect(addCalendarDays('2025-09-26', 5, calendar)).toEqual({ date: '2025-10-09', provisional: false })
      expect(addCalendarDays('2026-07-01', 3, calendar)).toEqual({ date: '2026-07-06', provisional: false })
    })

    it('should keep an end date that falls on a make-up working day', () => {
      expect(addCalendarDays('2025-10-06', 5, calendar)).toEqual({ date: '2025-10-11', provisional: false })
      expect(addCalendarDays('2026-07-01', 5, calendar)).toEqual({ date: '2026-07-06', provisional: false })
    })

    it('should be provisional when the end falls in a year without data', () => {
      expect(addCalendarDays('2026-12-31', 20, calendar)).toEqual({ date: '2027-01-20', provisional: true })
    })
  })
})
