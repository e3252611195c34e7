import type { CallbackRejection } from '../clients/wechat-pay.callback'
import type { WechatPayClient } from '../clients/wechat-pay.client'
import type { PaymentSettlementService, SettlementRejection } from './payment-settlement.service'

/** What to answer WeChat Pay: 204 on success; otherwise a 4xx/5xx `{ code: 'FAIL', message }` (WeChat retries). */
export type CallbackOutcome =
  | { ok: true; booked: boolean; eventType: string }
  | {
      ok: false
      status: number
      reason: CallbackRejection | SettlementRejection | 'unexpected_event' | 'pay_not_configured'
      eventType?: string
    }

type Headers = Record<string, string | string[] | undefined>

/**
 * Handles WeChat Pay's payment and refund callbacks: verify (300 s window, key by Wechatpay-Serial, signature
 * over the raw body), decrypt (GCM tag checked), then settle idempotently. Anything that fails verification
 * changes nothing; SIGNTEST probes fail verification by design.
 */
export class PayCallbacksService {
  constructor(
    private readonly deps: {
      client: () => WechatPayClient | null
      settlement: PaymentSettlementService
    },
  ) {}

  private verified(headers: Headers, rawBody: string) {
    const client = this.deps.client()
    if (!client) return { ok: false as const, status: 503, reason: 'pay_not_configured' as const }
    const v = client.verifyCallback(headers, rawBody)
    if (!v.ok) return { ok: false as const, status: 401, reason: v.reason }
    return v
  }

  /** A TRANSACTION.SUCCESS callback. */
  async handlePayment(headers: Headers, rawBody: string): Promise<CallbackOutcome> {
    const v = this.verified(headers, rawBody)
    if (!v.ok) return v
    const { eventType, resource } = v.callback
    if (eventType !== 'TRANSACTION.SUCCESS')
      return { ok: false, status: 400, reason: 'unexpected_event', eventType }
    const result = await this.deps.settlement.confirmPayment(resource)
    return result.ok
      ? { ok: true, booked: result.booked, eventType }
      : { ok: false, status: 400, reason: result.reason, eventType }
  }

  /** A REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED callback. */
  async handleRefund(headers: Headers, rawBody: string): Promise<CallbackOutcome> {
    const v = this.verified(headers, rawBody)
    if (!v.ok) return v
    const { eventType, resource } = v.callback
    if (!eventType.startsWith('REFUND.'))
      return { ok: false, status: 400, reason: 'unexpected_event', eventType }
    const result = await this.deps.settlement.confirmRefund(resource)
    return result.ok
      ? { ok: true, booked: result.booked, eventType }
      : { ok: false, status: 400, reason: result.reason, eventType }
  }
}
