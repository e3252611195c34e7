import { createHash, randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { SimClock } from '../clock'
import { toCstDate, toRfc3339Cst } from '../clock'
import { json, type Router, type SimRequest, type SimResponse } from '../http/router'
import { isRecord, obj, parseJson, randomDigits, randomHex, str, type JsonObject } from '../util'
import type { UserRegistry } from '../wx/users'
import { BILL_TYPES, renderTradeBill, type BillDifference, type BillLine } from './bill'
import {
  AUTH_SCHEME,
  encryptResource,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
} from './crypto'
import type { PayKeyMaterial, PaySigningKeys } from './keys'
import { Notifier, type DeliveryOptions, type NotificationRecord, type NotifySigner } from './notifier'

/** Which key signs responses and callbacks by default. */
export type PayMode = 'certificate' | 'public_key'

/** Simulated order states (mini-program payments only reach these four). */
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED'

/** A simulated order. */
export interface SimOrder {
  appid: string
  mchid: string
  outTradeNo: string
  description: string
  notifyUrl: string
  attach?: string
  totalFen: number
  openid: string
  prepayId: string
  createdAt: number
  /** Not payable after this time. */
  expiresAt: number
  state: TradeState
  transactionId?: string
  successAt?: number
  refundedFen: number
  /** Canonical JSON of the creating request, to tell a same-parameter repeat from a conflicting one. */
  fingerprint: string
}

/** A simulated refund. */
export interface SimRefund {
  refundId: string
  outRefundNo: string
  outTradeNo: string
  transactionId: string
  reason?: string
  notifyUrl?: string
  refundFen: number
  totalFen: number
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED'
  createdAt: number
  successAt?: number
  fingerprint: string
}

/** Settings of the WeChat Pay simulation. */
export interface PayPolicy {
  /** Appids bound to the merchant (others get APPID_MCHID_NOT_MATCH). */
  appids: string[]
  mode: PayMode
  /** Allowed |now − request timestamp| in seconds; 0 disables the check. @default 300 */
  timestampWindowSeconds: number
  /** Seconds (scaled by timeScale) after which a refund settles as SUCCESS; null = only via control. @default 5 */
  refundSettleSeconds: number | null
  /** Minimum seconds between refunds of one order (simulated clock). @default 60 */
  refundMinIntervalSeconds: number
  /** Where refund callbacks go when a refund request has no notify_url (the console setting). */
  refundNotifyUrl?: string
  /** Host put in bill download_url values. @default 'https://api.mch.weixin.qq.com' */
  downloadUrlBase: string
  /** Service fee rate shown in bills. @default 0.006 */
  feeRate: number
  /** Reject non-HTTPS notify_url like the real API. @default false (local BFFs listen on http) */
  requireHttpsNotifyUrl: boolean
}

class PayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: JsonObject,
  ) {
    super(message)
  }
}

const paramError = (field: string, issue: string, value?: unknown): PayError =>
  new PayError(400, 'PARAM_ERROR', `${field}: ${issue}`, {
    field,
    value: value ?? null,
    issue,
    location: 'body',
  })

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/

/** Simulates api.mch.weixin.qq.com v3 for a direct (直连) merchant: JSAPI orders, refunds, bills, callbacks. */
export class PayService {
  readonly orders = new Map<string, SimOrder>()
  readonly refunds = new Map<string, SimRefund>()
  readonly notifier: Notifier
  private readonly billDownloads = new Map<string, { bytes: Buffer; createdAt: number }>()
  private differences: BillDifference[] = []
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()

  constructor(
    private readonly clock: SimClock,
    private readonly users: UserRegistry,
    readonly keys: PayKeyMaterial,
    private readonly signing: PaySigningKeys,
    readonly policy: PayPolicy,
    private readonly timeScale: number,
    notifyTimeoutMs: number,
    notifySchedule: number[],
  ) {
    this.notifier = new Notifier({
      clock,
      apiV3Key: keys.apiV3Key,
      signer: () => this.signer(policy.mode),
      timeScale,
      timeoutMs: notifyTimeoutMs,
      schedule: notifySchedule,
    })
  }

  /** Stops pending callbacks and timers. */
  stop(): void {
    this.notifier.stop()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  private signer(mode: PayMode): NotifySigner {
    return mode === 'public_key'
      ? { serial: this.keys.publicKeyId, key: this.signing.wechatpay }
      : { serial: this.keys.platformSerial, key: this.signing.platform }
  }

  // ---- HTTP plumbing ----

  /** Registers the v3 endpoints. */
  register(router: Router): void {
    router.add(
      'POST',
      '/v3/pay/transactions/jsapi',
      this.route((req, body) => this.createJsapi(req, body)),
    )
    router.add(
      'GET',
      '/v3/pay/transactions/out-trade-no/:no',
      this.route((req) => this.queryOrder(req, 'out')),
    )
    router.add(
      'GET',
      '/v3/pay/transactions/id/:no',
      this.route((req) => this.queryOrder(req, 'id')),
    )
    router.add(
      'POST',
      '/v3/pay/transactions/out-trade-no/:no/close',
      this.route((req, body) => this.close(req, body)),
    )
    router.add(
      'POST',
      '/v3/refund/domestic/refunds',
      this.route((_req, body) => this.createRefund(body)),
    )
    router.add(
      'GET',
      '/v3/refund/domestic/refunds/:no',
      this.route((req) => this.queryRefund(req)),
    )
    router.add(
      'GET',
      '/v3/bill/tradebill',
      this.route((req) => this.applyTradeBill(req)),
    )
    router.add(
      'GET',
      '/v3/certificates',
      this.route(() => ({ status: 200, body: this.certificates() })),
    )
    // The download is authenticated like any call, but its answer is a raw, unsigned stream.
    router.add('GET', '/v3/billdownload/file', (req) => {
      const failure = this.authenticate(req)
      if (failure) return this.signed(req, failure.status, { code: failure.code, message: failure.message })
      return this.downloadBill(req)
    })
  }

  private route(
    fn: (req: SimRequest, body: JsonObject) => { status: number; body?: unknown },
  ): (req: SimRequest) => SimResponse {
    return (req) => {
      const failure = this.authenticate(req)
      if (failure) return this.signed(req, failure.status, { code: failure.code, message: failure.message })
      try {
        let body: JsonObject = {}
        if (req.method === 'POST') {
          const parsed = parseJson(req.rawBody)
          if (!isRecord(parsed)) throw new PayError(400, 'PARAM_ERROR', '请求体不是合法的JSON')
          body = parsed
        }
        const out = fn(req, body)
        return this.signed(req, out.status, out.body)
      } catch (err) {
        if (!(err instanceof PayError)) throw err
        const payload: JsonObject = { code: err.code, message: err.message }
        if (err.detail) payload.detail = err.detail
        return this.signed(req, err.status, payload)
      }
    }
  }

  /** Checks the WECHATPAY2-SHA256-RSA2048 Authorization header and the optional Wechatpay-Serial. */
  private authenticate(req: SimRequest): PayError | undefined {
    const header = req.headers.authorization
    if (!header) return new PayError(401, 'SIGN_ERROR', 'Http头缺少Authorization')
    const { scheme, fields } = parseAuthorization(header)
    if (scheme !== AUTH_SCHEME) return new PayError(401, 'SIGN_ERROR', '不支持的认证类型')
    const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields
    if (!mchid || !nonce || !timestamp || !serial || !signature) {
      return new PayError(
        401,
        'SIGN_ERROR',
        'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》',
      )
    }
    if (mchid !== this.keys.mchid) return new PayError(401, 'SIGN_ERROR', '商户号与签名不匹配')
    if (serial.toUpperCase() !== this.keys.merchantSerial)
      return new PayError(401, 'SIGN_ERROR', '商户证书序列号有误')
    const window = this.policy.timestampWindowSeconds
    if (window > 0 && Math.abs(Math.floor(this.clock.now() / 1000) - Number(timestamp)) > window) {
      return new PayError(401, 'SIGN_ERROR', '请求时间戳已过期')
    }
    const message = requestMessage(req.method, req.url, timestamp, nonce, req.rawBody)
    if (!rsaVerify(message, signature, this.signing.merchantPublic)) {
      return new PayError(401, 'SIGN_ERROR', '签名错误，请检查后再试')
    }
    const wantSerial = header2(req, 'wechatpay-serial')
    if (
      wantSerial &&
      wantSerial !== this.keys.publicKeyId &&
      wantSerial.toUpperCase() !== this.keys.platformSerial
    ) {
      return new PayError(400, 'INVALID_REQUEST', 'Wechatpay-Serial 对应的平台证书或公钥不存在')
    }
    return undefined
  }

  /** A response signed like WeChat Pay's: key chosen by the request's Wechatpay-Serial, else by the mode. */
  private signed(req: SimRequest, status: number, payload: unknown): SimResponse {
    const body = payload === undefined ? '' : JSON.stringify(payload)
    const wanted = header2(req, 'wechatpay-serial')
    const mode: PayMode =
      wanted === this.keys.publicKeyId
        ? 'public_key'
        : wanted?.toUpperCase() === this.keys.platformSerial
          ? 'certificate'
          : this.policy.mode
    // /v3/certificates is signed with the platform certificate, which is what it hands out.
    const signer = this.signer(req.path === '/v3/certificates' ? 'certificate' : mode)
    const timestamp = String(Math.floor(this.clock.now() / 1000))
    const nonce = randomHex(16)
    const headers: Record<string, string> = {
      'request-id': `08${randomHex(12).toUpperCase()}-0`,
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': signer.serial,
      'wechatpay-signature': rsaSign(responseMessage(timestamp, nonce, body), signer.key),
    }
    if (status === 204) return { status, headers, body: '' }
    return { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body }
  }

  // ---- orders ----

  private createJsapi(_req: SimRequest, b: JsonObject): { status: number; body: unknown } {
    const appid = requireString(b, 'appid', 32)
    const mchid = requireString(b, 'mchid', 32)
    const description = requireString(b, 'description', 127)
    const outTradeNo = requireString(b, 'out_trade_no', 32)
    const notifyUrl = requireString(b, 'notify_url', 255)
    if (!OUT_TRADE_NO.test(outTradeNo))
      throw paramError('/out_trade_no', '须为6-32位数字、大小写字母或_-|*', outTradeNo)
    const attach = optionalString(b, 'attach', 128)
    const timeExpire = optionalString(b, 'time_expire', 64)
    const amount = obj(b, 'amount')
    const total = amount?.total
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 1)
      throw paramError('/amount/total', '须为正整数（分）', total)
    if (amount?.currency !== undefined && amount.currency !== 'CNY')
      throw paramError('/amount/currency', '仅支持CNY', amount.currency)
    const openid = str(obj(b, 'payer') ?? {}, 'openid')
    if (!openid) throw paramError('/payer/openid', '此字段为必填项')
    if (mchid !== this.keys.mchid) throw new PayError(400, 'MCH_NOT_EXISTS', '商户号不存在')
    if (!this.policy.appids.includes(appid))
      throw new PayError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配')
    let notify: URL
    try {
      notify = new URL(notifyUrl)
    } catch {
      throw paramError('/notify_url', '不是合法的URL', notifyUrl)
    }
    if (notify.search !== '' || (this.policy.requireHttpsNotifyUrl && notify.protocol !== 'https:')) {
      throw paramError('/notify_url', '须为不带参数的https地址', notifyUrl)
    }
    if (!this.users.byOpenid(appid, openid)) throw new PayError(400, 'PARAM_ERROR', 'appid和openid不匹配')
    const now = this.clock.now()
    let expiresAt = now + 7 * 24 * 3600_000
    if (timeExpire !== undefined) {
      const t = Date.parse(timeExpire)
      if (Number.isNaN(t) || !/[+-]\d{2}:\d{2}$|Z$/.test(timeExpire))
        throw paramError('/time_expire', '须为RFC3339格式', timeExpire)
      expiresAt = Math.min(Math.max(t, now + 60_000), now + 90 * 24 * 3600_000)
    }
    const fingerprint = JSON.stringify([appid, description, notifyUrl, attach ?? '', total, openid])
    const existing = this.orders.get(outTradeNo)
    if (existing) {
      if (existing.state === 'CLOSED') throw new PayError(400, 'ORDER_CLOSED', '订单已关闭')
      if (existing.state !== 'NOTPAY') throw new PayError(400, 'ORDERPAID', '该订单已支付')
      if (existing.fingerprint !== fingerprint) throw new PayError(403, 'OUT_TRADE_NO_USED', '商户订单号重复')
      // Same parameters: the latest prepay_id (a new one once the 2-hour prepay_id lifetime has passed).
      if (now - existing.createdAt > 2 * 3600_000) existing.prepayId = newPrepayId(now)
      return { status: 200, body: { prepay_id: existing.prepayId } }
    }
    const order: SimOrder = {
      appid,
      mchid,
      outTradeNo,
      description,
      notifyUrl,
      totalFen: total,
      openid,
      prepayId: newPrepayId(now),
      createdAt: now,
      expiresAt,
      state: 'NOTPAY',
      refundedFen: 0,
      fingerprint,
    }
    if (attach !== undefined) order.attach = attach
    this.orders.set(outTradeNo, order)
    return { status: 200, body: { prepay_id: order.prepayId } }
  }

  private queryOrder(req: SimRequest, by: 'out' | 'id'): { status: number; body: unknown } {
    const mchid = req.query.get('mchid')
    if (!mchid) throw new PayError(400, 'PARAM_ERROR', '缺少参数mchid', { field: 'mchid', location: 'query' })
    if (mchid !== this.keys.mchid) throw new PayError(400, 'MCH_NOT_EXISTS', '商户号不存在')
    const no = req.params.no ?? ''
    const order =
      by === 'out' ? this.orders.get(no) : [...this.orders.values()].find((o) => o.transactionId === no)
    if (!order) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在')
    return { status: 200, body: this.transaction(order) }
  }

  /** The Transaction object of query answers and payment callbacks. */
  transaction(order: SimOrder): JsonObject {
    const paid = order.transactionId !== undefined && order.successAt !== undefined
    const descs: Record<TradeState, string> = {
      NOTPAY: '订单未支付',
      SUCCESS: '支付成功',
      REFUND: '订单发生过退款',
      CLOSED: '订单已关闭',
    }
    const t: JsonObject = {
      appid: order.appid,
      mchid: order.mchid,
      out_trade_no: order.outTradeNo,
      trade_state: order.state,
      trade_state_desc: descs[order.state],
      attach: paid ? (order.attach ?? '') : '',
      amount: paid
        ? { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' },
      promotion_detail: [],
    }
    if (paid) {
      t.transaction_id = order.transactionId
      t.trade_type = 'JSAPI'
      t.bank_type = 'OTHERS'
      t.success_time = toRfc3339Cst(order.successAt ?? 0)
      t.payer = { openid: order.openid }
    }
    return t
  }

  private close(req: SimRequest, b: JsonObject): { status: number } {
    const mchid = str(b, 'mchid')
    if (!mchid) throw paramError('/mchid', '此字段为必填项')
    if (mchid !== this.keys.mchid) throw new PayError(400, 'MCH_NOT_EXISTS', '商户号不存在')
    const order = this.orders.get(req.params.no ?? '')
    if (!order) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在')
    if (order.state === 'SUCCESS' || order.state === 'REFUND')
      throw new PayError(400, 'ORDERPAID', '订单已支付，不能关闭')
    order.state = 'CLOSED'
    return { status: 204 }
  }

  /** Marks an order paid (the user confirmed in the wallet) and sends TRANSACTION.SUCCESS to its notify_url. */
  pay(outTradeNo: string, options: DeliveryOptions = {}): SimOrder {
    const order = this.orders.get(outTradeNo)
    if (!order) throw new Error(`no order ${outTradeNo}`)
    if (order.state !== 'NOTPAY') throw new Error(`order ${outTradeNo} is ${order.state}`)
    const now = this.clock.now()
    if (now > order.expiresAt) throw new Error(`order ${outTradeNo} has expired`)
    order.state = 'SUCCESS'
    order.successAt = now
    order.transactionId = `4200${toCstDate(now).replaceAll('-', '')}${randomDigits(16)}`
    this.notifier.notify({
      notifyUrl: order.notifyUrl,
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      resource: this.transaction(order),
      outTradeNo,
      options,
    })
    return order
  }

  /** Finds an order by prepay_id (the pay page's handle). */
  byPrepayId(prepayId: string): SimOrder | undefined {
    return [...this.orders.values()].find((o) => o.prepayId === prepayId)
  }

  /** Sends an extra (typically tampered) callback for a paid order, or a synthetic one, to any URL. */
  probe(notifyUrl: string, tamper: DeliveryOptions['tamper'], outTradeNo?: string): NotificationRecord {
    const order = outTradeNo ? this.orders.get(outTradeNo) : undefined
    const resource = order
      ? this.transaction(order)
      : {
          mchid: this.keys.mchid,
          appid: this.policy.appids[0] ?? '',
          out_trade_no: 'SIGNTEST',
          trade_state: 'SUCCESS',
        }
    const options: DeliveryOptions = { retry: false }
    if (tamper !== undefined) options.tamper = tamper
    return this.notifier.notify({
      notifyUrl,
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      resource,
      ...(outTradeNo !== undefined ? { outTradeNo } : {}),
      options,
    })
  }

  // ---- refunds ----

  private createRefund(b: JsonObject): { status: number; body: unknown } {
    const outRefundNo = requireString(b, 'out_refund_no', 64)
    if (!OUT_REFUND_NO.test(outRefundNo)) throw paramError('/out_refund_no', '格式错误', outRefundNo)
    const transactionId = str(b, 'transaction_id')
    const outTradeNo = str(b, 'out_trade_no')
    if (!transactionId && !outTradeNo)
      throw paramError('/out_trade_no', 'transaction_id和out_trade_no必须二选一')
    const amount = obj(b, 'amount')
    const refund = amount?.refund
    const total = amount?.total
    if (typeof refund !== 'number' || !Number.isInteger(refund) || refund < 1)
      throw paramError('/amount/refund', '须为正整数（分）', refund)
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 1)
      throw paramError('/amount/total', '须为正整数（分）', total)
    if (amount?.currency !== 'CNY')
      throw paramError('/amount/currency', '此字段为必填项，仅支持CNY', amount?.currency)
    const notifyUrl = optionalString(b, 'notify_url', 256)
    const reason = optionalString(b, 'reason', 80)
    const order = outTradeNo
      ? this.orders.get(outTradeNo)
      : [...this.orders.values()].find((o) => o.transactionId === transactionId)
    if (
      !order ||
      order.transactionId === undefined ||
      (transactionId && order.transactionId !== transactionId)
    ) {
      throw new PayError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    }
    const fingerprint = JSON.stringify([order.outTradeNo, refund, total])
    const existing = this.refunds.get(outRefundNo)
    if (existing) {
      // Idempotent: the same out_refund_no refunds once; a retry gets the same refund back.
      if (existing.fingerprint !== fingerprint)
        throw new PayError(400, 'INVALID_REQUEST', '退款单号重复，且与原请求参数不一致')
      return { status: 200, body: this.refundBody(existing) }
    }
    if (total !== order.totalFen) throw new PayError(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致')
    const ofOrder = [...this.refunds.values()].filter(
      (r) => r.outTradeNo === order.outTradeNo && r.status !== 'CLOSED',
    )
    if (order.refundedFen + refund > order.totalFen)
      throw new PayError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额')
    if (ofOrder.length >= 50) throw new PayError(403, 'RULE_LIMIT', '部分退款次数已达上限（50次）')
    const now = this.clock.now()
    const last = Math.max(0, ...ofOrder.map((r) => r.createdAt))
    if (ofOrder.length > 0 && now - last < this.policy.refundMinIntervalSeconds * 1000) {
      throw new PayError(429, 'FREQUENCY_LIMITED', '同一订单的退款申请间隔须在1分钟以上')
    }
    const record: SimRefund = {
      refundId: `50${randomDigits(27)}`,
      outRefundNo,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      refundFen: refund,
      totalFen: total,
      status: 'PROCESSING',
      createdAt: now,
      fingerprint,
    }
    if (reason !== undefined) record.reason = reason
    const target = notifyUrl ?? this.policy.refundNotifyUrl
    if (target !== undefined) record.notifyUrl = target
    this.refunds.set(outRefundNo, record)
    order.refundedFen += refund
    order.state = 'REFUND'
    const settle = this.policy.refundSettleSeconds
    if (settle !== null) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer)
          if (record.status === 'PROCESSING') this.settleRefund(outRefundNo, 'SUCCESS')
        },
        settle * 1000 * this.timeScale,
      )
      this.timers.add(timer)
    }
    return { status: 200, body: this.refundBody(record) }
  }

  /** Completes a refund (SUCCESS, ABNORMAL or CLOSED) and sends the REFUND.* callback. */
  settleRefund(
    outRefundNo: string,
    status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED',
    options: DeliveryOptions = {},
  ): SimRefund {
    const r = this.refunds.get(outRefundNo)
    if (!r) throw new Error(`no refund ${outRefundNo}`)
    if (r.status !== 'PROCESSING') throw new Error(`refund ${outRefundNo} is ${r.status}`)
    r.status = status
    if (status === 'SUCCESS') r.successAt = this.clock.now()
    else {
      const order = this.orders.get(r.outTradeNo)
      if (order) order.refundedFen -= r.refundFen
    }
    if (r.notifyUrl) {
      const resource: JsonObject = {
        mchid: this.keys.mchid,
        transaction_id: r.transactionId,
        out_trade_no: r.outTradeNo,
        refund_id: r.refundId,
        out_refund_no: r.outRefundNo,
        refund_status: status,
        user_received_account: '支付用户零钱',
        amount: {
          total: r.totalFen,
          refund: r.refundFen,
          payer_total: r.totalFen,
          payer_refund: r.refundFen,
        },
      }
      if (r.successAt !== undefined) resource.success_time = toRfc3339Cst(r.successAt)
      const summaries = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' }
      this.notifier.notify({
        notifyUrl: r.notifyUrl,
        eventType: `REFUND.${status}`,
        summary: summaries[status],
        originalType: 'refund',
        resource,
        outTradeNo: r.outTradeNo,
        outRefundNo,
        options,
      })
    }
    return r
  }

  private queryRefund(req: SimRequest): { status: number; body: unknown } {
    const r = this.refunds.get(req.params.no ?? '')
    if (!r) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    return { status: 200, body: this.refundBody(r) }
  }

  private refundBody(r: SimRefund): JsonObject {
    const body: JsonObject = {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: toRfc3339Cst(r.createdAt),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.totalFen,
        refund: r.refundFen,
        from: [],
        payer_total: r.totalFen,
        payer_refund: r.refundFen,
        settlement_refund: r.refundFen,
        settlement_total: r.totalFen,
        discount_refund: 0,
        currency: 'CNY',
      },
      promotion_detail: [],
    }
    if (r.successAt !== undefined) body.success_time = toRfc3339Cst(r.successAt)
    return body
  }

  // ---- bills ----

  /** Adds a deliberate bill difference (applies to bills built afterwards). */
  addBillDifference(diff: BillDifference): void {
    this.differences.push(diff)
  }

  /** Removes every bill difference. */
  clearBillDifferences(): void {
    this.differences = []
  }

  /** The bill lines of a CST date, with the injected differences applied. */
  billLines(billDate: string): BillLine[] {
    const lines: BillLine[] = []
    for (const o of this.orders.values()) {
      if (o.successAt === undefined || o.transactionId === undefined || toCstDate(o.successAt) !== billDate)
        continue
      lines.push({
        kind: 'SUCCESS',
        time: o.successAt,
        appid: o.appid,
        mchid: o.mchid,
        transactionId: o.transactionId,
        outTradeNo: o.outTradeNo,
        openid: o.openid,
        description: o.description,
        attach: o.attach ?? '',
        totalFen: o.totalFen,
      })
    }
    for (const r of this.refunds.values()) {
      const o = this.orders.get(r.outTradeNo)
      if (r.status !== 'SUCCESS' || r.successAt === undefined || !o || toCstDate(r.successAt) !== billDate)
        continue
      lines.push({
        kind: 'REFUND',
        time: r.successAt,
        appid: o.appid,
        mchid: o.mchid,
        transactionId: r.transactionId,
        outTradeNo: r.outTradeNo,
        openid: o.openid,
        description: o.description,
        attach: o.attach ?? '',
        totalFen: o.totalFen,
        refundId: r.refundId,
        outRefundNo: r.outRefundNo,
        refundFen: r.refundFen,
      })
    }
    return this.applyDifferences(lines, billDate)
  }

  private applyDifferences(lines: BillLine[], billDate: string): BillLine[] {
    let out = lines
    for (const d of this.differences) {
      if (d.billDate !== undefined && d.billDate !== billDate) continue
      if (d.kind === 'missing')
        out = out.filter((l) => !(l.kind === 'SUCCESS' && l.outTradeNo === d.outTradeNo))
      if (d.kind === 'amount') {
        out = out.map((l) =>
          l.kind === 'SUCCESS' && l.outTradeNo === d.outTradeNo ? { ...l, totalFen: d.amountFen } : l,
        )
      }
      if (d.kind === 'extra') {
        out = [
          ...out,
          {
            kind: 'SUCCESS',
            time: Date.parse(`${d.billDate}T12:00:00+08:00`),
            appid: this.policy.appids[0] ?? '',
            mchid: this.keys.mchid,
            transactionId: `4200${d.billDate.replaceAll('-', '')}${randomDigits(16)}`,
            outTradeNo: d.outTradeNo ?? `EXTRA${randomDigits(10)}`,
            openid: `o${randomBytes(20).toString('base64url').slice(0, 27)}`,
            description: '未知交易',
            attach: '',
            totalFen: d.amountFen,
          },
        ]
      }
    }
    return out
  }

  private applyTradeBill(req: SimRequest): { status: number; body: unknown } {
    const billDate = req.query.get('bill_date') ?? ''
    if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate) || Number.isNaN(Date.parse(billDate))) {
      throw new PayError(400, 'PARAM_ERROR', 'bill_date格式错误，须为yyyy-MM-dd', {
        field: 'bill_date',
        location: 'query',
      })
    }
    const billType = req.query.get('bill_type') ?? 'ALL'
    if (!BILL_TYPES.includes(billType)) {
      throw new PayError(400, 'PARAM_ERROR', 'bill_type取值错误', { field: 'bill_type', location: 'query' })
    }
    const tarType = req.query.get('tar_type')
    if (tarType !== null && tarType !== 'GZIP') throw new PayError(400, 'PARAM_ERROR', 'tar_type取值错误')
    // Bills are generated from 09:00 (CST) of the next day.
    const readyAt = Date.parse(`${billDate}T09:00:00+08:00`) + 24 * 3600_000
    if (this.clock.now() < readyAt)
      throw new PayError(400, 'NO_STATEMENT_EXIST', '账单尚未生成，请于次日10点后再获取')
    const lines = this.billLines(billDate)
    if (lines.length === 0) throw new PayError(400, 'NO_STATEMENT_EXIST', '当日无交易，账单文件不存在')
    const csv = Buffer.from(renderTradeBill(lines, billType, this.policy.feeRate), 'utf8')
    const bytes = tarType === 'GZIP' ? gzipSync(csv) : csv
    const token = randomHex(24)
    this.billDownloads.set(token, { bytes, createdAt: this.clock.now() })
    const suffix = tarType === 'GZIP' ? '&tartype=GZIP' : ''
    return {
      status: 200,
      body: {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(bytes).digest('hex'),
        download_url: `${this.policy.downloadUrlBase}/v3/billdownload/file?token=${token}${suffix}`,
      },
    }
  }

  private downloadBill(req: SimRequest): SimResponse {
    const entry = this.billDownloads.get(req.query.get('token') ?? '')
    if (!entry || this.clock.now() - entry.createdAt > 5 * 60_000) {
      return json(400, { code: 'INVALID_REQUEST', message: '下载链接已过期或不存在，请重新申请账单' })
    }
    return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: entry.bytes }
  }

  // ---- certificates ----

  private certificates(): JsonObject {
    const cert = encryptResource(this.keys.apiV3Key, this.keys.platformCertificatePem, 'certificate')
    const now = this.clock.now()
    return {
      data: [
        {
          serial_no: this.keys.platformSerial,
          effective_time: toRfc3339Cst(now - 24 * 3600_000),
          expire_time: toRfc3339Cst(now + 5 * 365 * 24 * 3600_000),
          encrypt_certificate: cert,
        },
      ],
    }
  }
}

function header2(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function requireString(b: JsonObject, key: string, max: number): string {
  const v = b[key]
  if (typeof v !== 'string' || v === '') throw paramError(`/${key}`, '此字段为必填项', v)
  if ([...v].length > max) throw paramError(`/${key}`, `长度不能超过${max}`, v)
  return v
}

function optionalString(b: JsonObject, key: string, max: number): string | undefined {
  const v = b[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw paramError(`/${key}`, '须为字符串', v)
  if ([...v].length > max) throw paramError(`/${key}`, `长度不能超过${max}`, v)
  return v
}

function newPrepayId(now: number): string {
  const stamp = toRfc3339Cst(now).slice(0, 19).replace(/\D/g, '')
  return `wx${stamp}${randomHex(11).slice(0, 22)}`
}
