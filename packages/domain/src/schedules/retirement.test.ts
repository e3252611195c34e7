import { describe, expect, it } from 'vitest'
import { listCatalogItems } from '../catalog/catalog'
import { expectedAsOf, expectedDisclosures } from './expected'
import { buildOfficialCalendar } from './official-calendar.fixture'
import {
  mayPublishInPlace,
  owedGivenRetirement,
  periodAfterRetirement,
  retirementStanding,
} from './retirement'

const calendar = buildOfficialCalendar()
const REGION = '220581102202'
const villageItems = listCatalogItems({ level: 'village' })
const year2026 = { regionCode: REGION, level: 'village', from: '2026-01-01', to: '2026-12-31' } as const

function find(list: ReturnType<typeof expectedDisclosures>, itemId: string, periodKey: string) {
  return list.find((e) => e.itemId === itemId && e.periodKey === periodKey)
}

describe('retirementStanding', () => {
  it('should owe everything when the village is not retired', () => {
    const period = { periodStart: '2030-01-01', periodEnd: '2030-01-31', dueDate: '2030-02-01' }
    expect(retirementStanding(period, null)).toBe('owed')
    expect(retirementStanding(period, undefined)).toBe('owed')
  })

  it('should owe a period due before the retirement date or ended before it, not the one the merger falls in, and expect none that begins on or after it', () => {
    const retiredOn = '2026-08-15'
    const july = { periodStart: '2026-07-01', periodEnd: '2026-07-31' }
    expect(retirementStanding({ ...july, dueDate: '2026-08-14' }, retiredOn)).toBe('owed')
    // July's accounts due after the merger: the village existed all month, so the law still requires them.
    expect(retirementStanding({ ...july, dueDate: '2026-08-15' }, retiredOn)).toBe('owed')
    expect(retirementStanding({ ...july, dueDate: '2026-08-28' }, retiredOn)).toBe('owed')
    expect(
      retirementStanding(
        { periodStart: '2026-08-01', periodEnd: '2026-08-31', dueDate: '2026-09-14' },
        retiredOn,
      ),
    ).toBe('not_owed')
    expect(
      retirementStanding(
        { periodStart: '2026-07-01', periodEnd: '2026-09-30', dueDate: '2026-10-19' },
        retiredOn,
      ),
    ).toBe('not_owed')
    expect(
      retirementStanding(
        { periodStart: '2026-08-15', periodEnd: '2026-08-31', dueDate: '2026-09-14' },
        retiredOn,
      ),
    ).toBe('not_expected')
    expect(
      retirementStanding(
        { periodStart: '2026-09-01', periodEnd: '2026-09-30', dueDate: '2026-10-19' },
        retiredOn,
      ),
    ).toBe('not_expected')
  })

  it('should let the successor publish in its place only the scheduled periods that ended before the merger', () => {
    // Merged on 1 October: the third quarter (due in October) is still owed and published in its place.
    expect(mayPublishInPlace('quarterly', '2026-Q3', '2026-10-01')).toBe(true)
    expect(mayPublishInPlace('monthly', '2026-09', '2026-10-01')).toBe(true)
    expect(mayPublishInPlace('yearly', '2025', '2026-10-01')).toBe(true)
    // The quarter, month and year the merger falls in, and anything after, are not.
    expect(mayPublishInPlace('quarterly', '2026-Q3', '2026-09-20')).toBe(false)
    expect(mayPublishInPlace('monthly', '2026-09', '2026-09-30')).toBe(false)
    expect(mayPublishInPlace('yearly', '2026', '2026-10-01')).toBe(false)
    expect(mayPublishInPlace('monthly', '2026-10', '2026-10-01')).toBe(false)
    // Event-driven items are never owed.
    expect(mayPublishInPlace('immediate', '2026-08', '2026-10-01')).toBe(false)
    expect(mayPublishInPlace(undefined, '2026-08', '2026-10-01')).toBe(false)
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
    expect(owed.every((e) => e.periodEnd < retiredOn)).toBe(true)
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
    expect(asOf.every((e) => e.periodEnd < retiredOn)).toBe(true)
  })
})
