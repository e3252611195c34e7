import { describe, expect, it } from 'vitest'
import {
  amendmentNoticeDeadline,
  infoRequestDeadline,
  infoRequestDue,
  infoRequestLapsedOn,
  infoRequestOverdue,
  infoRequestReceivedOn,
} from './info-request'
import { buildOfficialCalendar } from './official-calendar.fixture'

const calendar = buildOfficialCalendar()

describe('info requests (依申请公开)', () => {
  describe('infoRequestReceivedOn', () => {
    it('should take the date 条例第31条 fixes for each channel', () => {
      expect(infoRequestReceivedOn({ channel: 'in_person', submittedOn: '2025-09-25' })).toBe('2025-09-25')
      expect(infoRequestReceivedOn({ channel: 'post', signedForOn: '2025-09-26' })).toBe('2025-09-26')
      expect(infoRequestReceivedOn({ channel: 'ordinary_mail', confirmedOn: '2025-09-29' })).toBe(
        '2025-09-29',
      )
      expect(infoRequestReceivedOn({ channel: 'online', confirmedOn: '2025-09-30' })).toBe('2025-09-30')
      expect(() => infoRequestReceivedOn({ channel: 'fax', confirmedOn: '2025-9-30' })).toThrow(RangeError)
    })
  })

  describe('infoRequestDeadline', () => {
    it('should give 20 working days after receipt across 国庆 2025', () => {
      expect(infoRequestDeadline('2025-09-25', {}, calendar)).toEqual({
        date: '2025-10-29',
        provisional: false,
      })
    })

    it('should add 20 more working days when extended', () => {
      expect(infoRequestDeadline('2025-09-25', { extended: true }, calendar)).toEqual({
        date: '2025-11-26',
        provisional: false,
      })
    })

    it('should count across 春节 2026', () => {
      expect(infoRequestDeadline('2026-02-13', {}, calendar).date).toBe('2026-03-19')
    })

    it('should restart the clock from the amended request (条例第30条)', () => {
      expect(infoRequestDeadline('2026-02-13', { amendedOn: '2026-03-02' }, calendar).date).toBe('2026-03-30')
      expect(() => infoRequestDeadline('2026-03-02', { amendedOn: '2026-02-13' }, calendar)).toThrow(
        RangeError,
      )
    })

    it('should not count working days spent consulting third parties', () => {
      expect(infoRequestDeadline('2025-09-25', { excludedWorkingDays: 15 }, calendar).date).toBe('2025-11-19')
      expect(() => infoRequestDeadline('2025-09-25', { excludedWorkingDays: -1 }, calendar)).toThrow(
        RangeError,
      )
    })

    it('should be provisional when the deadline runs into a year without holiday data', () => {
      expect(infoRequestDeadline('2026-12-15', {}, calendar).provisional).toBe(true)
    })
  })

  describe('amendmentNoticeDeadline', () => {
    it('should give 7 working days, counting the 2025-10-11 make-up Saturday', () => {
      expect(amendmentNoticeDeadline('2025-09-25', calendar)).toEqual({
        date: '2025-10-11',
        provisional: false,
      })
    })
  })

  describe('infoRequestDue (the current period)', () => {
    const base = { receivedDate: '2026-10-30', extension: null }

    it('should not move a lapsed deadline for a consultation begun after it (条例第三十三条)', () => {
      // Due Friday 11-27; a consultation from Saturday 11-28 to Monday 11-30 holds nothing.
      expect(infoRequestDue({ ...base, consultations: [] }, calendar).dueDate).toBe('2026-11-27')
      const late = [{ startDate: '2026-11-28', endDate: '2026-11-30' }]
      expect(infoRequestDue({ ...base, consultations: late }, calendar).dueDate).toBe('2026-11-27')
      // Begun on the last day itself, it holds the clock: Monday 11-30 is not counted.
      const onTheDay = [{ startDate: '2026-11-27', endDate: '2026-11-30' }]
      expect(infoRequestDue({ ...base, consultations: onTheDay }, calendar).dueDate).toBe('2026-11-30')
    })

    it('should count a consultation in time after an earlier one moved the deadline', () => {
      // The first moves the deadline to 12-04; the second begins 12-01, within it, and adds 12-02..12-03.
      const consultations = [
        { startDate: '2026-12-01', endDate: '2026-12-03' },
        { startDate: '2026-11-23', endDate: '2026-11-30' },
      ]
      expect(infoRequestDue({ ...base, consultations }, calendar).dueDate).toBe('2026-12-08')
    })

    it('should count only what lies after a corrected receipt (条例第三十条: a new period)', () => {
      const corrected = { receivedDate: '2026-11-20', extension: null }
      // Running across the correction: only 11-23..11-25 count.
      const across = [{ startDate: '2026-11-03', endDate: '2026-11-25' }]
      expect(infoRequestDue({ ...corrected, consultations: across }, calendar).dueDate).toBe('2026-12-23')
      // Finished before it: nothing.
      const before = [{ startDate: '2026-11-03', endDate: '2026-11-06' }]
      expect(infoRequestDue({ ...corrected, consultations: before }, calendar).dueDate).toBe('2026-12-18')
    })
  })

  describe('infoRequestOverdue', () => {
    const r = { status: 'registered', receivedDate: '2026-11-20', dueDate: '2026-12-18' }
    it('should be held by an open consultation begun by the last day, also one begun before a correction', () => {
      expect(infoRequestOverdue({ ...r, consultations: [] }, '2026-12-21')).toBe(true)
      const open = [{ startDate: '2026-11-03', endDate: null }]
      expect(infoRequestOverdue({ ...r, consultations: open }, '2026-12-21')).toBe(false)
      const late = [{ startDate: '2026-12-19', endDate: null }]
      expect(infoRequestOverdue({ ...r, consultations: late }, '2026-12-21')).toBe(true)
    })
  })

  describe('infoRequestLapsedOn (条例第三十条: 逾期不补正，视为放弃申请)', () => {
    const waiting = { status: 'awaiting_correction', correctionNotice: { dueDate: '2026-03-20' } }
    it('should lapse the day after the correction period, never without a stated period', () => {
      expect(infoRequestLapsedOn(waiting, '2026-03-20')).toBeNull()
      expect(infoRequestLapsedOn(waiting, '2026-03-21')).toBe('2026-03-21')
      expect(infoRequestLapsedOn({ ...waiting, status: 'registered' }, '2026-04-01')).toBeNull()
      expect(infoRequestLapsedOn({ ...waiting, correctionNotice: {} }, '2027-04-01')).toBeNull()
    })
  })
})
