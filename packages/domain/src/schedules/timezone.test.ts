import { afterEach, describe, expect, it } from 'vitest'
import { addWorkingDays } from './working-days'
import { buildOfficialCalendar } from './official-calendar.fixture'
import { expectedDisclosures } from './expected'
import { listCatalogItems } from '../catalog/catalog'
import { postingWindow } from './posting'
import { overdueStatus } from './overdue'
import { dayOfWeek, shanghaiDateOf } from './dates'

const ORIGINAL_TZ = process.env.TZ

// Results computed in several machine zones must be identical: nothing may read local Date fields.
function snapshot(): unknown {
  const calendar = buildOfficialCalendar()
  const expected = expectedDisclosures(
    listCatalogItems({ level: 'village' }),
    { regionCode: '220581102202', level: 'village', from: '2025-01-01', to: '2026-12-31' },
    calendar,
  )
  return {
    deadlines: ['2025-09-25', '2026-02-13', '2025-12-31'].map((d) => addWorkingDays(d, 20, calendar)),
    expected: expected.map((e) => e.dueDate),
    status: overdueStatus(expected.slice(0, 5), [], new Date('2026-01-14T20:00:00Z')).map((s) => s.status),
    posting: postingWindow(
      {
        schedule: {
          cadence: 'immediate',
          minPostingDays: 5,
          postingDaysUnit: 'calendar_days',
          dueDays: null,
          basis: ['x'],
        },
      },
      new Date('2025-09-30T23:30:00-04:00'),
      calendar,
    ),
    shanghai: shanghaiDateOf(new Date('2026-01-01T00:30:00+08:00')),
    dow: dayOfWeek('2026-02-14'),
  }
}

describe('time zone independence', () => {
  afterEach(() => {
    process.env.TZ = ORIGINAL_TZ
  })

  it('should compute the same dates under UTC, America/New_York, Asia/Shanghai and Pacific/Kiritimati', () => {
    const results = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((tz) => {
      process.env.TZ = tz
      // Guard that the switch took effect, so this test can actually catch a leak.
      const offset = new Date('2026-01-01T00:00:00Z').getTimezoneOffset()
      expect(offset).toBe(
        { UTC: 0, 'America/New_York': 300, 'Asia/Shanghai': -480, 'Pacific/Kiritimati': -840 }[tz],
      )
      return snapshot()
    })
    for (const r of results.slice(1)) expect(r).toEqual(results[0])
    expect(results[0]).toMatchObject({ shanghai: '2026-01-01', dow: 6 })
  })
})
