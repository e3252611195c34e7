import type { LedgerEntryDto } from '@cunwu/domain'
import {
  differenceText,
  ledgerChart,
  ledgerTotals,
  parseHouseholdList,
  shiftMonth,
} from '../../src/pay/summary'

function entry(section: LedgerEntryDto['section'], category: string, amountFen: number): LedgerEntryDto {
  return {
    id: `${section}-${category}-${amountFen}`,
    villageCode: '360999001001',
    section,
    date: '2026-06-01',
    amountFen,
    summary: '摘要',
    category,
    counterparty: '',
    voucherNo: '',
    voucherFileIds: [],
    handler: '',
    remark: '',
    source: 'manual',
    sourceRef: '',
    decisionId: null,
    reversalOf: null,
    reversedBy: null,
    createdAt: '2026-06-01T00:00:00.000Z',
  }
}

describe('pay helpers', () => {
  it('should read household numbers, ranges and separators as the roster writes them', () => {
    expect(parseHouseholdList('001-005')).toEqual({ ok: true, numbers: ['001', '002', '003', '004', '005'] })
    expect(parseHouseholdList('1，3、3 12')).toEqual({ ok: true, numbers: ['001', '003', '012'] })
    expect(parseHouseholdList('0098~0100')).toEqual({ ok: true, numbers: ['0098', '0099', '0100'] })
    expect(parseHouseholdList('001 五户')).toEqual({ ok: false, bad: '五户' })
    expect(parseHouseholdList('005-001')).toEqual({ ok: false, bad: '005-001' })
  })

  it('should total income and expense by category and leave balances out of the chart', () => {
    const totals = ledgerTotals([
      entry('income', '租金', 5000),
      entry('income', '一事一议筹资', 3000),
      entry('income', '租金', 1000),
      entry('expense', '办公费', 700),
      entry('assets', '固定资产', 999_999),
    ])
    expect(totals).toEqual({
      incomeFen: 9000,
      expenseFen: 700,
      categories: [
        { section: 'income', category: '租金', amountFen: 6000 },
        { section: 'income', category: '一事一议筹资', amountFen: 3000 },
        { section: 'expense', category: '办公费', amountFen: 700 },
      ],
    })
    expect(ledgerChart(totals, '6月')?.series).toEqual([
      { label: '收·租金', value: 6000 },
      { label: '收·一事一议筹资', value: 3000 },
      { label: '支·办公费', value: 700 },
    ])
    expect(ledgerChart(ledgerTotals([]), '6月')).toBeNull()
  })

  it('should step months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
  })

  it('should describe reconciliation differences in plain words', () => {
    const base = {
      line: 'payment' as const,
      outTradeNo: 'CW1',
      outRefundNo: null,
      attributed: true,
      note: '',
    }
    expect(differenceText({ ...base, kind: 'amount', billFen: 2000, ledgerFen: 3000 })).toEqual({
      title: '这笔收款金额对不上',
      detail: '订单号 CW1，微信 20.00 元，本村记 30.00 元',
    })
    expect(differenceText({ ...base, kind: 'missing', billFen: null, ledgerFen: 3000 }).title).toBe(
      '本村记了这笔收款，微信账单里没有',
    )
    expect(
      differenceText({
        ...base,
        kind: 'extra',
        line: 'refund',
        outRefundNo: 'RF1',
        billFen: 5,
        ledgerFen: null,
        attributed: false,
      }),
    ).toEqual({
      title: '微信账单里有这笔退款，本村没有记录（可能不是本村的）',
      detail: '退款单号 RF1，微信 0.05 元',
    })
  })
})
