import { describe, expect, it } from 'vitest'
import { amendmentNoticeDeadline, infoRequestDeadline, infoRequestReceivedOn } from './info-request'
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
})
