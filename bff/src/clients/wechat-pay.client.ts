import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Pay from 'wechatpay-node-v3'
import { shanghaiDateTimeOf } from '@cunwu/domain'
import type { IPayRequest, Output } from 'wechatpay-node-v3/dist/define'
import { asRecord, createSignatureVerifier, str, verifyCallback } from './wechat-pay.callback'
import type { CallbackRejection, VerifiedCallback } from './wechat-pay.callback'

/**
 * WeChat Pay v3 (直连商户, JSAPI) for the BFF. wechatpay-node-v3 2.2.1 signs requests and computes paySign;
 * everything it gets wrong or lacks is done here (docs/wechat-pay.md): the host is hard-coded, so a
 * custom transport rewrites it to a configurable base URL; responses are verified (the library never does);
 * callbacks are verified within a 300 s window with the key named by `Wechatpay-Serial` (certificate serial or
 * PUB_KEY_ID_…), and decrypted with AES-256-GCM whose tag is checked (the library's decipher_gcm skips it): that
 * part is in wechat-pay.callback.ts.
 */

const REAL_HOST = 'https://api.mch.weixin.qq.com'
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

    verifyCallback: (headers, rawBody) => verifyCallback(checkSignature, keys.apiV3Key, headers, rawBody),
  }
}

/** RFC 3339 in China Standard Time, the form WeChat Pay uses (`2026-06-08T10:34:56+08:00`). */
export function rfc3339Cst(d: Date): string {
  return `${shanghaiDateTimeOf(d)}+08:00`
}
