import { findCatalogItem, type CatalogItem } from '@cunwu/domain'
import { formOf, periodChoices } from './form'

function item(id: string): CatalogItem {
  const found = findCatalogItem(id)
  if (!found) throw new Error(`no catalog item ${id}`)
  return found
}

describe('periodChoices', () => {
  beforeEach(() => {
    jest.useFakeTimers().setSystemTime(new Date('2026-12-07T02:00:00Z'))
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it("should offer a month's accounts only once the month is over, and other periods once they began", () => {
    const income = item('village-finance.income')
    expect(periodChoices(income, undefined)[0]?.key).toBe('2026-11')
    expect(formOf(income, null).period).toBe('2026-11')
    expect(periodChoices(item('village-affairs.other-matters'), undefined)[0]?.key).toBe('2026-Q4')
  })
})
