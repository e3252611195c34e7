import { z } from 'zod'
import { ObjectIdSchema } from './disclosures'
import { VillageParamsSchema } from './memberships'
import { TypedDateSchema } from '../text/dates'
import { AmountFenSchema, DateOnlySchema, MonthSchema } from './pay'

/**
 * The village ledger, the monthly finance statement drafted from it and the daily reconciliation against WeChat
 * Pay's trade bill (docs/wechat-pay.md). Amounts are integers in fen (分).
 */
/**
 * The earliest day the ledger takes, as decisions' meetings (`EARLIEST_MEETING_DATE`): an earlier year is a typing
 * slip. The latest is today (China time), checked by the BFF against its clock (422 `date_in_future`).
 */
export const EARLIEST_LEDGER_DATE = '2000-01-01'

/**
 * A ledger date: a day from 2000 on, read as every typed date is (`TypedDateSchema`: 2026-12-7, ２０２６-１２-０７,
 * 2026年12月7日, 2026/12/7) and stored as YYYY-MM-DD. Charges' due dates keep `DateOnlySchema`.
 */
export const LedgerDateSchema = TypedDateSchema.refine(
  (d) => d >= EARLIEST_LEDGER_DATE,
  '记账日期不能早于 2000 年，请核对',
)

/** A statement month, from 2000 on; a month not yet ended is refused by the BFF (422 `month_not_ended`). */
export const StatementMonthSchema = MonthSchema.refine(
  (m) => m >= EARLIEST_LEDGER_DATE.slice(0, 7),
  '月份不能早于 2000 年，请核对',
)

// ---------------------------------------------------------------- ledger

/** Sections of the village finance disclosure: 收入, 支出, 资产, 债权, 债务. */
export const LedgerSectionSchema = z.enum(['income', 'expense', 'assets', 'claims', 'debts'])
/**
 * payment / refund: booked by the pay callbacks; manual / import: by the secretary; reversal: a correction (冲销)
 * of a manual or imported entry, its amount the original's negated, dated on the original's day.
 */
export const LedgerSourceSchema = z.enum(['payment', 'refund', 'manual', 'import', 'reversal'])
export type LedgerSource = z.infer<typeof LedgerSourceSchema>
export type LedgerSection = z.infer<typeof LedgerSectionSchema>

/** Section labels. */
export const LEDGER_SECTION_LABELS: Record<LedgerSection, string> = {
  income: '收入',
  expense: '支出',
  assets: '资产',
  claims: '债权',
  debts: '债务',
}

/** Longest texts of a ledger entry, a reversal's reason and a statement's change note (characters). */
export const LEDGER_SUMMARY_MAX = 80
export const LEDGER_CATEGORY_MAX = 20
export const LEDGER_COUNTERPARTY_MAX = 40
export const LEDGER_VOUCHER_NO_MAX = 30
export const LEDGER_HANDLER_MAX = 20
export const LEDGER_REVERSE_REASON_MAX = 80
export const FINANCE_STATEMENT_CHANGE_NOTE_MAX = 200

/** Body of `POST /api/v1/villages/:code/ledger`: an entry typed in by the secretary. */
export const LedgerEntryCreateSchema = z.object({
  section: LedgerSectionSchema,
  date: LedgerDateSchema,
  amountFen: AmountFenSchema,
  summary: z.string().trim().min(2, '摘要至少 2 个字').max(LEDGER_SUMMARY_MAX),
  category: z.string().trim().min(1).max(LEDGER_CATEGORY_MAX),
  /** Who paid or was paid (付款/收款单位或个人), or the asset, debtor or creditor. @default '' */
  counterparty: z.string().trim().max(LEDGER_COUNTERPARTY_MAX).default(''),
  /** Paper voucher number (凭证号). @default '' */
  voucherNo: z.string().trim().max(LEDGER_VOUCHER_NO_MAX).default(''),
  /** Scanned vouchers, uploaded with `POST /api/v1/villages/:code/ledger/vouchers`. @default [] */
  voucherFileIds: z.array(ObjectIdSchema).max(10).default([]),
  /** Who handled it (经手人), for expenses. @default '' */
  handler: z.string().trim().max(LEDGER_HANDLER_MAX).default(''),
  remark: z.string().trim().max(200).default(''),
  /** A passed 四议两公开 decision of the village the entry is booked against (money spent on it). @default null */
  decisionId: ObjectIdSchema.nullable().default(null),
})
export type LedgerEntryCreateReq = z.infer<typeof LedgerEntryCreateSchema>

/**
 * Body of `POST /api/v1/villages/:code/ledger/import`: many entries at once, all or none (a row that cannot be
 * booked refuses the whole batch, 422 `ledger_rows_invalid` naming the rows); repeating a batch adds nothing, and
 * a batch id sent again with other entries is refused (422 `idempotency_key_reused`).
 */
export const LedgerImportSchema = z.object({
  /** Client-chosen id of this import (a file hash, say): the same batch imported twice is booked once. */
  batchId: z.string().regex(/^[0-9A-Za-z_-]{6,64}$/, '批次号应为 6 到 64 位字母、数字'),
  entries: z.array(LedgerEntryCreateSchema).min(1).max(2000),
})
export type LedgerImportReq = z.infer<typeof LedgerImportSchema>

/** Query of `GET /api/v1/villages/:code/ledger`. */
export const LedgerListQuerySchema = z.object({
  month: MonthSchema.optional(),
  section: LedgerSectionSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
})

/** Answer of `POST /api/v1/villages/:code/ledger/import`. */
export const LedgerImportDtoSchema = z.object({
  created: z.number().int(),
  /** Rows of this batch booked before (the same batch sent again). */
  skipped: z.number().int(),
  /** Plain Chinese notes for the secretary, e.g. a month whose statement is already public. */
  warnings: z.array(z.string()),
})
export type LedgerImportDto = z.infer<typeof LedgerImportDtoSchema>

/** Path of one ledger entry. */
export const LedgerEntryParamsSchema = VillageParamsSchema.extend({ id: ObjectIdSchema })

/** Body of `POST /api/v1/villages/:code/ledger/:id/reverse`: a correction (冲销) of a wrong entry. */
export const LedgerReverseSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(2, '请写明冲销原因')
    .max(LEDGER_REVERSE_REASON_MAX, `冲销原因最多 ${LEDGER_REVERSE_REASON_MAX} 个字`),
})
export type LedgerReverseReq = z.infer<typeof LedgerReverseSchema>

/** One ledger entry. */
export const LedgerEntryDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  section: LedgerSectionSchema,
  date: z.string(),
  /** Negative only on a reversal (冲销), which nets out the entry it reverses. */
  amountFen: z.number().int(),
  summary: z.string(),
  category: z.string(),
  counterparty: z.string(),
  voucherNo: z.string(),
  voucherFileIds: z.array(z.string()),
  handler: z.string(),
  remark: z.string(),
  source: LedgerSourceSchema,
  sourceRef: z.string(),
  decisionId: z.string().nullable(),
  /** On a reversal: the entry it reverses. */
  reversalOf: z.string().nullable(),
  /** On a reversed entry (已冲销): the reversal, its reason and when it was booked. */
  reversedBy: z.object({ entryId: z.string(), reason: z.string(), createdAt: z.string() }).nullable(),
  createdAt: z.string(),
})
export type LedgerEntryDto = z.infer<typeof LedgerEntryDtoSchema>

/** Answer of booking an entry or a reversal: the entry, and a note when its month's statement is already public. */
export const LedgerEntryBookedDtoSchema = LedgerEntryDtoSchema.extend({
  /** E.g. 2026年11月的财务公开已经发布，这笔账记入后…; null when nothing needs saying. */
  warning: z.string().nullable(),
})
export type LedgerEntryBookedDto = z.infer<typeof LedgerEntryBookedDtoSchema>

/** A voucher file stored for ledger entries. */
export const VoucherDtoSchema = z.object({ fileId: z.string(), filename: z.string(), size: z.number().int() })
export type VoucherDto = z.infer<typeof VoucherDtoSchema>

// ---------------------------------------------------------------- finance statement

/**
 * Body of `POST /api/v1/villages/:code/finance-statements`. A month whose statement is public is drafted again as
 * a new version of the same series (更正版), which needs a change note.
 */
export const FinanceStatementCreateSchema = z.object({
  month: StatementMonthSchema,
  /** Why the public statement is corrected (更正说明); required when the month's statement is public. */
  changeNote: z
    .string()
    .trim()
    .min(2, '更正说明至少 2 个字')
    .max(FINANCE_STATEMENT_CHANGE_NOTE_MAX, `更正说明最多 ${FINANCE_STATEMENT_CHANGE_NOTE_MAX} 个字`)
    .optional(),
})
export type FinanceStatementCreateReq = z.infer<typeof FinanceStatementCreateSchema>

/** Answer of `POST /api/v1/villages/:code/finance-statements`: the drafted disclosures. */
export const FinanceStatementDtoSchema = z.object({
  month: z.string(),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  /** Drafts created, one per section with entries (income, expense). */
  disclosures: z.array(
    z.object({ section: LedgerSectionSchema, disclosureId: z.string(), rows: z.number().int() }),
  ),
  /** Reconciliation differences of the month still open, listed in the disclosure's body. */
  openReconciliationIssues: z.number().int(),
})
export type FinanceStatementDto = z.infer<typeof FinanceStatementDtoSchema>

/** Path of `GET /api/v1/villages/:code/finance-statements/:month`. */
export const FinanceStatementParamsSchema = VillageParamsSchema.extend({ month: StatementMonthSchema })

/** Where a month's statement stands, per section, against the ledger as it is now. */
export const FinanceStatementStatusDtoSchema = z.object({
  month: z.string(),
  /** Whether the month has ended (China time); a statement is drafted only then. */
  ended: z.boolean(),
  sections: z.array(
    z.object({
      section: LedgerSectionSchema,
      /** The series' newest version. */
      disclosureId: z.string(),
      version: z.number().int(),
      status: z.string(),
      /** The series' newest public (published) version, when there is one. */
      publishedId: z.string().nullable(),
      /** The ledger's lines for the month no longer match the public version's table (账目在公开后又有变动). */
      ledgerChanged: z.boolean(),
      /** The month's open reconciliation differences changed since the public version was drafted. */
      reconciliationChanged: z.boolean(),
    }),
  ),
  /** Sections with entries in the ledger but no statement yet. */
  undrafted: z.array(LedgerSectionSchema),
  /** Whether drafting a corrected version is offered (a public version differs from the ledger now). */
  correctionDue: z.boolean(),
})
export type FinanceStatementStatusDto = z.infer<typeof FinanceStatementStatusDtoSchema>

// ---------------------------------------------------------------- reconciliation

/**
 * Body of `POST /api/v1/villages/:code/reconciliations`. Only a day whose trade bill WeChat Pay has out: from 10:00
 * (China time) of the next day (422 `bill_not_ready` before, and for today or later), within the three months it
 * keeps bills (422 `bill_expired`).
 */
export const ReconciliationCreateSchema = z.object({ date: DateOnlySchema })
export type ReconciliationCreateReq = z.infer<typeof ReconciliationCreateSchema>

/** Query of `GET /api/v1/villages/:code/reconciliations`. */
export const ReconciliationListQuerySchema = z.object({
  month: MonthSchema.optional(),
  limit: z.coerce.number().int().min(1).max(400).default(62),
})

/** missing: we booked it, the bill lacks it; extra: on the bill, not in our records; amount: both, other amounts. */
export const ReconciliationDifferenceKindSchema = z.enum(['missing', 'extra', 'amount'])
/** Which kind of bill line a difference is about. */
export const ReconciliationLineSchema = z.enum(['payment', 'refund'])
/** matched: no difference; differences: see the list; no_bill: WeChat has no bill (no trade that day). */
export const ReconciliationStatusSchema = z.enum(['matched', 'differences', 'no_bill'])

/** One difference between the trade bill and our records. */
export const ReconciliationDifferenceSchema = z.object({
  kind: ReconciliationDifferenceKindSchema,
  line: ReconciliationLineSchema,
  outTradeNo: z.string(),
  outRefundNo: z.string().nullable(),
  billFen: z.number().int().nullable(),
  ledgerFen: z.number().int().nullable(),
  /** Whether the line could be tied to this village (by order number or attach); false for a stranger's line. */
  attributed: z.boolean(),
  note: z.string(),
})
export type ReconciliationDifference = z.infer<typeof ReconciliationDifferenceSchema>

/** A stored reconciliation report for one village and one bill date. */
export const ReconciliationDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  date: z.string(),
  status: ReconciliationStatusSchema,
  billHash: z.string().nullable(),
  billLines: z.number().int(),
  matchedLines: z.number().int(),
  billIncomeFen: z.number().int(),
  billRefundFen: z.number().int(),
  differences: z.array(ReconciliationDifferenceSchema),
  runAt: z.string(),
  runs: z.number().int(),
})
export type ReconciliationDto = z.infer<typeof ReconciliationDtoSchema>

/**
 * Bill lines of one day no village can be matched to (neither our order number nor a village code in attach): the
 * merchant's, reported once for the admin (`GET /api/v1/reconciliations/unattributed`), not in any village's report.
 */
export const UnattributedBillLinesDtoSchema = z.object({
  date: z.string(),
  billHash: z.string().nullable(),
  differences: z.array(ReconciliationDifferenceSchema),
  runAt: z.string(),
})
export type UnattributedBillLinesDto = z.infer<typeof UnattributedBillLinesDtoSchema>
