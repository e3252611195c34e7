import { describe, expect, it } from 'vitest'
import {
  chineseDate,
  addDays,
  dayOfWeek,
  daysBetween,
  fromEpochDay,
  isCalendarDate,
  periodBounds,
  periodKeysBetween,
  shanghaiDateOf,
  shanghaiDateTimeOf,
  shanghaiDayStart,
  toEpochDay,
  toShanghaiDate,
} from './dates'

describe('dates', () => {
  describe('toEpochDay', () => {
    it('should count days from 1970-01-01 and round-trip through fromEpochDay', () => {
      expect(toEpochDay('1970-01-01')).toBe(0)
      expect(toEpochDay('2026-01-01')).toBe(20454)
      expect(fromEpochDay(20454)).toBe('2026-01-01')
    })

    it('should reject malformed and impossible dates', () => {
      expect(() => toEpochDay('2026-2-3')).toThrow(RangeError)
      expect(() => toEpochDay('2026-02-30')).toThrow(RangeError)
      expect(() => toEpochDay('2025-02-29')).toThrow(RangeError)
      expect(isCalendarDate('2024-02-29')).toBe(true)
      expect(isCalendarDate('2026-13-01')).toBe(false)
    })
  })

  describe('addDays', () => {
    it('should cross month, year and leap-day boundaries', () => {
      expect(addDays('2025-12-30', 3)).toBe('2026-01-02')
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
      expect(daysBetween('2025-09-30', '2025-10-08')).toBe(8)
    })
  })

  describe('dayOfWeek', () => {
    it('should name the weekday of the 2025 National Day make-up days', () => {
      expect(dayOfWeek('2025-09-28')).toBe(0)
      expect(dayOfWeek('2025-10-01')).toBe(3)
      expect(dayOfWeek('2025-10-11')).toBe(6)
      expect(dayOfWeek('1969-12-31')).toBe(3)
    })
  })

  describe('shanghaiDateOf / toShanghaiDate', () => {
    it('should turn an instant into the Shanghai calendar day (UTC+8)', () => {
      expect(shanghaiDateOf(new Date('2026-06-30T15:59:59Z'))).toBe('2026-06-30')
      expect(shanghaiDateOf(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01')
      expect(toShanghaiDate('2026-07-01T00:30:00+08:00')).toBe('2026-07-01')
      expect(toShanghaiDate('2026-06-30T20:00:00-04:00')).toBe('2026-07-01')
      expect(toShanghaiDate('2026-07-01')).toBe('2026-07-01')
    })

    it('should reject a date-time without offset, which would depend on the machine zone', () => {
      expect(() => toShanghaiDate('2026-07-01T10:00:00')).toThrow(RangeError)
      expect(() => toShanghaiDate(new Date(Number.NaN))).toThrow(RangeError)
    })

    it('should read epoch milliseconds as well as a Date', () => {
      expect(shanghaiDateOf(Date.parse('2026-06-30T16:00:00Z'))).toBe('2026-07-01')
      expect(shanghaiDateOf(Date.parse('1969-12-31T15:59:59Z'))).toBe('1969-12-31')
      expect(() => shanghaiDateOf(Number.NaN)).toThrow(RangeError)
      expect(() => shanghaiDateOf(Number.POSITIVE_INFINITY)).toThrow(RangeError)
      expect(() => shanghaiDateOf(9e15)).toThrow(RangeError)
    })
  })

  describe('shanghaiDateTimeOf', () => {
    it('should give the Shanghai wall clock of an instant, to the second', () => {
      expect(shanghaiDateTimeOf(new Date('2026-06-08T02:34:56.789Z'))).toBe('2026-06-08T10:34:56')
      expect(shanghaiDateTimeOf(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00')
      expect(() => shanghaiDateTimeOf(new Date(Number.NaN))).toThrow(RangeError)
    })
  })

  describe('shanghaiDayStart', () => {
    it('should give the instant of 00:00 in Shanghai, the day after 16:00 UTC', () => {
      expect(shanghaiDayStart('2026-07-01')).toBe(Date.parse('2026-06-30T16:00:00Z'))
      expect(shanghaiDateOf(shanghaiDayStart('2026-07-01'))).toBe('2026-07-01')
      expect(shanghaiDateOf(shanghaiDayStart('2026-07-01') - 1)).toBe('2026-06-30')
      expect(() => shanghaiDayStart('2026-02-30')).toThrow(RangeError)
    })
  })

  describe('periodBounds', () => {
    it('should give the first and last day of each period shape', () => {
      expect(periodBounds('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' })
      expect(periodBounds('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' })
      expect(periodBounds('2026-Q3')).toEqual({ start: '2026-07-01', end: '2026-09-30' })
      expect(periodBounds('2026-H1')).toEqual({ start: '2026-01-01', end: '2026-06-30' })
      expect(periodBounds('2026-H2')).toEqual({ start: '2026-07-01', end: '2026-12-31' })
      expect(periodBounds('2026')).toEqual({ start: '2026-01-01', end: '2026-12-31' })
    })

    it('should reject keys that are not periods', () => {
      expect(() => periodBounds('2026-13')).toThrow(RangeError)
      expect(() => periodBounds('2026-Q5')).toThrow(RangeError)
    })
  })

  describe('periodKeysBetween', () => {
    it('should list every period that overlaps the range', () => {
      expect(periodKeysBetween('monthly', '2025-11-15', '2026-02-01')).toEqual([
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
      ])
      expect(periodKeysBetween('quarterly', '2026-01-01', '2026-12-31')).toEqual([
        '2026-Q1',
        '2026-Q2',
        '2026-Q3',
        '2026-Q4',
      ])
      expect(periodKeysBetween('half_yearly', '2025-12-31', '2026-07-01')).toEqual([
        '2025-H2',
        '2026-H1',
        '2026-H2',
      ])
      expect(periodKeysBetween('yearly', '2025-06-01', '2026-06-01')).toEqual(['2025', '2026'])
    })

    it('should list nothing for immediate items or an inverted range', () => {
      expect(periodKeysBetween('immediate', '2026-01-01', '2026-12-31')).toEqual([])
      expect(periodKeysBetween('monthly', '2026-02-01', '2026-01-01')).toEqual([])
    })
  })
})

describe('chineseDate', () => {
  it('writes a date as villagers read it in a sentence, and leaves anything else alone', () => {
    expect(chineseDate('2027-01-04')).toBe('2027年1月4日')
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日')
    expect(chineseDate('2026-12')).toBe('2026-12')
  })
})
