import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  verify,
  X509Certificate,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Pay from 'wechatpay-node-v3'
import { shanghaiDateTimeOf } from '@cunwu/domain'
import type { IPayRequest, Output } from 'wechatpay-node-v3/dist/define'

/**
 * WeChat Pay v3 (直连商户, JSAPI) for the BFF. wechatpay-node-v3 2.2.1 signs requests and computes paySign;
 * everything it gets wrong or lacks is done here (reference/wechat-apis.md §6): the host is hard-coded, so a
 * custom transport rewrites it to a configurable base URL; responses are verified (the library never does);
 * callbacks are verified within a 300 s window with the key named by `Wechatpay-Serial` (certificate serial or
 * PUB_KEY_ID_…), and decrypted with AES-256-GCM whose tag is checked (the library's decipher_gcm skips it).
 */

const REAL_HOST = 'https://api.mch.weixin.qq.com'
/** Largest accepted distance between a signed timestamp and our clock (what the official SDKs use). */
export const SIGNATURE_WINDOW_SECONDS = 300

/** Key material of the merchant and of WeChat Pay's side. Secrets: never log this object. */
export interface WechatPayKeys {
  appid: string
  mchid: string
  /** Merchant API certificate serial (any case). */
  merchantSerial: string
  merchantPrivateKeyPem: string
  /** The 32-byte APIv3 key. */
  apiV3Key: string
  /** Verifying keys by `Wechatpay-Serial`: platform certificate serials and/or a PUB_KEY_ID_…, to public key PEMs. */
  platformKeys: Record<string, string>
  /** Sent as `Wechatpay-Serial` on every request, so responses are signed with that key (needed during a key switch). */
  requestSerial: string | null
}

/** A JSAPI order to place. */
export interface JsapiOrderInput {
  outTradeNo: string
  description: string
  amountFen: number
  openid: string
  notifyUrl: string
  /** When the order stops being payable. */
  expiresAt: Date
  /** Echoed in the callback, query and trade bill. */
  attach: string
}

/** The `wx.requestPayment` parameters for a placed order. */
export interface RequestPayment {
  appId: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA'
  paySign: string
}

/** WeChat Pay's Transaction (query answer and decrypted payment callback), the fields we use. */
export interface PayTransaction {
  appid?: string
  mchid?: string
  out_trade_no?: string
  transaction_id?: string
  trade_state?: string
  success_time?: string
  attach?: string
  payer?: { openid?: string }
  amount?: { total?: number; payer_total?: number; currency?: string }
}

/** WeChat Pay's Refund (API answer and decrypted refund callback), the fields we use. */
export interface PayRefund {
  mchid?: string
  out_trade_no?: string
  out_refund_no?: string
  refund_id?: string
  transaction_id?: string
  /** In the API answer. */
  status?: string
  /** In the refund callback. */
  refund_status?: string
  success_time?: string
  amount?: { total?: number; refund?: number }
}

/** A verified, decrypted callback. */
export interface VerifiedCallback {
  id: string
  eventType: string
  serial: string
  resourceType: string
  resource: Record<string, unknown>
}

/** Why a callback was refused (logged; the answer to WeChat is a FAIL). */
export type CallbackRejection =
  | 'missing_headers'
  | 'signtest_probe'
  | 'stale_timestamp'
  | 'unknown_serial'
  | 'bad_signature'
  | 'bad_body'
  | 'decrypt_failed'

/** An error answer from WeChat Pay or a transport failure (status 0), with WeChat's code. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'WechatPayError'
  }
}

/** Reads a PEM given inline or as a file path (config values may be either). */
export function pemFrom(value: string): string {
  return value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : readFileSync(value, 'utf8')
}

/** The serial of an X.509 certificate PEM in upper-case hex, as WeChat Pay shows it. */
export function certificateSerial(pem: string): string {
  return new X509Certificate(pem).serialNumber.toUpperCase()
}

/** Public key PEM of a certificate or public key PEM. */
export function publicKeyPemOf(pem: string): string {
  const key = pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
  return key.export({ type: 'spki', format: 'pem' }).toString()
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : null
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** AES-256-GCM decryption of a WeChat Pay resource; throws when the tag (or key, nonce, AAD) does not check. */
export function decryptResource(
  apiV3Key: string,
  resource: { ciphertext: string; nonce: string; associated_data: string },
): string {
  const raw = Buffer.from(resource.ciphertext, 'base64')
  if (raw.length <= 16) throw new Error('ciphertext too short')
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  )
  decipher.setAuthTag(raw.subarray(raw.length - 16))
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'))
  // final() is what authenticates: without it a forged ciphertext decrypts to garbage unnoticed.
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8')
}

/** Verifies WeChat Pay signatures (responses and callbacks) with keys chosen by `Wechatpay-Serial`. */
export function createSignatureVerifier(platformKeys: Record<string, string>, now: () => number) {
  const keys = new Map<string, KeyObject>()
  for (const [serial, pem] of Object.entries(platformKeys))
    keys.set(normaliseSerial(serial), createPublicKey(pem))
  return function check(
    h: { timestamp: string; nonce: string; serial: string; signature: string },
    body: string,
  ): CallbackRejection | null {
    if (!h.timestamp || !h.nonce || !h.serial || !h.signature) return 'missing_headers'
    if (h.signature.startsWith('WECHATPAY/SIGNTEST')) return 'signtest_probe'
    const ts = Number(h.timestamp)
    if (!/^\d{1,12}$/.test(h.timestamp) || Math.abs(now() / 1000 - ts) > SIGNATURE_WINDOW_SECONDS)
      return 'stale_timestamp'
    const key = keys.get(normaliseSerial(h.serial))
    if (!key) return 'unknown_serial'
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${h.timestamp}\n${h.nonce}\n${body}\n`, 'utf8'),
      key,
      Buffer.from(h.signature, 'base64'),
    )
    return ok ? null : 'bad_signature'
  }
}

function normaliseSerial(serial: string): string {
  // Certificate serials are hex and compared case-insensitively; PUB_KEY_ID_… is kept as it is.
  return serial.startsWith('PUB_KEY_ID_') ? serial : serial.toUpperCase()
}

/** The library's class with request timestamps from our clock (the simulator's clock in sim mode). */
class ClockedPay extends Pay {
  constructor(
    keys: WechatPayKeys,
    private readonly now: () => number,
  ) {
    const privateKey = Buffer.from(keys.merchantPrivateKeyPem)
    // The library insists on a "public key" even when the serial is given; derive it from the private key.
    const publicKey = Buffer.from(
      createPublicKey(createPrivateKey(keys.merchantPrivateKeyPem)).export({ type: 'spki', format: 'pem' }),
    )
    super({
      appid: keys.appid,
      mchid: keys.mchid,
      publicKey,
      privateKey,
      serial_no: keys.merchantSerial,
      key: keys.apiV3Key,
      userAgent: 'cunwu-bff',
    })
  }

  protected override buildAuthorization(
    method: string,
    url: string,
    params?: Record<string, unknown>,
  ): string {
    const nonce = Math.random().toString(36).slice(2, 17)
    const timestamp = String(Math.floor(this.now() / 1000))
    const signature = this.getSignature(method, nonce, timestamp, url.replace(REAL_HOST, ''), params)
    return this.getAuthorization(nonce, timestamp, signature)
  }
}

/** The WeChat Pay operations the BFF uses. */
export interface WechatPayClient {
  readonly appid: string
  readonly mchid: string
  /** Places (or repeats, with identical parameters) a JSAPI order; returns the prepay id and the paySign parameters. */
  jsapiOrder(input: JsapiOrderInput): Promise<{ prepayId: string; requestPayment: RequestPayment }>
  /** The order as WeChat Pay sees it; null when WeChat Pay does not know it. */
  queryOrder(outTradeNo: string): Promise<PayTransaction | null>
  /** Closes an unpaid order (204). WeChat's ORDERPAID comes back as a WechatPayError. */
  closeOrder(outTradeNo: string): Promise<void>
  /** Applies for a refund (idempotent per outRefundNo). */
  refund(input: {
    outTradeNo: string
    outRefundNo: string
    reason: string
    refundFen: number
    totalFen: number
    notifyUrl: string
  }): Promise<PayRefund>
  /** The refund as WeChat Pay sees it; null when unknown. */
  queryRefund(outRefundNo: string): Promise<PayRefund | null>
  /** Applies for and downloads the ALL trade bill of a date, checking its SHA1; null when there is no bill. */
  tradeBill(date: string): Promise<{ csv: string; hash: string } | null>
  /** Verifies and decrypts a callback from its headers and exact raw body. */
  verifyCallback(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): { ok: true; callback: VerifiedCallback } | { ok: false; reason: CallbackRejection }
}

function errorOf(out: Output, what: string): WechatPayError {
  const body = asRecord(out.error)
  return new WechatPayError(
    out.status,
    str(body?.code) || 'UNKNOWN',
    `${what}: ${str(body?.message) || `HTTP ${out.status}`}`,
  )
}

/** Builds the WeChat Pay client over a base URL (the real host or the simulator) and the key material. */
export function createWechatPayClient(opts: {
  baseUrl: string
  keys: WechatPayKeys
  now?: () => number
  timeoutMs?: number
}): WechatPayClient {
  const now = opts.now ?? Date.now
  const keys = opts.keys
  const base = opts.baseUrl.replace(/\/+$/, '')
  const checkSignature = createSignatureVerifier(keys.platformKeys, now)
  const pay = new ClockedPay(keys, now)

  async function send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Output> {
    const target = url.startsWith(REAL_HOST) ? base + url.slice(REAL_HOST.length) : url
    const path = new URL(target).pathname
    const sent: Record<string, string> = { ...headers }
    if (keys.requestSerial) sent['Wechatpay-Serial'] = keys.requestSerial
    let res: Response
    try {
      res = await fetch(target, {
        method,
        headers: sent,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      })
    } catch (err) {
      throw new WechatPayError(
        0,
        'NETWORK_ERROR',
        `WeChat Pay unreachable: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
    const bytes = Buffer.from(await res.arrayBuffer())
    const text = bytes.toString('utf8')
    // Bill downloads are the one unsigned answer; their SHA1 is checked instead.
    if (path !== '/v3/billdownload/file') {
      const rejection = checkSignature(
        {
          timestamp: res.headers.get('wechatpay-timestamp') ?? '',
          nonce: res.headers.get('wechatpay-nonce') ?? '',
          serial: res.headers.get('wechatpay-serial') ?? '',
          signature: res.headers.get('wechatpay-signature') ?? '',
        },
        text,
      )
      if (rejection)
        throw new WechatPayError(
          res.status,
          'RESPONSE_SIGNATURE_INVALID',
          `WeChat Pay answer failed verification (${rejection})`,
        )
    }
    const isJson = (res.headers.get('content-type') ?? '').includes('json')
    let parsed: unknown = bytes
    if (isJson && bytes.length > 0) {
      try {
        parsed = JSON.parse(text)
      } catch {
        throw new WechatPayError(res.status, 'BAD_RESPONSE', 'WeChat Pay answered malformed JSON')
      }
    }
    return res.ok ? { status: res.status, data: parsed } : { status: res.status, error: parsed }
  }

  const transport: IPayRequest = {
    post: (url: string, params: Record<string, unknown>, headers: Record<string, string>) =>
      send('POST', url, headers, JSON.stringify(params)),
    get: (url: string, headers: Record<string, string>) => send('GET', url, headers),
    upload: async () => ({ status: 501 }),
  }
  pay.createHttp(transport)

  return {
    appid: keys.appid,
    mchid: keys.mchid,

    async jsapiOrder(input) {
      const out = await pay.transactions_jsapi({
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl,
        time_expire: rfc3339Cst(input.expiresAt),
        attach: input.attach,
        amount: { total: input.amountFen, currency: 'CNY' },
        payer: { openid: input.openid },
      })
      const data = asRecord(out.data)
      if (out.status !== 200 || !data) throw errorOf(out, 'jsapi order')
      const pkg = str(data.package)
      const prepayId = pkg.replace(/^prepay_id=/, '')
      if (!prepayId) throw new WechatPayError(out.status, 'BAD_RESPONSE', 'jsapi order: no prepay_id')
      return {
        prepayId,
        requestPayment: {
          appId: str(data.appId),
          timeStamp: str(data.timeStamp),
          nonceStr: str(data.nonceStr),
          package: pkg,
          signType: 'RSA',
          paySign: str(data.paySign),
        },
      }
    },

    async queryOrder(outTradeNo) {
      const out = await pay.query({ out_trade_no: outTradeNo })
      if (out.status === 404) return null
      const data = asRecord(out.data)
      if (out.status !== 200 || !data) throw errorOf(out, 'query order')
      return data
    },

    async closeOrder(outTradeNo) {
      const out = await pay.close(outTradeNo)
      if (out.status !== 204 && out.status !== 200) throw errorOf(out, 'close order')
    },

    async refund(input) {
      const out = await pay.refunds({
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      })
      const data = asRecord(out.data)
      if (out.status !== 200 || !data) throw errorOf(out, 'refund')
      return data
    },

    async queryRefund(outRefundNo) {
      const out = await pay.find_refunds(outRefundNo)
      if (out.status === 404) return null
      const data = asRecord(out.data)
      if (out.status !== 200 || !data) throw errorOf(out, 'query refund')
      return data
    },

    async tradeBill(date) {
      const applied = await pay.tradebill({ bill_date: date, bill_type: 'ALL' })
      if (applied.status === 400 && str(asRecord(applied.error)?.code) === 'NO_STATEMENT_EXIST') return null
      const meta = asRecord(applied.data)
      if (applied.status !== 200 || !meta) throw errorOf(applied, 'trade bill')
      const url = str(meta.download_url)
      const expected = str(meta.hash_value).toLowerCase()
      if (!url || str(meta.hash_type).toUpperCase() !== 'SHA1' || !expected)
        throw new WechatPayError(200, 'BAD_RESPONSE', 'trade bill: no download url or hash')
      const file = await pay.downloadBill(url)
      if (file.status !== 200 || !Buffer.isBuffer(file.data)) throw errorOf(file, 'bill download')
      const hash = createHash('sha1').update(file.data).digest('hex')
      if (hash !== expected)
        throw new WechatPayError(200, 'BILL_HASH_MISMATCH', 'trade bill: SHA1 of the download does not match')
      return { csv: file.data.toString('utf8'), hash }
    },

    verifyCallback(headers, rawBody) {
      const h = (name: string) => {
        const v = headers[name]
        return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
      }
      const rejection = checkSignature(
        {
          timestamp: h('wechatpay-timestamp'),
          nonce: h('wechatpay-nonce'),
          serial: h('wechatpay-serial'),
          signature: h('wechatpay-signature'),
        },
        rawBody,
      )
      if (rejection) return { ok: false, reason: rejection }
      let envelope: Record<string, unknown> | null
      try {
        envelope = asRecord(JSON.parse(rawBody))
      } catch {
        return { ok: false, reason: 'bad_body' }
      }
      const resource = asRecord(envelope?.resource)
      if (!envelope || !resource || resource.algorithm !== 'AEAD_AES_256_GCM')
        return { ok: false, reason: 'bad_body' }
      let plain: Record<string, unknown> | null
      try {
        plain = asRecord(
          JSON.parse(
            decryptResource(keys.apiV3Key, {
              ciphertext: str(resource.ciphertext),
              nonce: str(resource.nonce),
              associated_data: str(resource.associated_data),
            }),
          ),
        )
      } catch {
        return { ok: false, reason: 'decrypt_failed' }
      }
      if (!plain) return { ok: false, reason: 'decrypt_failed' }
      return {
        ok: true,
        callback: {
          id: str(envelope.id),
          eventType: str(envelope.event_type),
          serial: h('wechatpay-serial'),
          resourceType: str(resource.original_type),
          resource: plain,
        },
      }
    },
  }
}

/** RFC 3339 in China Standard Time, the form WeChat Pay uses (`2026-06-08T10:34:56+08:00`). */
export function rfc3339Cst(d: Date): string {
  return `${shanghaiDateTimeOf(d)}+08:00`
}
