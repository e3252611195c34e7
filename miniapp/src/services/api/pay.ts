import { z } from 'zod'
import Taro from '@tarojs/taro'
import {
  ChargeDetailDtoSchema,
  ChargeDtoSchema,
  ChargePayDtoSchema,
  MyChargeDtoSchema,
  RefundDtoSchema,
  type ChargeCreateSchema,
  type ChargeDetailDto,
  type ChargeDto,
  type ChargePayDto,
  type ChargePayReq,
  type MyChargeDto,
  type RefundCreateReq,
  type RefundDto,
} from '@cunwu/domain'
import { idempotencyHeaders } from '@/services/idempotency'
import { ApiError, request } from '@/services/request'
import { isH5 } from '@/utils/platform'

const enc = encodeURIComponent

/** What the secretary sends to define a charge (fields with server defaults may be left out). */
export type ChargeCreateInput = z.input<typeof ChargeCreateSchema>

const ChargesSchema = z.object({ charges: z.array(ChargeDtoSchema) })
const MyChargesSchema = z.object({ charges: z.array(MyChargeDtoSchema) })

/**
 * Defines a collective charge for households of the village roster (secretary only). `idempotencyKey`: the form's
 * key (services/idempotency.ts), so a retry after a lost answer bills no household twice.
 */
export function createCharge(
  villageCode: string,
  req: ChargeCreateInput,
  idempotencyKey?: string,
): Promise<ChargeDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/charges`, {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: ChargeDtoSchema,
  })
}

/** Lists a village's charges with how many households paid (village staff). */
export async function listCharges(villageCode: string): Promise<ChargeDto[]> {
  const { charges } = await request(`/api/v1/villages/${enc(villageCode)}/charges`, { schema: ChargesSchema })
  return charges
}

/** One charge with every paying household's status (village staff). */
export function getCharge(id: string): Promise<ChargeDetailDto> {
  return request(`/api/v1/charges/${enc(id)}`, { schema: ChargeDetailDtoSchema })
}

/** The charges the signed-in user's household (or a household they act for) has to pay. */
export async function listMyCharges(): Promise<MyChargeDto[]> {
  const { charges } = await request('/api/v1/me/charges', { schema: MyChargesSchema })
  return charges
}

/** Places (or reuses) the WeChat Pay order of one household's share; 409 already_paid when it is settled. */
export function startChargePayment(id: string, req: ChargePayReq = {}): Promise<ChargePayDto> {
  return request(`/api/v1/charges/${enc(id)}/pay`, { method: 'POST', body: req, schema: ChargePayDtoSchema })
}

/**
 * Has the server check the household's order at WeChat Pay (its payment notice may have been lost) and answers the
 * household's share as it stands after that check.
 */
export function checkChargePayment(id: string, householdNo?: string): Promise<MyChargeDto> {
  return request(`/api/v1/charges/${enc(id)}/pay/check`, {
    method: 'POST',
    body: householdNo ? { householdNo } : {},
    schema: MyChargeDtoSchema,
  })
}

/** Refunds a household's payment with a reason (secretary only); the ledger books it when WeChat confirms. */
export function refundCharge(id: string, req: RefundCreateReq): Promise<RefundDto> {
  return request(`/api/v1/charges/${enc(id)}/refunds`, {
    method: 'POST',
    body: req,
    schema: RefundDtoSchema,
  })
}

/**
 * How a payment attempt ended on this phone: `paid` (WeChat said so; the server still confirms by callback),
 * `cancelled` (the user closed the wallet), `redirected` (H5: the browser left for the pay page and comes back).
 */
export type PayOutcome = 'paid' | 'cancelled' | 'redirected'

/** Options of {@link payCharge}. */
export interface PayChargeOptions {
  /** Which household pays, when the user may pay for several. */
  householdNo?: string
  /** H5: the address the pay page sends the browser back to. */
  returnUrl?: string
  /** H5: how to leave for the pay page. @default window.location.assign */
  openUrl?: (url: string) => void
}

const MSG_NO_H5_PAY = '网页版不能付款，请在微信小程序里缴费'
const MSG_PAY_FAILED = '付款没有成功，请稍后再试'

// The one place where paying differs by platform: WeChat opens its wallet with wx.requestPayment; the browser
// build goes to the simulator's pay page (h5PayUrl) and comes back to `returnUrl`.
/** Starts paying one household's share of a charge, in the WeChat wallet or (H5) on the pay page. */
export async function payCharge(chargeId: string, options: PayChargeOptions = {}): Promise<PayOutcome> {
  const h5 = isH5()
  const order = await startChargePayment(chargeId, {
    ...(options.householdNo ? { householdNo: options.householdNo } : {}),
    ...(h5 && options.returnUrl ? { returnUrl: options.returnUrl } : {}),
  })
  if (h5) {
    if (!order.h5PayUrl) throw new ApiError(0, 'pay_unavailable', MSG_NO_H5_PAY)
    const open = options.openUrl ?? ((url: string) => window.location.assign(url))
    open(order.h5PayUrl)
    return 'redirected'
  }
  const { timeStamp, nonceStr, signType, paySign } = order.requestPayment
  try {
    await Taro.requestPayment({
      timeStamp,
      nonceStr,
      package: order.requestPayment.package,
      signType,
      paySign,
    })
    return 'paid'
  } catch (err) {
    const message = typeof err === 'object' && err !== null && 'errMsg' in err ? String(err.errMsg) : ''
    if (/cancel/i.test(message)) return 'cancelled'
    throw new ApiError(0, 'pay_failed', MSG_PAY_FAILED)
  }
}

/** Options of {@link waitUntilPaid}. */
export interface WaitOptions {
  /** @default 15 */
  attempts?: number
  /** @default 2000 */
  intervalMs?: number
  /** Stops waiting early (the page was closed). */
  cancelled?: () => boolean
}

/**
 * Has the server check the household's order until its share shows as paid: the server asks WeChat Pay itself, so
 * a payment whose notice was lost (or is late) shows within seconds. Answers the household's list as read after the
 * last check, whether or not the payment showed up in time.
 */
export async function waitUntilPaid(
  chargeId: string,
  householdNo: string | undefined,
  options: WaitOptions = {},
): Promise<{ paid: boolean; charges: MyChargeDto[] }> {
  const { attempts = 15, intervalMs = 2000, cancelled = () => false } = options
  for (let i = 0; i < attempts; i += 1) {
    const share = await checkChargePayment(chargeId, householdNo)
    if (share.status === 'paid') return { paid: true, charges: await listMyCharges() }
    if (cancelled() || i === attempts - 1) break
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  return { paid: false, charges: await listMyCharges() }
}

/** H5: the address the pay page sends the browser back to, opening `route` with its query. */
export function payReturnUrl(routeWithQuery: string): string {
  return `${window.location.origin}${window.location.pathname}#${routeWithQuery}`
}

/** What the pay page reported on the way back (H5). */
export type PayReturn = 'ok' | 'cancel' | 'fail'

/**
 * H5: reads the `result` the pay page put on the return address and takes it off again, so reloading the page
 * later does not announce the same payment twice; null in WeChat or when the page was opened otherwise.
 */
export function takePayReturn(): PayReturn | null {
  if (!isH5()) return null
  const params = new URLSearchParams(window.location.search)
  const result = params.get('result')
  if (result !== 'ok' && result !== 'cancel' && result !== 'fail') return null
  params.delete('result')
  params.delete('out_trade_no')
  const search = params.toString()
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`,
  )
  return result
}
