import type { ChartSpec, DisclosureCreateReq, LedgerSection } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Models } from '../models'
import type { LedgerEntry } from '../models/LedgerEntry.model'
import type { User } from '../models/User.model'
import type { Actor } from './audit.service'
import type { DisclosuresService } from './disclosures.service'
import { statementTextOf } from './ledger.service'
import type { LedgerService } from './ledger.service'
import type { ReconciliationService } from './reconciliation.service'

/** The catalog items the monthly statement is drafted into, by ledger section. */
export const FINANCE_ITEMS: Partial<Record<LedgerSection, string>> = {
  income: 'village-finance.income',
  expense: 'village-finance.expense',
}

/** The drafted statement. */
export interface FinanceStatement {
  month: string
  incomeFen: number
  expenseFen: number
  disclosures: { section: LedgerSection; disclosureId: string; rows: number }[]
  openReconciliationIssues: number
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
}

function rowOf(e: LedgerEntry): Record<string, string | number | null> {
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
function chartOf(entries: readonly LedgerEntry[], title: string): ChartSpec {
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
 * Month end: drafts the village finance statement (收入明细 and 支出明细) from the ledger as disclosures through
 * the disclosures service, ready for the normal review and publish flow. Open reconciliation differences are
 * listed in the body, so what is disclosed says where it does not yet agree with WeChat Pay's bills.
 */
export class FinanceStatementsService {
  constructor(
    private readonly deps: {
      models: Models
      ledger: LedgerService
      reconciliation: ReconciliationService
      disclosures: () => DisclosuresService
    },
  ) {}

  /** Drafts the month's statement; a month already drafted gives the disclosures service's 409. */
  async draft(villageCode: string, month: string, user: User, actor: Actor): Promise<FinanceStatement> {
    const entries = await this.deps.ledger.monthEntries(villageCode, month)
    const income = entries.filter((e) => e.section === 'income')
    const expense = entries.filter((e) => e.section === 'expense')
    if (income.length === 0 && expense.length === 0) {
      throw new AppError(422, ErrorCode.UnprocessableEntity, `${monthLabel(month)}台账没有收支记录`)
    }
    const issues = await this.deps.reconciliation.openReconciliationIssues(villageCode, month)
    const incomeFen = income.reduce((s, e) => s + e.amountFen, 0)
    const expenseFen = expense.reduce((s, e) => s + e.amountFen, 0)
    const issueText = issues.length
      ? `\n\n对账提示：本月与微信支付账单有 ${issues.length} 处不一致，正在核查：\n${issues
          .slice(0, 20)
          .map(
            (d) =>
              `- ${d.date} 订单 ${d.outTradeNo}${d.outRefundNo ? ` 退款 ${d.outRefundNo}` : ''}：${d.note}`,
          )
          .join('\n')}`
      : ''
    const summary = `${monthLabel(month)}村集体收入合计 ${yuan(incomeFen)} 元，支出合计 ${yuan(expenseFen)} 元。`
    const qa = [
      {
        q: '这些数字从哪里来？',
        a: '来自村集体台账：微信缴费和退款自动入账，其他收支由村会计凭凭证录入。',
      },
      {
        q: '和微信支付的账对得上吗？',
        a: issues.length
          ? `本月有 ${issues.length} 处正在核查，见正文“对账提示”。`
          : '本月每日已与微信支付账单核对，没有发现不一致。',
      },
    ]
    const plans: { section: LedgerSection; entries: LedgerEntry[]; title: string }[] = [
      { section: 'income', entries: income, title: `${monthLabel(month)}村集体收入明细` },
      { section: 'expense', entries: expense, title: `${monthLabel(month)}村集体支出明细` },
    ]
    const present = plans.filter((p) => p.entries.length > 0)
    // Sections already drafted go first, so a repeated request fails before anything new is written.
    const existing = await Promise.all(
      present.map((p) =>
        this.deps.models.Disclosure.exists({
          seriesKey: `${villageCode}|${FINANCE_ITEMS[p.section] ?? ''}|${month}`,
        }),
      ),
    )
    const ordered = present
      .map((p, i) => ({ p, exists: Boolean(existing[i]) }))
      .sort((a, b) => Number(b.exists) - Number(a.exists))
    const disclosures: FinanceStatement['disclosures'] = []
    for (const { p } of ordered) {
      const catalogItemId = FINANCE_ITEMS[p.section]
      if (!catalogItemId) continue
      const req: DisclosureCreateReq = {
        catalogItemId,
        period: month,
        title: p.title,
        body: summary + issueText,
        interpretation: {
          qa,
          chart: chartOf(p.entries, p.section === 'income' ? '收入按类别（元）' : '支出按类别（元）'),
        },
        rows: p.entries.map(rowOf),
      }
      const d = await this.deps.disclosures().create(villageCode, req, user, actor)
      disclosures.push({ section: p.section, disclosureId: d._id.toHexString(), rows: p.entries.length })
    }
    return { month, incomeFen, expenseFen, disclosures, openReconciliationIssues: issues.length }
  }
}
