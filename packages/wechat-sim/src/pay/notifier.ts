import type { KeyObject } from 'node:crypto'
import type { SimClock } from '../clock'
import { toRfc3339Cst } from '../clock'
import { randomDigits, randomHex } from '../util'
import { encryptResource, responseMessage, rsaSign } from './crypto'

/** The documented retry schedule after a failed delivery, in seconds (15 retries, 24h4m in total). */
export const NOTIFY_RETRY_SCHEDULE_S = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
]

/** Ways to spoil a callback so tests can check the BFF rejects it. */
export type NotifyTamper =
  /** `Wechatpay-Signature: WECHATPAY/SIGNTEST/…`, the platform's verification probe. */
  | 'signtest'
  /** A signature over a different body. */
  | 'bad_signature'
  /** A valid signature over a resource whose GCM tag is corrupted. */
  | 'bad_tag'
  /** Correctly signed, but with a timestamp an hour old. */
  | 'stale_timestamp'
  /** A `Wechatpay-Serial` that names no known key. */
  | 'wrong_serial'

/** How a notification is delivered. */
export interface DeliveryOptions {
  /** Extra identical copies sent after (or with) the first delivery. @default 0 */
  duplicates?: number
  /** Send the first delivery and its duplicates concurrently. @default false */
  parallel?: boolean
  tamper?: NotifyTamper
  /** Whether to retry failures on the documented schedule. @default true (false for tampered probes) */
  retry?: boolean
}

/** One HTTP delivery attempt. */
export interface DeliveryAttempt {
  at: number
  /** HTTP status of the merchant's answer; undefined on a network error or timeout. */
  status?: number
  error?: string
  responseBody?: string
  duplicate: boolean
}

/** A notification event and what happened to its deliveries. */
export interface NotificationRecord {
  id: string
  eventType: string
  notifyUrl: string
  outTradeNo?: string
  outRefundNo?: string
  tamper?: NotifyTamper
  /** The plaintext resource (what the BFF should decrypt). */
  resource: Record<string, unknown>
  /** The exact JSON body posted. */
  body: string
  attempts: DeliveryAttempt[]
  /** delivered: a 200/204 answer; failed: retries exhausted (or a probe was answered anything). */
  state: 'pending' | 'delivered' | 'failed'
}

/** Signing identity for callbacks: which key and which Wechatpay-Serial. */
export interface NotifySigner {
  serial: string
  key: KeyObject
}

/** Posts encrypted, signed callbacks to notify_url with retries, duplicates and tampering. */
export class Notifier {
  private readonly records: NotificationRecord[] = []
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private inFlight = 0
  private stopped = false

  constructor(
    private readonly opts: {
      clock: SimClock
      apiV3Key: string
      signer: () => NotifySigner
      timeScale: number
      timeoutMs: number
      schedule: number[]
    },
  ) {}

  /** All notifications so far. */
  list(): NotificationRecord[] {
    return this.records
  }

  /** Whether deliveries are in flight or retries are scheduled. */
  busy(): boolean {
    return this.inFlight > 0 || this.timers.size > 0
  }

  /** Cancels scheduled retries (on simulator stop). */
  stop(): void {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  /** Creates a notification event and starts delivering it. */
  notify(event: {
    notifyUrl: string
    eventType: string
    summary: string
    originalType: 'transaction' | 'refund'
    resource: Record<string, unknown>
    outTradeNo?: string
    outRefundNo?: string
    options?: DeliveryOptions
  }): NotificationRecord {
    const options = event.options ?? {}
    const encrypted = encryptResource(this.opts.apiV3Key, JSON.stringify(event.resource), event.originalType)
    if (options.tamper === 'bad_tag') {
      const raw = Buffer.from(encrypted.ciphertext, 'base64')
      const last = raw.length - 1
      raw[last] = (raw[last] ?? 0) ^ 0xff
      encrypted.ciphertext = raw.toString('base64')
    }
    const body = JSON.stringify({
      id: `EV-${randomDigits(20)}`,
      create_time: toRfc3339Cst(this.opts.clock.now()),
      resource_type: 'encrypt-resource',
      event_type: event.eventType,
      summary: event.summary,
      resource: { original_type: event.originalType, ...encrypted },
    })
    const record: NotificationRecord = {
      id: `N${this.records.length + 1}`,
      eventType: event.eventType,
      notifyUrl: event.notifyUrl,
      resource: event.resource,
      body,
      attempts: [],
      state: 'pending',
    }
    if (event.outTradeNo !== undefined) record.outTradeNo = event.outTradeNo
    if (event.outRefundNo !== undefined) record.outRefundNo = event.outRefundNo
    if (options.tamper !== undefined) record.tamper = options.tamper
    this.records.push(record)
    const retry = options.retry ?? options.tamper === undefined
    void this.firstDelivery(record, options, retry)
    return record
  }

  private async firstDelivery(
    record: NotificationRecord,
    options: DeliveryOptions,
    retry: boolean,
  ): Promise<void> {
    const copies = options.duplicates ?? 0
    if (options.parallel) {
      const results = await Promise.all([
        this.attempt(record, false),
        ...Array.from({ length: copies }, () => this.attempt(record, true)),
      ])
      this.afterAttempt(record, results[0] ?? false, 0, retry)
      return
    }
    const ok = await this.attempt(record, false)
    for (let i = 0; i < copies; i++) await this.attempt(record, true)
    this.afterAttempt(record, ok, 0, retry)
  }

  private afterAttempt(record: NotificationRecord, ok: boolean, retriesDone: number, retry: boolean): void {
    if (ok) {
      record.state = 'delivered'
      return
    }
    const wait = this.opts.schedule[retriesDone]
    if (!retry || wait === undefined || this.stopped) {
      record.state = 'failed'
      return
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(timer)
        void this.attempt(record, false).then((success) =>
          this.afterAttempt(record, success, retriesDone + 1, retry),
        )
      },
      wait * 1000 * this.opts.timeScale,
    )
    this.timers.add(timer)
  }

  private headers(record: NotificationRecord): Record<string, string> {
    const signer = this.opts.signer()
    const now = Math.floor(this.opts.clock.now() / 1000)
    const timestamp = String(record.tamper === 'stale_timestamp' ? now - 3600 : now)
    const nonce = randomHex(16)
    let signature = rsaSign(responseMessage(timestamp, nonce, record.body), signer.key)
    if (record.tamper === 'signtest')
      signature = `WECHATPAY/SIGNTEST/${Buffer.from(randomHex(32)).toString('base64')}`
    if (record.tamper === 'bad_signature')
      signature = rsaSign(responseMessage(timestamp, nonce, `${record.body} `), signer.key)
    return {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/4.0',
      'request-id': `08${randomHex(12).toUpperCase()}-0`,
      'wechatpay-nonce': nonce,
      'wechatpay-serial':
        record.tamper === 'wrong_serial' ? 'PUB_KEY_ID_0000000000000000000000000000000000' : signer.serial,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      'wechatpay-timestamp': timestamp,
    }
  }

  private async attempt(record: NotificationRecord, duplicate: boolean): Promise<boolean> {
    const attempt: DeliveryAttempt = { at: this.opts.clock.now(), duplicate }
    record.attempts.push(attempt)
    this.inFlight += 1
    try {
      const res = await fetch(record.notifyUrl, {
        method: 'POST',
        headers: this.headers(record),
        body: record.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      })
      attempt.status = res.status
      attempt.responseBody = await res.text()
      return res.status === 200 || res.status === 204
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err)
      return false
    } finally {
      this.inFlight -= 1
    }
  }
}
