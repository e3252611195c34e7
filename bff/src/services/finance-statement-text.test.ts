import { describe, expect, it } from 'vitest'
import { bodyOf, titleOf } from './finance-statement-text'
import type { MonthIssue } from './finance-statement-text'

// The 财务公开 statement is read by villagers: its amounts and days are written as everywhere else in the app
// (`formatYuan`: 5,060.00; `chineseDate`: 2026年3月5日; the month by `periodLabel`: 2026年3月).

const issue = (over: Partial<MonthIssue>): MonthIssue => ({
  kind: 'missing',
  line: 'payment',
  outTradeNo: 'P360999100200000000000001',
  outRefundNo: null,
  billFen: null,
  ledgerFen: 123_456,
  attributed: true,
  note: '台账已入账，账单无此笔',
  date: '2026-03-05',
  ...over,
})

describe('the finance statement text', () => {
  it('should write totals, the open differences’ amounts and days as the app does', () => {
    const body = bodyOf('2026-03', { incomeFen: 506_000, expenseFen: 9_230_012 }, 0, [
      issue({}),
      issue({
        line: 'refund',
        ledgerFen: null,
        billFen: 30_000,
        date: '2026-03-17',
        note: '台账已记退款，账单无此笔',
      }),
    ])
    expect(body).toContain('2026年3月村集体收入合计 5,060.00 元，支出合计 92,300.12 元。')
    expect(body).toContain('- 2026年3月5日 一笔缴费 1,234.56 元：台账已入账，账单无此笔')
    expect(body).toContain('- 2026年3月17日 一笔退款 300.00 元：台账已记退款，账单无此笔')
    // No amount of four figures or more without its separator, no machine date.
    expect(body).not.toMatch(/\d{4}\.\d{2}/)
    expect(body).not.toMatch(/\d{4}-\d{2}/)
    expect(titleOf('2026-03', 'income')).toBe('2026年3月村集体收入明细')
  })

  it('should say a month without income or expense in words', () => {
    expect(bodyOf('2026-11', { incomeFen: 0, expenseFen: 0 }, 0, [])).toBe(
      '2026年11月村集体本月没有收入，本月没有支出。',
    )
  })
})
