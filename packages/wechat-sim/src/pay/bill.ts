import { toCstDateTime } from '../clock'

/** One payment or refund as it appears in a trade bill. */
export interface BillLine {
  kind: 'SUCCESS' | 'REFUND'
  /** Payment success time, or refund success time for refund lines. */
  time: number
  appid: string
  mchid: string
  transactionId: string
  outTradeNo: string
  openid: string
  description: string
  attach: string
  /** Order amount in fen. */
  totalFen: number
  refundId?: string
  outRefundNo?: string
  refundFen?: number
}

/** A deliberate difference between the bill and the simulator's true records, for reconciliation tests. */
export type BillDifference =
  /** The payment line of this order is left out. */
  | { kind: 'missing'; outTradeNo: string; billDate?: string }
  /** An extra payment line for an order the merchant never created. */
  | { kind: 'extra'; billDate: string; amountFen: number; outTradeNo?: string }
  /** The payment line shows another amount. */
  | { kind: 'amount'; outTradeNo: string; amountFen: number; billDate?: string }

/** Trade bill types accepted by /v3/bill/tradebill. */
export const BILL_TYPES = [
  'ALL',
  'SUCCESS',
  'REFUND',
  'RECHARGE_REFUND',
  'ALL_SPECIAL',
  'SUC_SPECIAL',
  'REF_SPECIAL',
]

const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注'
const ALL_SUMMARY =
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额'
const SUCCESS_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注'
const SUCCESS_SUMMARY = '总交易单数,应结订单总金额,手续费总金额,订单总金额'
const REFUND_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注'
const REFUND_SUMMARY = ALL_SUMMARY

/** Fen to 元 with two decimals. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Service fee in fen at a rate (e.g. 0.006), rounded half up, as WeChat Pay charges per transaction. */
export function feeFen(amountFen: number, rate: number): number {
  return Math.round(amountFen * rate)
}

// Every field carries a leading backtick so spreadsheets keep long numbers as text.
const row = (fields: string[]): string => fields.map((f) => `\`${f}`).join(',')

/** Renders a trade bill CSV (detail header, details, summary header, summary), CRLF line ends. */
export function renderTradeBill(lines: BillLine[], billType: string, feeRate: number): string {
  const rate = `${(feeRate * 100).toFixed(2)}%`
  const type = billType.startsWith('SUC')
    ? 'SUCCESS'
    : billType.startsWith('REF') || billType === 'RECHARGE_REFUND'
      ? 'REFUND'
      : 'ALL'
  const chosen = lines
    .filter((l) => type === 'ALL' || l.kind === type)
    .sort((a, b) => a.time - b.time || a.outTradeNo.localeCompare(b.outTradeNo))
  let settled = 0
  let refunded = 0
  let fees = 0
  let ordered = 0
  let applied = 0
  const details = chosen.map((l) => {
    const isRefund = l.kind === 'REFUND'
    const refund = l.refundFen ?? 0
    const fee = isRefund ? -feeFen(refund, feeRate) : feeFen(l.totalFen, feeRate)
    const settle = isRefund ? 0 : l.totalFen
    settled += settle
    refunded += isRefund ? refund : 0
    fees += fee
    ordered += isRefund ? 0 : l.totalFen
    applied += isRefund ? refund : 0
    const head = [
      toCstDateTime(l.time),
      l.appid,
      l.mchid,
      '0',
      '',
      l.transactionId,
      l.outTradeNo,
      l.openid,
      'JSAPI',
    ]
    const state = isRefund ? 'REFUND' : 'SUCCESS'
    const money = ['OTHERS', 'CNY', yuan(settle), '0.00']
    if (type === 'SUCCESS') {
      return row([...head, state, ...money, l.description, l.attach, yuan(fee), rate, yuan(l.totalFen), ''])
    }
    const refundCols = isRefund
      ? [l.refundId ?? '', l.outRefundNo ?? '', yuan(refund), '0.00', 'ORIGINAL', 'SUCCESS']
      : ['0', '0', '0.00', '0.00', '', '']
    const tail = [l.description, l.attach, yuan(fee), rate, yuan(isRefund ? 0 : l.totalFen), yuan(refund), '']
    if (type === 'REFUND') {
      const times = [toCstDateTime(l.time), toCstDateTime(l.time)]
      return row([...head, state, ...money, ...times, ...refundCols, ...tail])
    }
    return row([...head, state, ...money, ...refundCols, ...tail])
  })
  const header = type === 'SUCCESS' ? SUCCESS_HEADER : type === 'REFUND' ? REFUND_HEADER : ALL_HEADER
  const summaryHeader =
    type === 'SUCCESS' ? SUCCESS_SUMMARY : type === 'REFUND' ? REFUND_SUMMARY : ALL_SUMMARY
  const summary =
    type === 'SUCCESS'
      ? row([String(chosen.length), yuan(settled), yuan(fees), yuan(ordered)])
      : row([
          String(chosen.length),
          yuan(settled),
          yuan(refunded),
          '0.00',
          yuan(fees),
          yuan(ordered),
          yuan(applied),
        ])
  return [header, ...details, summaryHeader, summary].join('\r\n') + '\r\n'
}
