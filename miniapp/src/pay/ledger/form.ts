// What 记一笔 holds while it is typed, and the checks before it is sent: the amount, the day as people type it and
// the texts' lengths, read as the BFF reads them.
import {
  LEDGER_CATEGORY_MAX,
  LEDGER_COUNTERPARTY_MAX,
  LEDGER_HANDLER_MAX,
  LEDGER_SUMMARY_MAX,
  LEDGER_VOUCHER_NO_MAX,
  LedgerDateSchema,
  type LedgerSection,
  type VoucherDto,
} from '@cunwu/domain'
import { firstTooLong } from '@/components/text-count'
import type { LedgerEntryInput } from '@/services/api/ledger'
import { parseYuanToFen } from '@/utils/money'
import { todayInChina } from '@/utils/period'

export const SECTIONS: LedgerSection[] = ['income', 'expense', 'assets', 'claims', 'debts']

export interface EntryForm {
  section: LedgerSection
  date: string
  amount: string
  summary: string
  category: string
  counterparty: string
  voucherNo: string
  handler: string
  vouchers: VoucherDto[]
}

export const emptyEntry = (): EntryForm => ({
  section: 'expense',
  date: todayInChina(),
  amount: '',
  summary: '',
  category: '',
  counterparty: '',
  voucherNo: '',
  handler: '',
  vouchers: [],
})

/** The entry to send, or what to fix first (in the order the form reads). */
export function readEntryForm(form: EntryForm): { error: string } | { entry: LedgerEntryInput } {
  const fen = parseYuanToFen(form.amount)
  if (fen === null || fen <= 0) return { error: '请写正确的金额，例如 120 或 35.50' }
  // The day as people type it (2026-6-1, 2026年6月1日), read and checked as the BFF does.
  const date = LedgerDateSchema.safeParse(form.date)
  if (!date.success) return { error: date.error.issues[0]?.message ?? '请检查日期' }
  if (form.summary.trim().length < 2) return { error: '请写摘要（至少 2 个字），例如 购买垃圾桶' }
  if (form.category.trim() === '') return { error: '请写科目，例如 公益事业支出' }
  const tooLong = firstTooLong([
    ['摘要', form.summary, LEDGER_SUMMARY_MAX],
    ['科目', form.category, LEDGER_CATEGORY_MAX],
    ['对方', form.counterparty, LEDGER_COUNTERPARTY_MAX],
    ['凭证号', form.voucherNo, LEDGER_VOUCHER_NO_MAX],
    ['经手人', form.handler, LEDGER_HANDLER_MAX],
  ])
  if (tooLong) return { error: tooLong }
  return {
    entry: {
      section: form.section,
      date: date.data,
      amountFen: fen,
      summary: form.summary.trim(),
      category: form.category.trim(),
      counterparty: form.counterparty.trim(),
      voucherNo: form.voucherNo.trim(),
      handler: form.handler.trim(),
      voucherFileIds: form.vouchers.map((v) => v.fileId),
    },
  }
}
