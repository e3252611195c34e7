// Pure helpers of the pay pages: totals and charts of ledger entries, household numbers as typed.
import {
  LEDGER_SECTION_LABELS,
  type ChartSpec,
  type LedgerEntryDto,
  type LedgerSection,
  type ReconciliationDifference,
} from '@cunwu/domain'
import { formatYuan } from '@/utils/money'

/** The four groups the ledger page shows, in the order of the village finance disclosure. */
export const LEDGER_GROUPS: {
  key: 'income' | 'expense' | 'assets' | 'claimsDebts'
  label: string
  sections: LedgerSection[]
}[] = [
  { key: 'income', label: LEDGER_SECTION_LABELS.income, sections: ['income'] },
  { key: 'expense', label: LEDGER_SECTION_LABELS.expense, sections: ['expense'] },
  { key: 'assets', label: LEDGER_SECTION_LABELS.assets, sections: ['assets'] },
  { key: 'claimsDebts', label: '债权债务', sections: ['claims', 'debts'] },
]

/** Sums of one month's entries: income, expense and each category of both. */
export interface LedgerTotals {
  incomeFen: number
  expenseFen: number
  /** Income and expense by category, biggest first within each section. */
  categories: { section: 'income' | 'expense'; category: string; amountFen: number }[]
}

/** Adds up income and expense, overall and by category (assets, claims and debts are balances, not flows). */
export function ledgerTotals(entries: LedgerEntryDto[]): LedgerTotals {
  const sums = new Map<string, { section: 'income' | 'expense'; category: string; amountFen: number }>()
  let incomeFen = 0
  let expenseFen = 0
  for (const e of entries) {
    if (e.section !== 'income' && e.section !== 'expense') continue
    if (e.section === 'income') incomeFen += e.amountFen
    else expenseFen += e.amountFen
    const key = `${e.section}|${e.category}`
    const sum = sums.get(key) ?? { section: e.section, category: e.category, amountFen: 0 }
    sum.amountFen += e.amountFen
    sums.set(key, sum)
  }
  const categories = [...sums.values()].sort((a, b) =>
    a.section === b.section ? b.amountFen - a.amountFen : a.section === 'income' ? -1 : 1,
  )
  return { incomeFen, expenseFen, categories }
}

// The chart component allows 24 bars with labels of at most 20 characters.
const MAX_BARS = 24
const MAX_LABEL = 20

/** A bar chart of income and expense by category (labels say which is which), or null with nothing to draw. */
export function ledgerChart(totals: LedgerTotals, title: string): ChartSpec | null {
  if (totals.categories.length === 0) return null
  return {
    kind: 'bar',
    title,
    unit: 'fen',
    series: totals.categories.slice(0, MAX_BARS).map((c) => ({
      label: `${c.section === 'income' ? '收' : '支'}·${c.category}`.slice(0, MAX_LABEL),
      value: c.amountFen,
    })),
  }
}

/**
 * Reads household numbers as a secretary types them: "001 002 005", "1,2,3" or ranges "001-005" (also
 * 001~005, 001至005). Numbers keep the width of the longest typed form (3 digits at least, like the roster).
 * Answers the numbers in order without repeats, or the first piece that is not a number or range.
 */
export function parseHouseholdList(
  text: string,
): { ok: true; numbers: string[] } | { ok: false; bad: string } {
  const pieces = text
    .split(/[\s,，、;；]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  const numbers: string[] = []
  for (const piece of pieces) {
    const range = /^(\d{1,6})\s*[-~～至到]\s*(\d{1,6})$/.exec(piece)
    const single = /^\d{1,6}$/.exec(piece)
    if (range) {
      const [, from = '', to = ''] = range
      const width = Math.max(3, from.length, to.length)
      const a = Number(from)
      const b = Number(to)
      if (b < a || b - a > 2000) return { ok: false, bad: piece }
      for (let n = a; n <= b; n += 1) numbers.push(String(n).padStart(width, '0'))
    } else if (single) {
      numbers.push(piece.padStart(Math.max(3, piece.length), '0'))
    } else {
      return { ok: false, bad: piece }
    }
  }
  return { ok: true, numbers: [...new Set(numbers)] }
}

/** The month before or after a YYYY-MM month. */
export function shiftMonth(month: string, delta: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + delta
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

const yuan = (fen: number | null) => (fen === null ? '—' : `${formatYuan(fen)} 元`)

/** One difference in plain words: what is where, and the two amounts side by side. */
export function differenceText(d: ReconciliationDifference): { title: string; detail: string } {
  const what = d.line === 'refund' ? '退款' : '收款'
  const no = d.line === 'refund' && d.outRefundNo ? `退款单号 ${d.outRefundNo}` : `订单号 ${d.outTradeNo}`
  if (d.kind === 'missing')
    return { title: `本村记了这笔${what}，微信账单里没有`, detail: `${no}，本村记 ${yuan(d.ledgerFen)}` }
  if (d.kind === 'extra')
    return {
      title: `微信账单里有这笔${what}，本村没有记录${d.attributed ? '' : '（可能不是本村的）'}`,
      detail: `${no}，微信 ${yuan(d.billFen)}`,
    }
  return {
    title: `这笔${what}金额对不上`,
    detail: `${no}，微信 ${yuan(d.billFen)}，本村记 ${yuan(d.ledgerFen)}`,
  }
}
