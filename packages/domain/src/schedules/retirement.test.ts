import { describe, expect, it } from 'vitest'
import { listCatalogItems } from '../catalog/catalog'
import { expectedAsOf, expectedDisclosures } from './expected'
import { buildOfficialCalendar } from './official-calendar.fixture'
import { owedGivenRetirement, periodAfterRetirement, retirementStanding } from './retirement'

const calendar = buildOfficialCalendar()
const REGION = '220581102202'
const villageItems = listCatalogItems({ level: 'village' })
const year2026 = { regionCode: REGION, level: 'village', from: '2026-01-01', to: '2026-12-31' } as const

function find(list: ReturnType<typeof expectedDisclosures>, itemId: string, periodKey: string) {
  return list.find((e) => e.itemId === itemId && e.periodKey === periodKey)
}

describe('retirementStanding', () => {
  it('should owe everything when the village is not retired', () => {
    expect(retirementStanding({ periodStart: '2030-01-01', dueDate: '2030-02-01' }, null)).toBe('owed')
    expect(retirementStanding({ periodStart: '2030-01-01', dueDate: '2030-02-01' }, undefined)).toBe('owed')
  })

  it('should owe a period due before the retirement date, not one due on or after it, and expect none that begins on or after it', () => {
    const retiredOn = '2026-08-15'
    expect(retirementStanding({ periodStart: '2026-07-01', dueDate: '2026-08-14' }, retiredOn)).toBe('owed')
    expect(retirementStanding({ periodStart: '2026-07-01', dueDate: '2026-08-15' }, retiredOn)).toBe(
      'not_owed',
    )
    expect(retirementStanding({ periodStart: '2026-08-01', dueDate: '2026-09-14' }, retiredOn)).toBe(
      'not_owed',
    )
    expect(retirementStanding({ periodStart: '2026-08-15', dueDate: '2026-09-14' }, retiredOn)).toBe(
      'not_expected',
    )
    expect(retirementStanding({ periodStart: '2026-09-01', dueDate: '2026-10-19' }, retiredOn)).toBe(
      'not_expected',
    )
  })

  it('should refuse disclosures only for periods that begin on or after the retirement date', () => {
    expect(periodAfterRetirement('2026-08', '2026-08-15')).toBe(false)
    expect(periodAfterRetirement('2026-Q3', '2026-08-15')).toBe(false)
    expect(periodAfterRetirement('2026', '2026-08-15')).toBe(false)
    expect(periodAfterRetirement('2026-09', '2026-08-15')).toBe(true)
    expect(periodAfterRetirement('2026-Q4', '2026-08-15')).toBe(true)
    expect(periodAfterRetirement('2026-08', '2026-08-01')).toBe(true)
    expect(periodAfterRetirement('2031-01', null)).toBe(false)
  })
})

describe('expected disclosures of a village retired mid-quarter (2026-08-15)', () => {
  const retiredOn = '2026-08-15'
  const all = expectedDisclosures(villageItems, year2026, calendar)
  const owed = expectedDisclosures(villageItems, { ...year2026, retiredOn }, calendar)

  it('should keep what fell due before the merger, overdue ones included', () => {
    // July's accounts fall due on 14 August (10 working days), the day before the merger.
    expect(find(owed, 'village-finance.income', '2026-07')?.dueDate).toBe('2026-08-14')
    expect(find(owed, 'village-finance.income', '2026-01')).toBeDefined()
    expect(find(owed, 'village-affairs.meeting-decisions', '2026-Q2')).toBeDefined()
  })

  it('should not owe the quarter, the month and the year the merger fell in, nor anything after', () => {
    expect(find(owed, 'village-finance.income', '2026-08')).toBeUndefined()
    expect(find(owed, 'village-finance.income', '2026-09')).toBeUndefined()
    expect(find(owed, 'village-affairs.meeting-decisions', '2026-Q3')).toBeUndefined()
    expect(find(owed, 'village-affairs.meeting-decisions', '2026-Q4')).toBeUndefined()
    expect(owed.every((e) => e.dueDate < retiredOn)).toBe(true)
    expect(owed).toEqual(owedGivenRetirement(all, retiredOn))
    expect(owed.length).toBeLessThan(all.length)
  })

  it('should count 12 monthly items a month before the merger and none after it', () => {
    const monthly = (list: typeof all, key: string) =>
      list.filter((e) => e.cadence === 'monthly' && e.periodKey === key).length
    expect(monthly(all, '2026-06')).toBeGreaterThan(0)
    expect(monthly(owed, '2026-06')).toBe(monthly(all, '2026-06'))
    expect(monthly(owed, '2026-08')).toBe(0)
    expect(monthly(owed, '2026-11')).toBe(0)
  })

  it('should keep the pre-merger arrears in expectedAsOf after New Year, and list nothing of the new year', () => {
    const asOf = expectedAsOf(
      villageItems,
      { regionCode: REGION, level: 'village', today: '2027-03-01', retiredOn },
      calendar,
    )
    expect(find(asOf, 'village-finance.income', '2026-07')).toBeDefined()
    expect(asOf.some((e) => e.periodKey.startsWith('2027'))).toBe(false)
    expect(asOf.every((e) => e.dueDate < retiredOn)).toBe(true)
  })
})
