import { describe, expect, it } from 'vitest'
import { infoRequestDue } from './info-request'
import { createHolidayCalendar, NO_HOLIDAY_DATA } from './working-days'

// Fixture: 2026 National Day 10-01..10-07, make-up working day Saturday 10-10.
const calendar = createHolidayCalendar({
  holidays: [
    '2026-01-01',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-10-10'],
  years: [2026],
})

describe('infoRequestDue (条例第三十三条)', () => {
  it('should count 20 working days from receipt across the holiday and the make-up Saturday', () => {
    // Received Friday 09-25: 09-28, 09-29, 09-30, then 10-08 on (10-10 counts): the 20th is 10-29.
    expect(
      infoRequestDue({ receivedDate: '2026-09-25', extension: null, consultations: [] }, calendar),
    ).toEqual({
      dueDate: '2026-10-29',
      provisional: false,
    })
  })

  it('should add 20 for the extension and the working days of a finished consultation, not of an open one', () => {
    const extension = { reason: '需要汇总', at: new Date() }
    const base = { receivedDate: '2026-03-02', extension, consultations: [] }
    const plain = infoRequestDue(base, calendar).dueDate
    // Consultation Monday 03-09 → Monday 03-16: working days 03-10..03-16 = 5.
    const finished = infoRequestDue(
      { ...base, consultations: [{ startDate: '2026-03-09', endDate: '2026-03-16' }] },
      calendar,
    )
    const open = infoRequestDue(
      { ...base, consultations: [{ startDate: '2026-03-09', endDate: null }] },
      calendar,
    )
    expect(plain).toBe('2026-04-27')
    expect(finished.dueDate).toBe('2026-05-04')
    expect(open.dueDate).toBe(plain)
  })

  it('should mark the deadline provisional where the calendar has no data for the year', () => {
    expect(
      infoRequestDue({ receivedDate: '2031-01-06', extension: null, consultations: [] }, NO_HOLIDAY_DATA),
    ).toEqual({
      dueDate: '2031-02-03',
      provisional: true,
    })
  })
})
