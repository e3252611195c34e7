import type { SimClock } from '../clock'
import { toCstDate } from '../clock'
import type { SimResponse } from '../http/router'
import { randomB64Url, randomDigits } from '../util'
import { wxError } from './errors'

/** Which endpoint issued a token; the two are isolated from each other, as on the real platform. */
export type TokenSource = 'stable' | 'classic'

interface TokenRecord {
  token: string
  appid: string
  source: TokenSource
  /** Natural expiry: after it the token answers 42001. */
  expiresAt: number
  /** Earlier cut-off when superseded or revoked: after it (and before expiresAt) the token answers 40001. */
  validUntil: number
}

interface Slot {
  current?: TokenRecord
  previous?: TokenRecord
  lastForceAt?: number
  forceDay?: string
  forceCount: number
}

/** Lifetime of an access token in seconds. */
export const TOKEN_TTL_S = 7200
/** Window before expiry in which stable_token rotates, and the overlap old tokens keep. */
export const ROTATE_WINDOW_S = 300

/** Token lifecycle tunables (seconds), exposed so tests can shorten them. */
export interface TokenPolicy {
  /** @default 7200 */
  ttlSeconds?: number
  /** Grace the previous token keeps after a force_refresh. @default 300 */
  forceRefreshGraceSeconds?: number
  /** @default 20 */
  forceRefreshPerDay?: number
  /** @default 30 */
  forceRefreshMinIntervalSeconds?: number
}

/** Issues and checks access tokens for both `cgi-bin/stable_token` and `cgi-bin/token`. */
export class TokenStore {
  private readonly slots = new Map<string, Slot>()
  private readonly byToken = new Map<string, TokenRecord>()
  private readonly ttl: number
  private readonly forceGrace: number
  private readonly forcePerDay: number
  private readonly forceInterval: number

  constructor(
    private readonly clock: SimClock,
    policy: TokenPolicy = {},
  ) {
    this.ttl = (policy.ttlSeconds ?? TOKEN_TTL_S) * 1000
    this.forceGrace = (policy.forceRefreshGraceSeconds ?? ROTATE_WINDOW_S) * 1000
    this.forcePerDay = policy.forceRefreshPerDay ?? 20
    this.forceInterval = (policy.forceRefreshMinIntervalSeconds ?? 30) * 1000
  }

  private slot(source: TokenSource, appid: string): Slot {
    const key = `${source}:${appid}`
    let slot = this.slots.get(key)
    if (!slot) {
      slot = { forceCount: 0 }
      this.slots.set(key, slot)
    }
    return slot
  }

  private issue(source: TokenSource, appid: string): TokenRecord {
    const now = this.clock.now()
    // Real tokens look like `86_` + ~150 URL-safe characters; callers must store at least 512 characters.
    const token = `${randomDigits(2)}_${randomB64Url(150)}`
    const record: TokenRecord = {
      token,
      appid,
      source,
      expiresAt: now + this.ttl,
      validUntil: now + this.ttl,
    }
    this.byToken.set(token, record)
    return record
  }

  private remaining(record: TokenRecord): number {
    return Math.max(0, Math.floor((Math.min(record.expiresAt, record.validUntil) - this.clock.now()) / 1000))
  }

  /** stable_token semantics: the same token while valid, rotated in its last 5 minutes, or forced (rate-limited). */
  stable(
    appid: string,
    forceRefresh: boolean,
  ): { access_token: string; expires_in: number } | { errcode: number } {
    const now = this.clock.now()
    const slot = this.slot('stable', appid)
    const cur = slot.current
    const usable = cur !== undefined && now < cur.validUntil && now < cur.expiresAt
    if (!forceRefresh) {
      if (cur && usable && now < cur.expiresAt - ROTATE_WINDOW_S * 1000) {
        return { access_token: cur.token, expires_in: this.remaining(cur) }
      }
      // Rotation: the old token keeps working until its own (natural) expiry, at most 5 minutes away.
      const next = this.issue('stable', appid)
      slot.previous = cur
      slot.current = next
      return { access_token: next.token, expires_in: this.remaining(next) }
    }
    // "两次调用间隔需在30秒以上，否则不会刷新": a too-early force returns the current token unchanged.
    if (cur && usable && slot.lastForceAt !== undefined && now - slot.lastForceAt < this.forceInterval) {
      return { access_token: cur.token, expires_in: this.remaining(cur) }
    }
    const day = toCstDate(now)
    if (slot.forceDay !== day) {
      slot.forceDay = day
      slot.forceCount = 0
    }
    if (slot.forceCount >= this.forcePerDay) return { errcode: 45009 }
    slot.forceCount += 1
    slot.lastForceAt = now
    // A force keeps only the immediately previous token alive for a grace period, so two forced
    // calls 30 s apart invalidate a leaked token at once (the documented leak procedure).
    if (slot.previous) slot.previous.validUntil = Math.min(slot.previous.validUntil, now)
    if (cur) cur.validUntil = Math.min(cur.validUntil, now + this.forceGrace)
    const next = this.issue('stable', appid)
    slot.previous = cur
    slot.current = next
    return { access_token: next.token, expires_in: this.remaining(next) }
  }

  /** cgi-bin/token semantics: every call issues a new token; the previous one stays valid 5 more minutes. */
  classic(appid: string): { access_token: string; expires_in: number } {
    const now = this.clock.now()
    const slot = this.slot('classic', appid)
    if (slot.previous) slot.previous.validUntil = Math.min(slot.previous.validUntil, now)
    if (slot.current)
      slot.current.validUntil = Math.min(slot.current.validUntil, now + ROTATE_WINDOW_S * 1000)
    const next = this.issue('classic', appid)
    slot.previous = slot.current
    slot.current = next
    return { access_token: next.token, expires_in: this.remaining(next) }
  }

  /** Validates a token from a query string; returns its appid or the error response to send. */
  check(token: string | null): { appid: string } | { error: SimResponse } {
    if (!token) return { error: wxError(41001) }
    const record = this.byToken.get(token)
    if (!record) return { error: wxError(token.length < 16 ? 40014 : 40001) }
    const now = this.clock.now()
    if (now >= record.expiresAt) return { error: wxError(42001) }
    if (now >= record.validUntil) return { error: wxError(40001) }
    return { appid: record.appid }
  }

  /** Makes every live token of an app (or of all apps) expire now, so using it answers 42001. */
  expireAll(appid?: string): number {
    return this.cut(appid, (r, now) => {
      r.expiresAt = now
    })
  }

  /** Revokes every live token of an app (or all), so using it answers 40001. */
  revokeAll(appid?: string): number {
    return this.cut(appid, (r, now) => {
      r.validUntil = now
    })
  }

  private cut(appid: string | undefined, apply: (r: TokenRecord, now: number) => void): number {
    const now = this.clock.now()
    let n = 0
    for (const r of this.byToken.values()) {
      if (appid !== undefined && r.appid !== appid) continue
      if (now >= r.expiresAt || now >= r.validUntil) continue
      apply(r, now)
      n += 1
    }
    return n
  }
}

/** Helper for handlers: the appid behind `?access_token=`, or an error response. */
export function requireToken(
  tokens: TokenStore,
  query: URLSearchParams,
): { appid: string } | { error: SimResponse } {
  return tokens.check(query.get('access_token'))
}
