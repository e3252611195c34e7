import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog/catalog'
import { periodHasEnded, periodNotYetPublishable, publishFromOf } from './publishable'

function item(id: string) {
  const found = findCatalogItem(id)
  if (!found) throw new Error(`no catalog item ${id}`)
  return found
}

describe('periodNotYetPublishable', () => {
  it("should refuse a month's accounts until the month is over", () => {
    const income = item('village-finance.income')
    expect(publishFromOf(income)).toBe('after_end')
    expect(periodNotYetPublishable(income, '2026-12', '2026-12-07')).toEqual({
      reason: 'not_ended',
      from: '2027-01-01',
    })
    expect(periodNotYetPublishable(income, '2026-12', '2026-12-31')?.reason).toBe('not_ended')
    expect(periodNotYetPublishable(income, '2026-12', '2027-01-01')).toBeNull()
    expect(periodNotYetPublishable(income, '2031-03', '2026-12-07')?.reason).toBe('not_ended')
  })

  it('should let quarterly and yearly matters be published during their period, not before it begins', () => {
    const matters = item('village-affairs.other-matters')
    expect(periodNotYetPublishable(matters, '2026-Q4', '2026-12-07')).toBeNull()
    expect(periodNotYetPublishable(matters, '2030-Q2', '2026-12-07')).toEqual({
      reason: 'not_started',
      from: '2030-04-01',
    })
    const appraisal = item('village-affairs.democratic-appraisal')
    expect(periodNotYetPublishable(appraisal, '2026', '2026-12-07')).toBeNull()
    expect(periodNotYetPublishable(appraisal, '2027', '2026-12-07')?.reason).toBe('not_started')
  })

  it("should let the year's financial plan be announced in the year before, no earlier", () => {
    const plan = item('village-finance.annual-plan')
    expect(publishFromOf(plan)).toBe('in_advance')
    expect(periodNotYetPublishable(plan, '2027', '2026-12-07')).toBeNull()
    expect(periodNotYetPublishable(plan, '2028', '2026-12-07')).toEqual({
      reason: 'not_started',
      from: '2027-01-01',
    })
  })

  it('should leave event-driven items (a 公示 before payment) to any period', () => {
    expect(
      periodNotYetPublishable(item('social-assistance.dibao.review'), '2027-01', '2026-12-07'),
    ).toBeNull()
  })

  it('should say whether a period has ended', () => {
    expect(periodHasEnded('2026-11', '2026-12-01')).toBe(true)
    expect(periodHasEnded('2026-12', '2026-12-31')).toBe(false)
  })
})
