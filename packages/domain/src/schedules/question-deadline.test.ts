import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, shanghaiDateOf } from './dates'
import { postingWindowEnd } from './posting'
import { isPastDue, questionDeadline } from './question-deadline'
import { createHolidayCalendar, isWorkingDay, NO_HOLIDAY_DATA, workingDaysBetween } from './working-days'

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
const endOf = (date: string) => postingWindowEnd({ date })

describe('questionDeadline', () => {
  it('should give a question 5 working days, skipping the holiday and counting the make-up Saturday', () => {
    // Asked Wednesday 2026-09-30 10:00 in China: working days 10-08, 10-09, 10-10 (make-up), 10-12, 10-13.
    const due = questionDeadline('question', new Date('2026-09-30T10:00:00+08:00'), null, calendar)
    expect(due).toMatchObject({ dueDate: '2026-10-13', provisional: false })
    expect(due.dueAt.toISOString()).toBe('2026-10-13T15:59:59.999Z')
  })

  it('should end a question and an objection the same way: the last millisecond of the last day in China', () => {
    const now = new Date('2026-09-14T09:00:00+08:00')
    const question = questionDeadline('question', now, null, calendar)
    const objection = questionDeadline('objection', now, null, calendar)
    const during = questionDeadline('objection', now, endOf('2026-09-25'), calendar)
    for (const due of [question, objection, during]) expect(due.dueAt).toEqual(endOf(due.dueDate))
    expect(isPastDue(question.dueAt, question.dueAt)).toBe(false)
    expect(isPastDue(question.dueAt, new Date(question.dueAt.getTime() + 1))).toBe(true)
  })

  it('should date by China time: 01:00 on Thursday in China is still Wednesday in UTC', () => {
    const due = questionDeadline('question', new Date('2026-10-08T17:00:00Z'), null, calendar)
    // 2026-10-09 01:00 in China (Friday): 10-10, 10-12, 10-13, 10-14, 10-15.
    expect(due.dueDate).toBe('2026-10-15')
  })

  it('should make an objection during a posting window due when the window closes, otherwise in 3 working days', () => {
    const now = new Date('2026-09-14T09:00:00+08:00')
    // The window's last day is Friday 09-25, after the 3 working days (09-17).
    const postingUntil = endOf('2026-09-25')
    const during = questionDeadline('objection', now, postingUntil, calendar)
    expect(during).toMatchObject({ dueDate: '2026-09-25', provisional: false })
    expect(during.dueAt).toEqual(postingUntil)
    const after = questionDeadline('objection', new Date('2026-09-28T09:00:00+08:00'), postingUntil, calendar)
    // Monday 09-28: 09-29, 09-30, then the holiday, then 10-08.
    expect(after.dueDate).toBe('2026-10-08')
  })

  it('should leave 3 working days to an objection sent minutes before a window that ends on a Saturday', () => {
    // The tester's case: the window's last day is Saturday 2026-12-12; sent at 23:50 that day.
    const postingUntil = endOf('2026-12-12')
    const late = questionDeadline('objection', new Date('2026-12-12T23:50:00+08:00'), postingUntil, calendar)
    expect(late).toMatchObject({ dueDate: '2026-12-16', provisional: false })
    expect(late.dueAt.toISOString()).toBe('2026-12-16T15:59:59.999Z')
    // Sent Monday 12-07: 3 working days is Thursday 12-10, the window ends on Saturday: due Monday 12-14.
    const monday = questionDeadline(
      'objection',
      new Date('2026-12-07T10:00:00+08:00'),
      postingUntil,
      calendar,
    )
    expect(monday.dueDate).toBe('2026-12-14')
  })

  it('should move a window that ends in a holiday to the first working day after it', () => {
    // Window's last day Friday 10-02 (National Day): the next working day is Thursday 10-08; 3 working days from
    // 09-30 are 10-08, 10-09, 10-10 (the make-up Saturday), so the later is 10-10.
    const due = questionDeadline(
      'objection',
      new Date('2026-09-30T10:00:00+08:00'),
      endOf('2026-10-02'),
      calendar,
    )
    expect(due.dueDate).toBe('2026-10-10')
    const early = questionDeadline(
      'objection',
      new Date('2026-09-21T10:00:00+08:00'),
      endOf('2026-10-04'),
      calendar,
    )
    expect(early.dueDate).toBe('2026-10-08')
  })

  it('should mark a deadline provisional where the calendar has no data for the year', () => {
    const due = questionDeadline('question', new Date('2027-03-01T09:00:00+08:00'), null, NO_HOLIDAY_DATA)
    expect(due).toMatchObject({ dueDate: '2027-03-08', provisional: true })
  })

  it('should always fall on a working day and leave at least the rule’s working days, for any time and window', () => {
    const instant = fc.date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2026-12-20T00:00:00Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(
        fc.constantFrom('question' as const, 'objection' as const),
        instant,
        fc.option(fc.integer({ min: -10, max: 20 }), { nil: null }),
        (kind, now, windowDays) => {
          const postingUntil = windowDays === null ? null : endOf(addDays(shanghaiDateOf(now), windowDays))
          const due = questionDeadline(kind, now, postingUntil, calendar)
          expect(isWorkingDay(due.dueDate, calendar)).toBe(true)
          expect(due.dueAt).toEqual(endOf(due.dueDate))
          const least = kind === 'objection' ? 3 : 5
          expect(workingDaysBetween(shanghaiDateOf(now), due.dueDate, calendar).days).toBeGreaterThanOrEqual(
            least,
          )
          if (kind === 'objection' && postingUntil && postingUntil > now) {
            expect(due.dueAt.getTime()).toBeGreaterThanOrEqual(postingUntil.getTime())
          }
        },
      ),
    )
  })
})
