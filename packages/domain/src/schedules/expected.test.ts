import { describe, expect, it } from 'vitest'
import { listCatalogItems } from '../catalog/catalog'
import type { Schedule } from '../catalog/schema'
import type { ScheduledItem } from './expected'
import { expectedAsOf, expectedDisclosures } from './expected'
import { buildOfficialCalendar } from './official-calendar.fixture'

const calendar = buildOfficialCalendar()
const REGION = '220581102202'
const villageItems = listCatalogItems({ level: 'village' })

function buildItem(
  id: string,
  schedule: Schedule | null,
  levels: ScheduledItem['levels'] = ['village'],
): ScheduledItem {
  return { id, levels, method: 'proactive', schedule }
}

function find(list: ReturnType<typeof expectedDisclosures>, itemId: string, periodKey: string) {
  return list.find((e) => e.itemId === itemId && e.periodKey === periodKey)
}

describe('expectedDisclosures', () => {
  const year2026 = expectedDisclosures(
    villageItems,
    { regionCode: REGION, level: 'village', from: '2026-01-01', to: '2026-12-31' },
    calendar,
  )

  it('should expect 12 monthly finance statements, 4 quarterly general items and 1 yearly item per item', () => {
    const count = (itemId: string) => year2026.filter((e) => e.itemId === itemId).length
    expect(count('village-finance.income')).toBe(12)
    expect(count('village-affairs.meeting-decisions')).toBe(4)
    expect(count('village-finance.annual-plan')).toBe(1)
    expect(year2026.every((e) => e.regionCode === REGION)).toBe(true)
  })

  it('should skip immediate (event-driven) items and items of other levels', () => {
    const ids = new Set(year2026.map((e) => e.itemId))
    expect(ids.has('village-finance.major-item')).toBe(false)
    expect(ids.has('social-assistance.dibao.review')).toBe(false)
    expect(ids.has('fiscal-budget.government-budget')).toBe(false)
  })

  it('should default to 10 working days after the period end across 国庆 2026 and flag it', () => {
    expect(find(year2026, 'village-finance.income', '2026-09')).toEqual({
      regionCode: REGION,
      itemId: 'village-finance.income',
      cadence: 'monthly',
      periodKey: '2026-09',
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      dueDate: '2026-10-20',
      provisional: false,
      defaulted: true,
    })
  })

  it('should count the 2026-01-04 make-up Sunday for the 2025-Q4 quarterly items', () => {
    const q4 = expectedDisclosures(
      villageItems,
      { regionCode: REGION, level: 'village', from: '2025-12-01', to: '2025-12-31' },
      calendar,
    )
    expect(find(q4, 'village-affairs.other-matters', '2025-Q4')?.dueDate).toBe('2026-01-15')
    expect(find(q4, 'village-finance.expense', '2025-12')?.dueDate).toBe('2026-01-15')
  })

  it('should mark due dates that fall in a year without holiday data provisional', () => {
    expect(find(year2026, 'village-finance.income', '2026-11')?.provisional).toBe(false)
    expect(find(year2026, 'village-finance.income', '2026-12')?.provisional).toBe(true)
    expect(find(year2026, 'village-affairs.family-planning', '2026-Q4')?.provisional).toBe(true)
  })

  it('should use the catalog dueDays in its unit when given', () => {
    const yearlyCalendar = buildItem('test.yearly', {
      cadence: 'yearly',
      minPostingDays: null,
      postingDaysUnit: 'calendar_days',
      dueDays: 20,
      basis: ['test'],
    })
    const quarterlyWorking = buildItem('test.quarterly', {
      cadence: 'quarterly',
      minPostingDays: 5,
      postingDaysUnit: 'working_days',
      dueDays: 5,
      basis: ['test'],
    })
    const list = expectedDisclosures(
      [yearlyCalendar, quarterlyWorking],
      { regionCode: REGION, level: 'village', from: '2025-07-01', to: '2025-12-31' },
      calendar,
    )
    expect(find(list, 'test.yearly', '2025')).toMatchObject({ dueDate: '2026-01-20', defaulted: false })
    expect(find(list, 'test.quarterly', '2025-Q3')).toMatchObject({ dueDate: '2025-10-14', defaulted: false })
    expect(list.map((e) => e.periodKey)).toEqual(['2025', '2025-Q3', '2025-Q4'])
  })

  it('should expect every period overlapping a partial range', () => {
    const list = expectedDisclosures(
      [
        buildItem(
          'test.monthly',
          villageItems.find((i) => i.id === 'village-finance.income')?.schedule ?? null,
        ),
      ],
      { regionCode: REGION, level: 'village', from: '2026-07-15', to: '2026-08-10' },
      calendar,
    )
    expect(list.map((e) => e.periodKey)).toEqual(['2026-07', '2026-08'])
  })

  it('should skip on-request items and reject an inverted range', () => {
    const quarterly = villageItems.find((i) => i.id === 'village-affairs.other-matters')?.schedule ?? null
    const onRequest: ScheduledItem = { ...buildItem('test.on-request', quarterly), method: 'on_request' }
    const range = { regionCode: REGION, level: 'village', from: '2026-01-01', to: '2026-12-31' } as const
    expect(expectedDisclosures([onRequest], range, calendar)).toEqual([])
    expect(() =>
      expectedDisclosures([], { ...range, from: '2026-02-01', to: '2026-01-01' }, calendar),
    ).toThrow(RangeError)
  })
})

describe('expectedAsOf', () => {
  const asOf = (today: string) =>
    expectedAsOf(villageItems, { regionCode: REGION, level: 'village', today }, calendar)

  it('should keep the periods of the past year that fall due in the new year, and yearly items, after New Year', () => {
    for (const today of ['2027-01-12', '2027-01-20']) {
      const owed = asOf(today)
      expect(find(owed, 'village-finance.income', '2026-12')?.dueDate).toBe('2027-01-15')
      expect(find(owed, 'village-affairs.meeting-decisions', '2026-Q4')?.dueDate).toBe('2027-01-15')
      expect(find(owed, 'village-finance.annual-plan', '2026')?.dueDate).toBe('2027-01-15')
      expect(find(owed, 'village-finance.income', '2027-12')).toBeDefined()
    }
  })

  it('should keep a period owed for a year after its due date, not until the calendar year ends', () => {
    // 2026-11 falls due on 2026-12-14: still owed on 2027-06-30, gone a year after its due date.
    expect(find(asOf('2026-12-31'), 'village-finance.income', '2026-11')).toBeDefined()
    expect(find(asOf('2027-06-30'), 'village-finance.income', '2026-11')).toBeDefined()
    expect(find(asOf('2027-12-15'), 'village-finance.income', '2026-11')).toBeUndefined()
    expect(find(asOf('2027-06-30'), 'village-finance.income', '2025-12')).toBeUndefined()
  })
})
