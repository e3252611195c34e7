import { json, type SimResponse } from './http/router'
import { wxError } from './wx/errors'

/** What an injected fault does to a matching request. */
export type FaultEffect =
  /** api.weixin.qq.com style: HTTP 200 `{ errcode, errmsg }`. */
  | { kind: 'errcode'; errcode: number; errmsg?: string }
  /** WeChat Pay style: `{ code, message }` with the given HTTP status (not signed, as from a failing gateway). */
  | { kind: 'pay_error'; status: number; code: string; message?: string }
  /** A raw HTTP status with an optional body (e.g. 502 from a proxy). */
  | { kind: 'http'; status: number; body?: string }
  /** Accept the request and never answer (until the client gives up or the simulator stops). */
  | { kind: 'timeout' }
  /** Destroy the connection without a response. */
  | { kind: 'drop' }

/** A fault rule: applies to requests whose path starts with `match`, for the next `times` requests. */
export interface FaultRule {
  /** Path prefix, e.g. `/cgi-bin/message/subscribe/send` or `/v3/pay`. @default '' (every API path) */
  match?: string
  /** How many matching requests it affects; `Infinity` for an outage. @default 1 */
  times?: number
  effect: FaultEffect
}

/** A per-second request cap on a path prefix. */
export interface RateLimitRule {
  /** @default '' (every API path) */
  match?: string
  perSecond: number
  /** errcode returned on api.weixin.qq.com paths when over the cap. @default 45009 */
  errcode?: number
}

/** Added latency for a path prefix, in real milliseconds. */
export interface LatencyRule {
  /** @default '' */
  match?: string
  ms: number
}

/** What the server should do with a request after the fault engine looked at it. */
export type FaultDecision =
  | { action: 'proceed'; delayMs: number }
  | { action: 'respond'; delayMs: number; response: SimResponse }
  | { action: 'hold'; delayMs: number }
  | { action: 'drop'; delayMs: number }

interface ActiveFault {
  match: string
  remaining: number
  effect: FaultEffect
}

/** Holds injected errors, rate limits, latency and outages, and decides per request. */
export class FaultEngine {
  private faults: ActiveFault[] = []
  private rateLimits: { rule: RateLimitRule; second: number; count: number }[] = []
  private latencies: LatencyRule[] = []

  /** Adds a fault rule; the rules apply in the order added. */
  inject(rule: FaultRule): void {
    this.faults.push({ match: rule.match ?? '', remaining: rule.times ?? 1, effect: rule.effect })
  }

  /** Sets or replaces the per-second cap for a path prefix (perSecond <= 0 removes it). */
  setRateLimit(rule: RateLimitRule): void {
    const match = rule.match ?? ''
    this.rateLimits = this.rateLimits.filter((r) => (r.rule.match ?? '') !== match)
    if (rule.perSecond > 0) this.rateLimits.push({ rule: { ...rule, match }, second: 0, count: 0 })
  }

  /** Sets or replaces the latency for a path prefix (ms <= 0 removes it). */
  setLatency(rule: LatencyRule): void {
    const match = rule.match ?? ''
    this.latencies = this.latencies.filter((r) => (r.match ?? '') !== match)
    if (rule.ms > 0) this.latencies.push({ match, ms: rule.ms })
  }

  /** Removes every fault, rate limit and latency rule. */
  clear(): void {
    this.faults = []
    this.rateLimits = []
    this.latencies = []
  }

  /** Number of fault rules still pending (outages count as one each). */
  pending(): number {
    return this.faults.length
  }

  /** Decides what happens to a request on `path`; `realNow` is wall-clock ms (rate windows are real time). */
  decide(path: string, realNow: number): FaultDecision {
    const delayMs = this.latencies.filter((l) => path.startsWith(l.match ?? '')).reduce((a, l) => a + l.ms, 0)
    const fault = this.faults.find((f) => path.startsWith(f.match))
    if (fault) {
      fault.remaining -= 1
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault)
      return applyEffect(fault.effect, delayMs)
    }
    const second = Math.floor(realNow / 1000)
    for (const limit of this.rateLimits) {
      if (!path.startsWith(limit.rule.match ?? '')) continue
      if (limit.second !== second) {
        limit.second = second
        limit.count = 0
      }
      limit.count += 1
      if (limit.count > limit.rule.perSecond) {
        const response = path.startsWith('/v3/')
          ? json(429, { code: 'FREQUENCY_LIMITED', message: '请求频率超限，请稍后重试' })
          : wxError(limit.rule.errcode ?? 45009)
        return { action: 'respond', delayMs, response }
      }
    }
    return { action: 'proceed', delayMs }
  }
}

function applyEffect(effect: FaultEffect, delayMs: number): FaultDecision {
  switch (effect.kind) {
    case 'errcode':
      return { action: 'respond', delayMs, response: wxError(effect.errcode, effect.errmsg) }
    case 'pay_error':
      return {
        action: 'respond',
        delayMs,
        response: json(effect.status, {
          code: effect.code,
          message: effect.message ?? '系统繁忙,请稍后重试',
        }),
      }
    case 'http':
      return {
        action: 'respond',
        delayMs,
        response: {
          status: effect.status,
          headers: { 'content-type': 'text/plain' },
          body: effect.body ?? '',
        },
      }
    case 'timeout':
      return { action: 'hold', delayMs }
    case 'drop':
      return { action: 'drop', delayMs }
  }
}
