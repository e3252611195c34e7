import type { SimClock } from './clock'
import type { BillDifference } from './pay/bill'
import type { PayKeyMaterial } from './pay/keys'
import type { DeliveryOptions, NotificationRecord, NotifyTamper } from './pay/notifier'
import type { PayMode, PayService, SimOrder, SimRefund } from './pay/service'
import type { FaultEngine, FaultRule, LatencyRule, RateLimitRule } from './faults'
import { json, type Router, type SimRequest, type SimResponse } from './http/router'
import { isRecord, parseJson, type JsonObject } from './util'
import type { LoginService } from './wx/login'
import type { SentMessage, SimTemplate, SubscribeService, SubscriptionState } from './wx/subscribe'
import type { TokenStore } from './wx/tokens'
import type { SimApp, SimUser, SimUserInit, UserRegistry } from './wx/users'

/** Everything the control API reaches into. */
export interface ControlDeps {
  clock: SimClock
  apps: Map<string, SimApp>
  defaultAppid: string
  users: UserRegistry
  login: LoginService
  tokens: TokenStore
  faults: FaultEngine
  subscribe: SubscribeService
  pay: PayService
}

/** Identifies a simulated user: by userKey (preferred in tests) or by openid under an app. */
export interface UserRef {
  userKey?: string
  openid?: string
  /** @default the first configured app */
  appid?: string
}

/** How an outage behaves. */
export type OutageMode = 'timeout' | 'drop' | 'http_503'

/** In-process control of the simulator for tests (the same operations are served over HTTP under /__sim). */
export class SimControl {
  constructor(protected readonly deps: ControlDeps) {}

  // ---- clock ----

  /** Current simulated time (ms). */
  now(): number {
    return this.deps.clock.now()
  }

  /** Moves simulated time forward, e.g. to expire login codes or tokens without sleeping. */
  advanceClock(ms: number): void {
    this.deps.clock.advance(ms)
  }

  /** The configured mini-programs (appid + secret). */
  apps(): SimApp[] {
    return [...this.deps.apps.values()]
  }

  // ---- users and login ----

  /** Creates or updates a simulated user. */
  upsertUser(init: SimUserInit): SimUser {
    return this.deps.users.upsert(init)
  }

  /** Lists the simulated users. */
  users(): SimUser[] {
    return this.deps.users.list()
  }

  /** The openid a user has under an app. */
  openidOf(userKey: string, appid = this.deps.defaultAppid): string {
    return this.deps.users.openidFor(userKey, appid)
  }

  /** Stands in for `wx.login`: a single-use code valid 5 minutes. */
  loginCode(
    userKey: string,
    appid = this.deps.defaultAppid,
  ): { code: string; openid: string; unionid?: string } {
    return this.deps.login.createLoginCode(userKey, appid)
  }

  /** Stands in for the getPhoneNumber button: a single-use phone code valid 5 minutes. */
  phoneCode(
    userKey: string,
    appid = this.deps.defaultAppid,
    phoneNumber?: string,
  ): { code: string; phoneNumber: string } {
    return this.deps.login.createPhoneCode(userKey, appid, phoneNumber)
  }

  private resolveOpenid(ref: UserRef): string {
    const appid = ref.appid ?? this.deps.defaultAppid
    if (ref.openid !== undefined) return ref.openid
    if (ref.userKey !== undefined) return this.deps.users.openidFor(ref.userKey, appid)
    throw new ControlError('userKey or openid is required')
  }

  // ---- subscribe messages ----

  /**
   * Simulates the user accepting `templateId` in wx.requestSubscribeMessage `count` times (default 1):
   * one send credit each for one-time templates, a standing subscription for long-term ones.
   */
  grantSubscription(ref: UserRef & { templateId: string; count?: number }): SubscriptionState {
    return this.deps.subscribe.grant(
      this.resolveOpenid(ref),
      ref.appid ?? this.deps.defaultAppid,
      ref.templateId,
      ref.count ?? 1,
    )
  }

  /** Simulates the user turning a subscription off (credits to 0, long-term ended). */
  revokeSubscription(ref: UserRef & { templateId: string }): SubscriptionState {
    return this.deps.subscribe.revoke(this.resolveOpenid(ref), ref.templateId)
  }

  /** A user's subscriptions with their remaining credits. */
  subscriptions(ref: UserRef): SubscriptionState[] {
    return this.deps.subscribe.subscriptions(this.resolveOpenid(ref))
  }

  /** Messages sent successfully, optionally filtered by user or template. */
  sentMessages(filter: { userKey?: string; touser?: string; templateId?: string } = {}): SentMessage[] {
    return this.deps.subscribe.sentMessages(filter)
  }

  /** Forgets the sent messages. */
  clearSentMessages(): void {
    this.deps.subscribe.clearSent()
  }

  /** Adds or replaces a subscribe-message template. */
  upsertTemplate(template: SimTemplate): void {
    this.deps.subscribe.upsertTemplate(template)
  }

  /** The registered templates. */
  templates(): SimTemplate[] {
    return this.deps.subscribe.listTemplates()
  }

  // ---- WeChat Pay ----

  /** The key material the BFF needs: merchant private key and serial, APIv3 key, platform cert / public key id. */
  payKeys(): PayKeyMaterial {
    return this.deps.pay.keys
  }

  /** Switches which key signs responses and callbacks: platform certificate or 微信支付公钥. */
  setPayMode(mode: PayMode): void {
    this.deps.pay.policy.mode = mode
  }

  /** Simulated orders. */
  orders(): SimOrder[] {
    return [...this.deps.pay.orders.values()]
  }

  /** Simulated refunds. */
  refunds(): SimRefund[] {
    return [...this.deps.pay.refunds.values()]
  }

  /** Pays an order as if the user confirmed, and sends TRANSACTION.SUCCESS (optionally duplicated or tampered). */
  payOrder(outTradeNo: string, options: DeliveryOptions = {}): SimOrder {
    return this.deps.pay.pay(outTradeNo, options)
  }

  /** Completes a PROCESSING refund now and sends its REFUND.* callback. */
  settleRefund(
    outRefundNo: string,
    status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED' = 'SUCCESS',
    options: DeliveryOptions = {},
  ): SimRefund {
    return this.deps.pay.settleRefund(outRefundNo, status, options)
  }

  /** Callbacks sent so far with every delivery attempt. */
  notifications(): NotificationRecord[] {
    return this.deps.pay.notifier.list()
  }

  /** Resolves when a notification matching the filter reaches the wanted state (default: not pending). */
  async waitForNotification(
    filter: {
      outTradeNo?: string
      outRefundNo?: string
      eventType?: string
      state?: 'delivered' | 'failed'
    } = {},
    timeoutMs = 5000,
  ): Promise<NotificationRecord> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.notifications().find(
        (n) =>
          (filter.outTradeNo === undefined || n.outTradeNo === filter.outTradeNo) &&
          (filter.outRefundNo === undefined || n.outRefundNo === filter.outRefundNo) &&
          (filter.eventType === undefined || n.eventType === filter.eventType) &&
          (filter.state === undefined ? n.state !== 'pending' : n.state === filter.state),
      )
      if (found) return found
      if (Date.now() > deadline)
        throw new Error(`no notification matching ${JSON.stringify(filter)} within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /** Sends one probe callback (SIGNTEST by default) to a URL; the BFF must answer it with a failure. */
  sendNotificationProbe(
    notifyUrl: string,
    tamper: NotifyTamper = 'signtest',
    outTradeNo?: string,
  ): NotificationRecord {
    return this.deps.pay.probe(notifyUrl, tamper, outTradeNo)
  }

  /** Makes trade bills differ from the truth (missing line, extra line, other amount) for reconciliation tests. */
  injectBillDifference(diff: BillDifference): void {
    this.deps.pay.addBillDifference(diff)
  }

  /** Removes the injected bill differences. */
  clearBillDifferences(): void {
    this.deps.pay.clearBillDifferences()
  }

  // ---- tokens ----

  /** Expires every live access token (of one app or all): using one answers 42001. Returns how many. */
  expireAccessTokens(appid?: string): number {
    return this.deps.tokens.expireAll(appid)
  }

  /** Revokes every live access token: using one answers 40001. Returns how many. */
  revokeAccessTokens(appid?: string): number {
    return this.deps.tokens.revokeAll(appid)
  }

  // ---- faults ----

  /** Makes the next `times` (default 1) requests matching a path prefix fail with the given effect. */
  injectFault(rule: FaultRule): void {
    this.deps.faults.inject(rule)
  }

  /** Caps requests per second on a path prefix (api.weixin: errcode 45009 by default; pay: 429 FREQUENCY_LIMITED). */
  setRateLimit(rule: RateLimitRule): void {
    this.deps.faults.setRateLimit(rule)
  }

  /** Adds real latency to a path prefix. */
  setLatency(rule: LatencyRule): void {
    this.deps.faults.setLatency(rule)
  }

  /** Starts an outage on a path prefix until clearFaults(): requests hang, drop, or get 503. */
  setOutage(match: string, mode: OutageMode): void {
    const effect =
      mode === 'timeout'
        ? { kind: 'timeout' as const }
        : mode === 'drop'
          ? { kind: 'drop' as const }
          : { kind: 'http' as const, status: 503, body: '503 Service Unavailable' }
    this.deps.faults.inject({ match, times: Infinity, effect })
  }

  /** Removes every injected fault, outage, rate limit and latency. */
  clearFaults(): void {
    this.deps.faults.clear()
  }
}

/** Throws a 400 from a control handler. */
export class ControlError extends Error {}

/** Reads a JSON object body of a control request (empty body = {}). */
export function controlBody(req: SimRequest): JsonObject {
  if (!req.rawBody.trim()) return {}
  const body = parseJson(req.rawBody)
  if (!isRecord(body)) throw new ControlError('body must be a JSON object')
  return body
}

/** Reads a required string field of a control body. */
export function needString(body: JsonObject, key: string): string {
  const v = body[key]
  if (typeof v !== 'string' || v === '') throw new ControlError(`${key} is required`)
  return v
}

/** Reads an optional string field of a control body. */
export function optString(body: JsonObject, key: string): string | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw new ControlError(`${key} must be a string`)
  return v
}

/** Reads an optional number field of a control body. */
export function optNumber(body: JsonObject, key: string): number | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ControlError(`${key} must be a number`)
  return v
}

/** Wraps a control handler so ControlError and thrown errors become 400 `{ error }`. */
export function controlRoute(fn: (req: SimRequest) => unknown): (req: SimRequest) => Promise<SimResponse> {
  return async (req) => {
    try {
      const result = await fn(req)
      return json(200, result ?? { ok: true })
    } catch (err) {
      return json(400, { error: err instanceof Error ? err.message : String(err) })
    }
  }
}

function parseFaultRule(body: JsonObject): FaultRule {
  const effect = body.effect
  if (!isRecord(effect)) throw new ControlError('effect is required')
  const kind = effect.kind
  const times = body.times === 'Infinity' ? Infinity : optNumber(body, 'times')
  const match = optString(body, 'match')
  const base = { ...(match !== undefined ? { match } : {}), ...(times !== undefined ? { times } : {}) }
  switch (kind) {
    case 'errcode':
      return {
        ...base,
        effect: {
          kind,
          errcode: optNumber(effect, 'errcode') ?? -1,
          ...withOpt('errmsg', optString(effect, 'errmsg')),
        },
      }
    case 'pay_error':
      return {
        ...base,
        effect: {
          kind,
          status: optNumber(effect, 'status') ?? 500,
          code: optString(effect, 'code') ?? 'SYSTEM_ERROR',
          ...withOpt('message', optString(effect, 'message')),
        },
      }
    case 'http':
      return {
        ...base,
        effect: {
          kind,
          status: optNumber(effect, 'status') ?? 500,
          ...withOpt('body', optString(effect, 'body')),
        },
      }
    case 'timeout':
    case 'drop':
      return { ...base, effect: { kind } }
    default:
      throw new ControlError('effect.kind must be errcode | pay_error | http | timeout | drop')
  }
}

const TAMPERS: NotifyTamper[] = ['signtest', 'bad_signature', 'bad_tag', 'stale_timestamp', 'wrong_serial']

function deliveryOptions(body: JsonObject): DeliveryOptions {
  const out: DeliveryOptions = {}
  const duplicates = optNumber(body, 'duplicates')
  if (duplicates !== undefined) out.duplicates = duplicates
  if (body.parallel === true) out.parallel = true
  const tamper = optString(body, 'tamper')
  if (tamper !== undefined) {
    const found = TAMPERS.find((t) => t === tamper)
    if (!found) throw new ControlError(`tamper must be one of ${TAMPERS.join(' | ')}`)
    out.tamper = found
  }
  return out
}

function withOpt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {}
  if (value !== undefined) out[key] = value
  return out
}

/** Serves the control API over HTTP under /__sim (JSON in, JSON out). */
export function registerControlRoutes(router: Router, control: SimControl, deps: ControlDeps): void {
  const appidOf = (body: JsonObject): string => optString(body, 'appid') ?? deps.defaultAppid
  const refOf = (src: JsonObject): UserRef => {
    const ref: UserRef = { appid: appidOf(src) }
    const userKey = optString(src, 'userKey')
    const openid = optString(src, 'openid')
    if (userKey !== undefined) ref.userKey = userKey
    if (openid !== undefined) ref.openid = openid
    return ref
  }
  const queryObject = (q: URLSearchParams): JsonObject => Object.fromEntries(q.entries())
  router.add(
    'POST',
    '/__sim/subscribe',
    controlRoute((req) => {
      // Mirrors wx.requestSubscribeMessage: up to 3 ids, no mixing of one-time and long-term, answer per id.
      const body = controlBody(req)
      const ids = Array.isArray(body.templateIds) ? body.templateIds.filter((x) => typeof x === 'string') : []
      const single = optString(body, 'templateId')
      if (single !== undefined) ids.push(single)
      if (ids.length === 0) return { errMsg: 'requestSubscribeMessage:fail tmplIds is empty', errCode: 10001 }
      if (ids.length > 3) return { errMsg: 'requestSubscribeMessage:fail too many templates', errCode: 20003 }
      const known = new Map(control.templates().map((t) => [t.templateId, t]))
      const kinds = new Set(ids.map((id) => known.get(id)?.kind ?? 'one_time'))
      if (ids.some((id) => !known.has(id))) {
        return { errMsg: 'requestSubscribeMessage:fail No template data return', errCode: 20001 }
      }
      if (kinds.size > 1)
        return { errMsg: 'requestSubscribeMessage:fail mixed template types', errCode: 20002 }
      const decision = optString(body, 'decision') ?? 'accept'
      const count = optNumber(body, 'count') ?? 1
      const result: JsonObject = { errMsg: 'requestSubscribeMessage:ok' }
      const states: SubscriptionState[] = []
      for (const id of ids) {
        result[id] = decision
        if (decision === 'accept')
          states.push(control.grantSubscription({ ...refOf(body), templateId: id, count }))
      }
      return { ...result, subscriptions: states }
    }),
  )
  router.add(
    'POST',
    '/__sim/unsubscribe',
    controlRoute((req) => {
      const body = controlBody(req)
      return control.revokeSubscription({ ...refOf(body), templateId: needString(body, 'templateId') })
    }),
  )
  router.add(
    'GET',
    '/__sim/subscriptions',
    controlRoute((req) => ({ subscriptions: control.subscriptions(refOf(queryObject(req.query))) })),
  )
  router.add(
    'GET',
    '/__sim/messages',
    controlRoute((req) => {
      const q = queryObject(req.query)
      const filter: { userKey?: string; touser?: string; templateId?: string } = {}
      const userKey = optString(q, 'userKey')
      const touser = optString(q, 'openid')
      const templateId = optString(q, 'templateId')
      if (userKey !== undefined) filter.userKey = userKey
      if (touser !== undefined) filter.touser = touser
      if (templateId !== undefined) filter.templateId = templateId
      return { messages: control.sentMessages(filter) }
    }),
  )
  router.add(
    'DELETE',
    '/__sim/messages',
    controlRoute(() => {
      control.clearSentMessages()
    }),
  )
  router.add(
    'GET',
    '/__sim/config',
    controlRoute(() => ({
      apps: [...deps.apps.values()],
      defaultAppid: deps.defaultAppid,
      pay: { ...control.payKeys(), mode: deps.pay.policy.mode },
    })),
  )
  router.add(
    'POST',
    '/__sim/pay/mode',
    controlRoute((req) => {
      const mode = optString(controlBody(req), 'mode')
      if (mode !== 'certificate' && mode !== 'public_key')
        throw new ControlError('mode must be certificate | public_key')
      control.setPayMode(mode)
    }),
  )
  router.add(
    'GET',
    '/__sim/pay/orders',
    controlRoute(() => ({ orders: control.orders() })),
  )
  router.add(
    'GET',
    '/__sim/pay/refunds',
    controlRoute(() => ({ refunds: control.refunds() })),
  )
  router.add(
    'GET',
    '/__sim/pay/notifications',
    controlRoute(() => ({ notifications: control.notifications() })),
  )
  router.add(
    'POST',
    '/__sim/pay/orders/:no/pay',
    controlRoute((req) => control.payOrder(req.params.no ?? '', deliveryOptions(controlBody(req)))),
  )
  router.add(
    'POST',
    '/__sim/pay/refunds/:no/settle',
    controlRoute((req) => {
      const body = controlBody(req)
      const status = optString(body, 'status') ?? 'SUCCESS'
      if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') {
        throw new ControlError('status must be SUCCESS | ABNORMAL | CLOSED')
      }
      return control.settleRefund(req.params.no ?? '', status, deliveryOptions(body))
    }),
  )
  router.add(
    'POST',
    '/__sim/pay/probe',
    controlRoute((req) => {
      const body = controlBody(req)
      const tamper = deliveryOptions(body).tamper ?? 'signtest'
      return control.sendNotificationProbe(
        needString(body, 'notifyUrl'),
        tamper,
        optString(body, 'outTradeNo'),
      )
    }),
  )
  router.add(
    'POST',
    '/__sim/pay/bill-differences',
    controlRoute((req) => {
      const body = controlBody(req)
      const kind = optString(body, 'kind')
      const billDate = optString(body, 'billDate')
      const outTradeNo = optString(body, 'outTradeNo')
      const amountFen = optNumber(body, 'amountFen')
      if (kind === 'missing' && outTradeNo) {
        control.injectBillDifference({ kind, outTradeNo, ...(billDate ? { billDate } : {}) })
      } else if (kind === 'amount' && outTradeNo && amountFen !== undefined) {
        control.injectBillDifference({ kind, outTradeNo, amountFen, ...(billDate ? { billDate } : {}) })
      } else if (kind === 'extra' && billDate && amountFen !== undefined) {
        control.injectBillDifference({ kind, billDate, amountFen, ...(outTradeNo ? { outTradeNo } : {}) })
      } else {
        throw new ControlError(
          'expected {kind:missing,outTradeNo} | {kind:amount,outTradeNo,amountFen} | {kind:extra,billDate,amountFen}',
        )
      }
    }),
  )
  router.add(
    'DELETE',
    '/__sim/pay/bill-differences',
    controlRoute(() => {
      control.clearBillDifferences()
    }),
  )
  router.add(
    'GET',
    '/__sim/templates',
    controlRoute(() => ({ templates: control.templates() })),
  )
  router.add(
    'GET',
    '/__sim/clock',
    controlRoute(() => ({ now: control.now() })),
  )
  router.add(
    'POST',
    '/__sim/clock/advance',
    controlRoute((req) => {
      const body = controlBody(req)
      const ms = (optNumber(body, 'ms') ?? 0) + (optNumber(body, 'seconds') ?? 0) * 1000
      control.advanceClock(ms)
      return { now: control.now() }
    }),
  )
  router.add(
    'GET',
    '/__sim/users',
    controlRoute(() => ({ users: control.users() })),
  )
  router.add(
    'POST',
    '/__sim/users',
    controlRoute((req) => {
      const body = controlBody(req)
      const init: SimUserInit = { userKey: needString(body, 'userKey') }
      const phone = optString(body, 'phoneNumber')
      if (phone !== undefined) init.phoneNumber = phone
      return control.upsertUser(init)
    }),
  )
  router.add(
    'POST',
    '/__sim/login-code',
    controlRoute((req) => {
      const body = controlBody(req)
      return control.loginCode(needString(body, 'userKey'), appidOf(body))
    }),
  )
  router.add(
    'POST',
    '/__sim/phone-code',
    controlRoute((req) => {
      const body = controlBody(req)
      return control.phoneCode(needString(body, 'userKey'), appidOf(body), optString(body, 'phoneNumber'))
    }),
  )
  router.add(
    'POST',
    '/__sim/tokens/expire',
    controlRoute((req) => ({ expired: control.expireAccessTokens(optString(controlBody(req), 'appid')) })),
  )
  router.add(
    'POST',
    '/__sim/tokens/revoke',
    controlRoute((req) => ({ revoked: control.revokeAccessTokens(optString(controlBody(req), 'appid')) })),
  )
  router.add(
    'POST',
    '/__sim/faults',
    controlRoute((req) => {
      control.injectFault(parseFaultRule(controlBody(req)))
    }),
  )
  router.add(
    'DELETE',
    '/__sim/faults',
    controlRoute(() => {
      control.clearFaults()
    }),
  )
  router.add(
    'POST',
    '/__sim/rate-limits',
    controlRoute((req) => {
      const body = controlBody(req)
      const rule: RateLimitRule = { perSecond: optNumber(body, 'perSecond') ?? 0 }
      const match = optString(body, 'match')
      const errcode = optNumber(body, 'errcode')
      if (match !== undefined) rule.match = match
      if (errcode !== undefined) rule.errcode = errcode
      control.setRateLimit(rule)
    }),
  )
  router.add(
    'POST',
    '/__sim/latency',
    controlRoute((req) => {
      const body = controlBody(req)
      control.setLatency({ match: optString(body, 'match') ?? '', ms: optNumber(body, 'ms') ?? 0 })
    }),
  )
  router.add(
    'POST',
    '/__sim/outage',
    controlRoute((req) => {
      const body = controlBody(req)
      const mode = optString(body, 'mode') ?? 'timeout'
      if (mode !== 'timeout' && mode !== 'drop' && mode !== 'http_503') {
        throw new ControlError('mode must be timeout | drop | http_503')
      }
      control.setOutage(optString(body, 'match') ?? '', mode)
    }),
  )
}
