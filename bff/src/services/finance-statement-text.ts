import type { ChartSpec, LedgerSection, ReconciliationDifference } from '@cunwu/domain'
import { chineseDate, formatYuan, periodLabel } from '@cunwu/domain'
import type { LedgerEntry } from '../models/LedgerEntry.model'
import { statementTextOf } from './ledger.service'

/** A reconciliation difference of the month, with its day. */
export type MonthIssue = ReconciliationDifference & { date: string }

/**
 * The lines a statement lists: a reversed entry and its reversal (冲销) net to nothing and are left out (the
 * statement's amounts are never negative); `reversedPairs` counts them for the body.
 */
export function statementLines(entries: readonly LedgerEntry[]): {
  lines: LedgerEntry[]
  reversedPairs: number
} {
  const reversed = new Set(
    entries.filter((e) => e.source === 'reversal').map((e) => e.reversalOf?.toHexString() ?? ''),
  )
  const lines = entries.filter((e) => e.source !== 'reversal' && !reversed.has(e._id.toHexString()))
  return { lines, reversedPairs: entries.filter((e) => e.source === 'reversal').length }
}

/** One row of the statement's table. */
export function rowOf(e: LedgerEntry): Record<string, string | number | null> {
  // No 户号 and no full WeChat Pay transaction id, even from lines booked before that rule (statementTextOf).
  const { summary, remark } = statementTextOf(e)
  const common = {
    date: e.date,
    voucher_no: e.voucherNo || null,
    summary,
    category: e.category || null,
    amount: e.amountFen,
    remark: remark || null,
  }
  return e.section === 'income'
    ? { ...common, payer: e.counterparty || null }
    : { ...common, payee: e.counterparty || null, handler: e.handler || null }
}

/** Sums by category, largest first, for the chart (at most 24 bars, the rest as 其他). */
export function chartOf(entries: readonly LedgerEntry[], title: string): ChartSpec | null {
  // A month with nothing in the section has nothing to draw (a chart holds at least one bar).
  if (entries.length === 0) return null
  const sums = new Map<string, number>()
  for (const e of entries) sums.set(e.category, (sums.get(e.category) ?? 0) + e.amountFen)
  const sorted = [...sums].sort((a, b) => b[1] - a[1])
  const head = sorted.slice(0, 23).map(([label, value]) => ({ label: label.slice(0, 20), value }))
  const rest = sorted.slice(23).reduce((s, [, v]) => s + v, 0)
  return {
    kind: 'bar',
    title,
    unit: 'fen',
    series: rest > 0 ? [...head, { label: '其他', value: rest }] : head,
  }
}

/**
 * The 对账提示 block of the body: each open difference by its day, kind and amount, never by order or refund
 * number (those are the merchant's references, not for the public); empty when there is none. Days and amounts
 * are written as the app writes them (`chineseDate`: 2026年3月5日, `formatYuan`: 5,060.00).
 */
export function issueTextOf(issues: readonly MonthIssue[]): string {
  if (issues.length === 0) return ''
  const lines = issues.slice(0, 20).map((d) => {
    const fen = d.ledgerFen ?? d.billFen ?? 0
    return `- ${chineseDate(d.date)} 一笔${d.line === 'refund' ? '退款' : '缴费'} ${formatYuan(fen)} 元：${d.note}`
  })
  const more = issues.length > 20 ? `\n- 另有 ${issues.length - 20} 处` : ''
  return `\n\n对账提示：本月与微信支付账单有 ${issues.length} 处不一致，正在核查：\n${lines.join('\n')}${more}`
}

/** The statement's body: the month's totals, the reversals left out, and the open reconciliation differences. */
export function bodyOf(
  month: string,
  totals: { incomeFen: number; expenseFen: number },
  reversedPairs: number,
  issues: readonly MonthIssue[],
): string {
  const reversed =
    reversedPairs > 0 ? `本月有 ${reversedPairs} 笔记错的账已冲销（更正），冲销的和被冲销的都不再列出。` : ''
  // A month with no income or no expense says so (本月无支出 is a statement too: it is published all the same).
  const income = totals.incomeFen > 0 ? `收入合计 ${formatYuan(totals.incomeFen)} 元` : '本月没有收入'
  const expense = totals.expenseFen > 0 ? `支出合计 ${formatYuan(totals.expenseFen)} 元` : '本月没有支出'
  return `${periodLabel(month)}村集体${income}，${expense}。${reversed}${issueTextOf(issues)}`
}

/** The questions and answers the statement carries. */
export function qaOf(issues: number): { q: string; a: string }[] {
  return [
    {
      q: '这些数字从哪里来？',
      a: '来自村集体台账：微信缴费和退款自动入账，其他收支由村会计凭凭证录入。',
    },
    {
      q: '和微信支付的账对得上吗？',
      a: issues
        ? `本月有 ${issues} 处正在核查，见正文“对账提示”。`
        : '本月每日已与微信支付账单核对，没有发现不一致。',
    },
  ]
}

/** The statement's title of a section. */
export function titleOf(month: string, section: LedgerSection): string {
  return `${periodLabel(month)}村集体${section === 'income' ? '收入' : '支出'}明细`
}
