import { describe, expect, it } from 'vitest'
import { badgeOf } from './badge'
import { differenceWording, summarizeDifferences } from './differences'

const row = (index: number) => ({ index })
// Two households differ (one amount, one only on the village list) and, because of them, the amount total, the
// headcount and a total of another unit differ too: five discrepancies as the comparison lists them.
const result = {
  discrepancies: [
    { kind: 'amount_differs', village: [row(2)], government: [row(2)], column: 'amount', difference: -3_000 },
    { kind: 'field_differs', village: [row(2)], government: [row(2)], column: 'group', difference: null },
    { kind: 'only_in_village', village: [row(7)], government: [], column: null, difference: null },
    { kind: 'total_differs', village: [], government: [], column: 'amount', difference: -5_000 },
    { kind: 'total_differs', village: [], government: [], column: null, difference: -1 },
  ],
  summary: { totals: [{ column: 'amount', village: 100_000 }] },
}

describe('summarizeDifferences', () => {
  it('should count households and the amount the totals differ by, as a villager counts them', () => {
    expect(summarizeDifferences(result)).toEqual({
      households: 2,
      amountDifferenceFen: 5_000,
      amountColumns: 1,
      figures: 0,
      other: 0,
    })
    expect(
      differenceWording({
        households: 2,
        amountDifferenceFen: 5_000,
        amountColumns: 1,
        figures: 0,
        other: 0,
      }),
    ).toBe('2 户有差异，合计相差 50.00 元')
    expect(summarizeDifferences(null)).toBeNull()
  })

  it('should word figures, several amount columns, cents and other differences plainly', () => {
    expect(
      differenceWording({
        households: 0,
        amountDifferenceFen: 5_050,
        amountColumns: 1,
        figures: 1,
        other: 0,
      }),
    ).toBe('合计相差 50.50 元，1 项标准数额不一致')
    expect(
      differenceWording({ households: 1, amountDifferenceFen: null, amountColumns: 2, figures: 0, other: 0 }),
    ).toBe('1 户有差异，2 项合计金额不一致')
    expect(
      differenceWording({ households: 0, amountDifferenceFen: null, amountColumns: 0, figures: 0, other: 2 }),
    ).toBe('有 2 处合计不一致')
  })

  it('should give the badge the same wording', () => {
    const badge = badgeOf({
      status: 'inconsistent',
      verification: null,
      governmentRegionCode: '360999100000',
      discrepancyCount: 5,
      differences: summarizeDifferences(result),
    })
    expect(badge.label).toBe('2 户有差异，合计相差 50.00 元，乡镇核查中')
  })
})
