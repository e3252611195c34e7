import { z } from 'zod'
import { ObjectIdSchema } from './disclosures'
import { HouseholdNoSchema } from './memberships'

/**
 * Collective charges, WeChat Pay orders, the village ledger, monthly finance statements and the daily
 * reconciliation against WeChat Pay's trade bill. Amounts are integers in fen (分) everywhere.
 */

/** A calendar date, YYYY-MM-DD (China Standard Time). */
export const DateOnlySchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期应写成 2026-03-05 这样')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    '日期无效',
  )

/** A month, YYYY-MM. */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写成 2026-03 这样')

/** A positive amount in fen, at most 1,000,000 元 (a village charge or ledger line never exceeds it). */
export const AmountFenSchema = z
  .number({ error: '金额应为整数（单位：分）' })
  .int('金额应为整数（单位：分）')
  .min(1, '金额必须大于 0')
  .max(100_000_000, '金额过大')

// ---------------------------------------------------------------- charges

/** How a charge's amount is counted: per household, or per item (ton of water, mu of land…) times a quantity. */
export const ChargeUnitSchema = z.enum(['household', 'item'])
/** open: payers can pay; closed: no more payments. */
export const ChargeStatusSchema = z.enum(['open', 'closed'])
export type ChargeStatus = z.infer<typeof ChargeStatusSchema>
/** Where a refund stands at WeChat Pay (its PROCESSING, SUCCESS, ABNORMAL, CLOSED). */
export const RefundStatusSchema = z.enum(['processing', 'succeeded', 'abnormal', 'closed'])
export type RefundStatus = z.infer<typeof RefundStatusSchema>
export type ChargeUnit = z.infer<typeof ChargeUnitSchema>

/** The decision a charge rests on (一事一议 resolution of the villagers' assembly, a fee schedule…). */
export const ChargeBasisSchema = z.object({
  /** The decision in words, e.g. 2026年3月村民代表会议决议（一事一议）. */
  text: z.string().trim().min(2, '请写明收费依据').max(200),
  /** The disclosure that published the decision, when there is one. @default null */
  disclosureId: ObjectIdSchema.nullable().default(null),
})

/** One paying household of a charge. */
export const ChargePayerInputSchema = z.object({
  householdNo: HouseholdNoSchema,
  /** Items for per-item charges (tons, mu, months). @default 1 */
  quantity: z.number().int().min(1).max(100_000).default(1),
})

/** Body of `POST /api/v1/villages/:code/charges`: a secretary defines a collective charge. */
export const ChargeCreateSchema = z.object({
  title: z.string().trim().min(2, '名称至少 2 个字').max(40, '名称最多 40 个字'),
  /** Plain explanation for villagers. @default '' */
  description: z.string().trim().max(500).default(''),
  unit: ChargeUnitSchema,
  /** Amount per household or per item, in fen. */
  unitAmountFen: AmountFenSchema,
  /** What an item is (吨, 亩, 月) for per-item charges. @default '' */
  unitLabel: z.string().trim().max(8).default(''),
  /** Ledger category the payments are booked under, e.g. 一事一议筹资, 水费, 租金. */
  category: z.string().trim().min(2).max(20),
  /** Paying households; omit (with allHouseholds) to charge every household on the roster. */
  payers: z.array(ChargePayerInputSchema).max(5000).default([]),
  /** Charge every household on the village roster (quantity 1). @default false */
  allHouseholds: z.boolean().default(false),
  dueDate: DateOnlySchema,
  basis: ChargeBasisSchema,
  /**
   * The 四议两公开 decision that authorised the charge (docs/decisions.md): of the same village and passed. Its
   * payments are booked against it, and the decision page shows the money. @default null
   */
  decisionId: ObjectIdSchema.nullable().default(null),
})
export type ChargeCreateReq = z.infer<typeof ChargeCreateSchema>

/** Path of charge routes. */
export const ChargeParamsSchema = z.object({ id: ObjectIdSchema })

/** Where a household stands with a charge. */
export const PayerStatusSchema = z.enum(['unpaid', 'pending', 'paid', 'refunded'])
export type PayerStatus = z.infer<typeof PayerStatusSchema>

/** Labels for villagers. */
export const PAYER_STATUS_LABELS: Record<PayerStatus, string> = {
  unpaid: '未缴',
  pending: '待支付',
  paid: '已缴',
  refunded: '已退款',
}

/** A charge as staff see it in lists. */
export const ChargeDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  title: z.string(),
  description: z.string(),
  unit: ChargeUnitSchema,
  unitAmountFen: z.number().int(),
  unitLabel: z.string(),
  category: z.string(),
  dueDate: z.string(),
  basis: z.object({ text: z.string(), disclosureId: z.string().nullable() }),
  /** The decision that authorised the charge, when one is linked. */
  decisionId: z.string().nullable(),
  status: ChargeStatusSchema,
  payerCount: z.number().int(),
  paidCount: z.number().int(),
  /** Sum of the charge's amounts over all payers. */
  dueFen: z.number().int(),
  /** Received, net of refunds. */
  receivedFen: z.number().int(),
  createdAt: z.string(),
})
export type ChargeDto = z.infer<typeof ChargeDtoSchema>

/** One payer line of a charge, for the secretary. */
export const ChargePayerDtoSchema = z.object({
  householdNo: z.string(),
  headName: z.string(),
  quantity: z.number().int(),
  amountFen: z.number().int(),
  status: PayerStatusSchema,
  paidAt: z.string().nullable(),
  refundedFen: z.number().int(),
})
export type ChargePayerDto = z.infer<typeof ChargePayerDtoSchema>

/** A charge with its payers. */
export const ChargeDetailDtoSchema = ChargeDtoSchema.extend({ payers: z.array(ChargePayerDtoSchema) })
export type ChargeDetailDto = z.infer<typeof ChargeDetailDtoSchema>

/** A charge as the paying household sees it (`GET /api/v1/me/charges`). */
export const MyChargeDtoSchema = z.object({
  chargeId: z.string(),
  villageCode: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  householdNo: z.string(),
  quantity: z.number().int(),
  unitLabel: z.string(),
  amountFen: z.number().int(),
  dueDate: z.string(),
  basis: z.object({ text: z.string(), disclosureId: z.string().nullable() }),
  status: PayerStatusSchema,
  paidAt: z.string().nullable(),
})
export type MyChargeDto = z.infer<typeof MyChargeDtoSchema>

/** Body of `POST /api/v1/charges/:id/pay`. */
export const ChargePaySchema = z.object({
  /** Which household pays, when the user may pay for several (member and proxy). @default the user's own */
  householdNo: HouseholdNoSchema.optional(),
  /** H5 build: where the simulator's pay page sends the browser back to. */
  returnUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
})
export type ChargePayReq = z.infer<typeof ChargePaySchema>

/** The parameters of `wx.requestPayment` (signType RSA, paySign over appId, timeStamp, nonceStr, package). */
export const RequestPaymentParamsSchema = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
})
export type RequestPaymentParams = z.infer<typeof RequestPaymentParamsSchema>

/** Answer of `POST /api/v1/charges/:id/pay`. */
export const ChargePayDtoSchema = z.object({
  outTradeNo: z.string(),
  amountFen: z.number().int(),
  /** The order stops being payable at this time (ISO 8601). */
  expiresAt: z.string(),
  /** For the mini-program: pass to `wx.requestPayment`. */
  requestPayment: RequestPaymentParamsSchema,
  /** For the H5 build: the simulator's pay page; null against the real WeChat Pay. */
  h5PayUrl: z.string().nullable(),
})
export type ChargePayDto = z.infer<typeof ChargePayDtoSchema>

/** Body of `POST /api/v1/charges/:id/refunds`: the secretary refunds a household's payment. */
export const RefundCreateSchema = z.object({
  householdNo: HouseholdNoSchema,
  /** Part of the payment to refund. @default the whole remaining amount */
  amountFen: AmountFenSchema.optional(),
  reason: z.string().trim().min(2, '请写明退款原因').max(80),
})
export type RefundCreateReq = z.infer<typeof RefundCreateSchema>

/** A refund. */
export const RefundDtoSchema = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  chargeId: z.string(),
  householdNo: z.string(),
  amountFen: z.number().int(),
  reason: z.string(),
  status: RefundStatusSchema,
  createdAt: z.string(),
})
export type RefundDto = z.infer<typeof RefundDtoSchema>

// ---------------------------------------------------------------- ledger

/** Sections of the village finance disclosure: 收入, 支出, 资产, 债权, 债务. */
export const LedgerSectionSchema = z.enum(['income', 'expense', 'assets', 'claims', 'debts'])
/** payment / refund: booked by the pay callbacks; manual / import: by the secretary. */
export const LedgerSourceSchema = z.enum(['payment', 'refund', 'manual', 'import'])
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

/** Body of `POST /api/v1/villages/:code/ledger`: an entry typed in by the secretary. */
export const LedgerEntryCreateSchema = z.object({
  section: LedgerSectionSchema,
  date: DateOnlySchema,
  amountFen: AmountFenSchema,
  summary: z.string().trim().min(2, '摘要至少 2 个字').max(80),
  category: z.string().trim().min(1).max(20),
  /** Who paid or was paid (付款/收款单位或个人), or the asset, debtor or creditor. @default '' */
  counterparty: z.string().trim().max(40).default(''),
  /** Paper voucher number (凭证号). @default '' */
  voucherNo: z.string().trim().max(30).default(''),
  /** Scanned vouchers, uploaded with `POST /api/v1/villages/:code/ledger/vouchers`. @default [] */
  voucherFileIds: z.array(ObjectIdSchema).max(10).default([]),
  /** Who handled it (经手人), for expenses. @default '' */
  handler: z.string().trim().max(20).default(''),
  remark: z.string().trim().max(200).default(''),
  /** A passed 四议两公开 decision of the village the entry is booked against (money spent on it). @default null */
  decisionId: ObjectIdSchema.nullable().default(null),
})
export type LedgerEntryCreateReq = z.infer<typeof LedgerEntryCreateSchema>

/** Body of `POST /api/v1/villages/:code/ledger/import`: many entries at once; repeating a batch id adds nothing. */
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

/** One ledger entry. */
export const LedgerEntryDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  section: LedgerSectionSchema,
  date: z.string(),
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
  createdAt: z.string(),
})
export type LedgerEntryDto = z.infer<typeof LedgerEntryDtoSchema>

/** A voucher file stored for ledger entries. */
export const VoucherDtoSchema = z.object({ fileId: z.string(), filename: z.string(), size: z.number().int() })
export type VoucherDto = z.infer<typeof VoucherDtoSchema>

// ---------------------------------------------------------------- finance statement

/** Body of `POST /api/v1/villages/:code/finance-statements`. */
export const FinanceStatementCreateSchema = z.object({ month: MonthSchema })
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

// ---------------------------------------------------------------- reconciliation

/** Body of `POST /api/v1/villages/:code/reconciliations`. */
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
