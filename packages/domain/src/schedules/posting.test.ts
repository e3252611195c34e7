import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog/catalog'
import type { CatalogItem } from '../catalog/schema'
import { buildOfficialCalendar } from './official-calendar.fixture'
import { postingWindow, postingWindowEnd } from './posting'

const calendar = buildOfficialCalendar()

function item(id: string): CatalogItem {
  const found = findCatalogItem(id)
  if (!found) throw new Error(`missing catalog item ${id}`)
  return found
}

describe('postingWindow', () => {
  it('should keep a village posting up 5 calendar days after the day it went up', () => {
    expect(postingWindow(item('village-affairs.other-matters'), '2026-07-01', calendar)).toEqual({
      date: '2026-07-06',
      provisional: false,
      startDate: '2026-07-01',
      minDays: 5,
      unit: 'calendar_days',
    })
  })

  it('should not extend a calendar-day minimum over a holiday, and read instants in Shanghai time', () => {
    expect(
      postingWindow(item('social-assistance.dibao.review'), '2025-09-30T17:00:00Z', calendar),
    ).toMatchObject({
      startDate: '2025-10-01',
      date: '2025-10-08',
    })
  })

  it('should count working days for the 征地预公告 (10 working days) across 国庆 2025', () => {
    expect(
      postingWindow(item('rural-land-expropriation.statutory.pre-announcement'), '2025-09-26', calendar),
    ).toEqual({
      date: '2025-10-16',
      provisional: false,
      startDate: '2025-09-26',
      minDays: 10,
      unit: 'working_days',
    })
  })

  it('should keep a posting up 5 calendar days when the catalog gives no minimum', () => {
    expect(postingWindow(item('social-assistance.dibao.approval'), '2026-07-01', calendar)).toEqual({
      date: '2026-07-06',
      provisional: false,
      startDate: '2026-07-01',
      minDays: 5,
      unit: 'calendar_days',
    })
    expect(postingWindow({ schedule: null }, '2026-07-01', calendar).date).toBe('2026-07-06')
  })

  it('should end as the last day ends in Shanghai', () => {
    expect(postingWindowEnd({ date: '2026-07-06' }).toISOString()).toBe('2026-07-06T15:59:59.999Z')
  })
})
