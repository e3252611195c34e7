/**
 * The WeChat access token, held once per process (WeChat's 中控 advice): fetched from `stable_token` in normal
 * mode, one fetch in flight at a time, refreshed ahead of expiry. `force_refresh` is never used: it is capped
 * at 20 a day and meant for leaked tokens, so only a person should trigger it.
 */

/** Token-use errcodes that mean "fetch a new token and try once more". */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001])

/** Why a token could not be fetched (WeChat errcode, or a network/HTTP problem when errcode is null). */
export class WechatTokenError extends Error {
  constructor(
    readonly errcode: number | null,
    message: string,
  ) {
    super(message)
    this.name = 'WechatTokenError'
  }
}

export interface TokenManagerOptions {
  baseUrl: string
  appid: string
  secret: string
  /** Clock in ms (tests pass the simulator's). @default Date.now */
  now?: () => number
  /** Refresh this many seconds before the token expires. @default 300 */
  refreshMarginSeconds?: number
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number
}

/** The access token of one appid. */
export interface TokenManager {
  /** A valid token: the cached one, or a fresh one (concurrent callers share one fetch). */
  get(): Promise<string>
  /** Forgets `token` if it is still the cached one (after a 40001/42001), so the next get() fetches. */
  invalidate(token: string): void
  /**
   * Runs `call` with a token; when its result carries 40001/42001, fetches a new token once and retries once.
   * `errcodeOf` reads the errcode of a result (undefined for none).
   */
  withToken<T>(call: (token: string) => Promise<T>, errcodeOf: (result: T) => number | undefined): Promise<T>
  /** How many stable_token requests were made (for tests and metrics). */
  fetchCount(): number
}

interface Cached {
  token: string
  /** When to stop using it (ms): its expiry minus the margin. */
  refreshAt: number
}

/** Creates the token manager for one appid against `baseUrl` (the real WeChat or the simulator). */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const now = options.now ?? Date.now
  const marginMs = (options.refreshMarginSeconds ?? 300) * 1000
  const timeoutMs = options.timeoutMs ?? 5000
  let cached: Cached | null = null
  let inflight: Promise<string> | null = null
  let fetches = 0

  async function fetchToken(): Promise<string> {
    fetches += 1
    let body: unknown
    try {
      const res = await fetch(new URL('/cgi-bin/stable_token', options.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // force_refresh stays false on purpose (see the module comment).
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: options.appid,
          secret: options.secret,
          force_refresh: false,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok) throw new WechatTokenError(null, `stable_token answered HTTP ${res.status}`)
      body = await res.json()
    } catch (err) {
      if (err instanceof WechatTokenError) throw err
      throw new WechatTokenError(
        null,
        `stable_token unreachable: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
    const b: Record<string, unknown> = typeof body === 'object' && body !== null ? { ...body } : {}
    if (typeof b.errcode === 'number' && b.errcode !== 0) {
      throw new WechatTokenError(b.errcode, `stable_token errcode ${b.errcode}: ${String(b.errmsg ?? '')}`)
    }
    if (typeof b.access_token !== 'string' || typeof b.expires_in !== 'number') {
      throw new WechatTokenError(null, 'stable_token answered without a token')
    }
    // A token is never used in its last `margin` seconds; stable_token rotates it in that window anyway.
    cached = { token: b.access_token, refreshAt: now() + Math.max(0, b.expires_in * 1000 - marginMs) }
    return b.access_token
  }

  function get(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token)
    inflight ??= fetchToken().finally(() => {
      inflight = null
    })
    return inflight
  }

  function invalidate(token: string): void {
    if (cached?.token === token) cached = null
  }

  return {
    get,
    invalidate,
    async withToken(call, errcodeOf) {
      const token = await get()
      const first = await call(token)
      const errcode = errcodeOf(first)
      if (errcode === undefined || !TOKEN_ERRCODES.has(errcode)) return first
      invalidate(token)
      return call(await get())
    },
    fetchCount: () => fetches,
  }
}
