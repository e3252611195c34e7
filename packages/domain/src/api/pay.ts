import { z } from 'zod'
import { ObjectIdSchema } from './disclosures'
import { HouseholdNoSchema } from './memberships'

/**
 * Collective charges and WeChat Pay orders and refunds; the village ledger, monthly finance statements and the
 * daily reconciliation are in `./ledger`. Amounts are integers in fen (分) everywhere.
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

/** Refund states in the secretary's words. */
export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  processing: '退款中',
  succeeded: '已退回',
  abnormal: '退款异常',
  closed: '退款没有成功',
}
export type ChargeUnit = z.infer<typeof ChargeUnitSchema>

/** Longest texts of a charge and of a refund's reason (characters, as `textLength` counts them). */
export const CHARGE_TITLE_MAX = 40
export const CHARGE_DESCRIPTION_MAX = 500
export const CHARGE_UNIT_LABEL_MAX = 8
export const CHARGE_CATEGORY_MAX = 20
export const CHARGE_BASIS_MAX = 200
export const REFUND_REASON_MAX = 80

/** The decision a charge rests on (一事一议 resolution of the villagers' assembly, a fee schedule…). */
export const ChargeBasisSchema = z.object({
  /** The decision in words, e.g. 2026年3月村民代表会议决议（一事一议）. */
  text: z.string().trim().min(2, '请写明收费依据').max(CHARGE_BASIS_MAX),
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
  title: z
    .string()
    .trim()
    .min(2, '名称至少 2 个字')
    .max(CHARGE_TITLE_MAX, `名称最多 ${CHARGE_TITLE_MAX} 个字`),
  /** Plain explanation for villagers. @default '' */
  description: z.string().trim().max(CHARGE_DESCRIPTION_MAX).default(''),
  unit: ChargeUnitSchema,
  /** Amount per household or per item, in fen. */
  unitAmountFen: AmountFenSchema,
  /** What an item is (吨, 亩, 月) for per-item charges. @default '' */
  unitLabel: z.string().trim().max(CHARGE_UNIT_LABEL_MAX).default(''),
  /** Ledger category the payments are booked under, e.g. 一事一议筹资, 水费, 租金. */
  category: z.string().trim().min(2).max(CHARGE_CATEGORY_MAX),
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
  /** When WeChat Pay reported the outcome (succeeded, abnormal or closed); null while processing. */
  endedAt: z.string().nullable(),
})
export type RefundDto = z.infer<typeof RefundDtoSchema>

/** A charge with its payers and every refund applied for, newest first (abnormal ones need the secretary). */
export const ChargeDetailDtoSchema = ChargeDtoSchema.extend({
  payers: z.array(ChargePayerDtoSchema),
  refunds: z.array(RefundDtoSchema),
})
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
  /** Refunded to the household so far (refunds applied for or done); equal to amountFen when refunded in full. */
  refundedFen: z.number().int(),
  /** The due date has passed (China time); a share still unpaid can be paid late. */
  pastDue: z.boolean(),
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

/**
 * Body of `POST /api/v1/charges/:id/pay/check`: the household's page asks the server to check its order at WeChat
 * Pay (the payment notice may have been lost); answers the household's share as `MyChargeDto`.
 */
export const ChargePayCheckSchema = ChargePaySchema.pick({ householdNo: true })
export type ChargePayCheckReq = z.infer<typeof ChargePayCheckSchema>

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
  reason: z.string().trim().min(2, '请写明退款原因').max(REFUND_REASON_MAX),
})
export type RefundCreateReq = z.infer<typeof RefundCreateSchema>
