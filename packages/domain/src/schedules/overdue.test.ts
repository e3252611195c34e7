import { describe, expect, it } from 'vitest'
import type { ExpectedDisclosure } from './expected'
import { overdueStatus } from './overdue'

const REGION = '220581102202'

function buildExpected(overrides: Partial<ExpectedDisclosure> = {}): ExpectedDisclosure {
  return {
    regionCode: REGION,
    itemId: 'village-finance.income',
    cadence: 'monthly',
    periodKey: '2026-09',
    periodStart: '2026-09-01',
    periodEnd: '2026-09-30',
    dueDate: '2026-10-20',
    provisional: false,
    defaulted: true,
    ...overrides,
  }
}

const income = { itemId: 'village-finance.income', periodKey: '2026-09' }

describe('overdueStatus', () => {
  it('should say on_time when published by the due date and late after it', () => {
    const [onTime] = overdueStatus(
      [buildExpected()],
      [{ ...income, publishedAt: '2026-10-20' }],
      '2026-11-01',
    )
    expect(onTime).toMatchObject({ status: 'on_time', publishedOn: '2026-10-20', daysPastDue: 0 })
    const [late] = overdueStatus([buildExpected()], [{ ...income, publishedAt: '2026-10-23' }], '2026-11-01')
    expect(late).toMatchObject({ status: 'late', publishedOn: '2026-10-23', daysPastDue: 3 })
  })

  it('should read an instant as a Shanghai day (16:30 UTC on the due date is the next day in Shanghai)', () => {
    const [s] = overdueStatus(
      [buildExpected()],
      [{ ...income, publishedAt: new Date('2026-10-20T16:30:00Z') }],
      '2026-11-01',
    )
    expect(s).toMatchObject({ status: 'late', publishedOn: '2026-10-21', daysPastDue: 1 })
  })

  it('should classify unpublished items as overdue, due_soon or upcoming by today', () => {
    const at = (today: string) => overdueStatus([buildExpected()], [], today)[0]?.status
    expect(at('2026-10-21')).toBe('overdue')
    expect(at('2026-10-20')).toBe('due_soon')
    expect(at('2026-10-15')).toBe('due_soon')
    expect(at('2026-10-14')).toBe('upcoming')
    expect(overdueStatus([buildExpected()], [], '2026-10-14', { dueSoonDays: 6 })[0]?.status).toBe('due_soon')
    expect(overdueStatus([buildExpected()], [], '2026-10-25')[0]?.daysPastDue).toBe(5)
  })

  it('should use the earliest publication and ignore those after today', () => {
    const published = [
      { ...income, publishedAt: '2026-10-25' },
      { ...income, publishedAt: '2026-10-19' },
    ]
    expect(overdueStatus([buildExpected()], published, '2026-11-01')[0]).toMatchObject({
      status: 'on_time',
      publishedOn: '2026-10-19',
    })
    expect(overdueStatus([buildExpected()], published, '2026-10-18')[0]?.status).toBe('due_soon')
  })

  it('should not match another item, period or region', () => {
    const published = [
      { ...income, periodKey: '2026-08', publishedAt: '2026-09-05' },
      { itemId: 'village-finance.expense', periodKey: '2026-09', publishedAt: '2026-10-05' },
      { ...income, regionCode: '220581102200', publishedAt: '2026-10-05' },
    ]
    expect(overdueStatus([buildExpected()], published, '2026-11-01')[0]?.status).toBe('overdue')
    const own = [{ ...income, regionCode: REGION, publishedAt: '2026-10-05' }]
    expect(overdueStatus([buildExpected()], own, '2026-11-01')[0]?.status).toBe('on_time')
  })
})
