import { describe, expect, it } from 'vitest'
import { questionDeadline } from './question-deadline'
import { createHolidayCalendar, NO_HOLIDAY_DATA } from './working-days'

// 2026: National Day holiday 10-01..10-07 (a Thursday to a Wednesday), make-up working day Saturday 10-10 (fixture).
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

describe('questionDeadline', () => {
  it('should give a question 5 working days, skipping the holiday and counting the make-up Saturday', () => {
    // Asked Wednesday 2026-09-30 10:00 in China: working days 10-08, 10-09, 10-10 (make-up), 10-12, 10-13.
    const due = questionDeadline('question', new Date('2026-09-30T10:00:00+08:00'), null, calendar)
    expect(due).toMatchObject({ dueDate: '2026-10-13', provisional: false })
    expect(due.dueAt.toISOString()).toBe('2026-10-13T16:00:00.000Z')
  })

  it('should date by China time: 01:00 on Thursday in China is still Wednesday in UTC', () => {
    const due = questionDeadline('question', new Date('2026-10-08T17:00:00Z'), null, calendar)
    // 2026-10-09 01:00 in China (Friday): 10-10, 10-12, 10-13, 10-14, 10-15.
    expect(due.dueDate).toBe('2026-10-15')
  })

  it('should make an objection during a posting window due when the window closes, otherwise in 3 working days', () => {
    const now = new Date('2026-09-14T09:00:00+08:00')
    const postingUntil = new Date('2026-09-21T00:00:00+08:00')
    const during = questionDeadline('objection', now, postingUntil, calendar)
    expect(during).toMatchObject({ dueDate: '2026-09-20', provisional: false })
    expect(during.dueAt).toEqual(postingUntil)
    const after = questionDeadline('objection', new Date('2026-09-22T09:00:00+08:00'), postingUntil, calendar)
    expect(after.dueDate).toBe('2026-09-25')
  })

  it('should mark a deadline provisional where the calendar has no data for the year', () => {
    const due = questionDeadline('question', new Date('2027-03-01T09:00:00+08:00'), null, NO_HOLIDAY_DATA)
    expect(due).toMatchObject({ dueDate: '2027-03-08', provisional: true })
  })
})
