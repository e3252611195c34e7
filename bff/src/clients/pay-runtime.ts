import { ErrorCode } from '@cunwu/domain'
import { AppError, serviceUnavailable } from '../errors'
import type { WechatPayClient } from './wechat-pay.client'
import { WechatPayError } from './wechat-pay.client'

/** What the pay services need from WeChat Pay; null when no key material is configured (built by wechat-pay.setup). */
export interface PayRuntime {
  client: WechatPayClient
  /** Public base URL of this BFF; callbacks go to `${notifyBase}/api/v1/pay/notify` and `/refund-notify`. */
  notifyBase: string
  /** The payment clock: the simulator's in sim mode, so its clock controls reach expiry and signatures. */
  now: () => number
  /** Base URL of the simulator's H5 pay page; null against the real WeChat Pay. */
  h5PayBase: string | null
  /** Minutes an order stays payable. */
  orderTtlMinutes: number
}

/** The configured pay runtime, or 503 when WeChat Pay is not set up. */
export function requirePayRuntime(pay: () => PayRuntime | null): PayRuntime {
  const p = pay()
  if (!p) throw serviceUnavailable('微信支付暂未开通')
  return p
}

/** 502 for a WeChat Pay call that failed; the WeChat error code (never the message) goes into the details. */
export function payUnavailable(err: unknown): AppError {
  const detail = err instanceof WechatPayError ? `${err.code}` : 'error'
  return new AppError(502, ErrorCode.PayUnavailable, '微信支付暂时无法处理，请稍后再试', true, {
    wechat: detail,
  })
}
