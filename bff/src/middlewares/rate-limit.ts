import { isIPv6 } from 'node:net'
import type { Context, Middleware } from 'koa'
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Config } from '../config'
import type { Database } from '../db'
import { rateLimited } from '../errors'

/** The requests a client can make the server (or WeChat) work hard for, each limited on its own. */
export type RateLimitPolicy = 'auth' | 'dev' | 'search' | 'upload'

/**
 * The path as the limits compare it: percent-decoded, lower case, duplicate slashes collapsed and trailing slashes
 * trimmed. The API router matches paths case-insensitively and with or without one trailing slash
 * (`/API/V1/auth/wechat/` runs the sign-in), so a policy compared with the raw path could be dodged by spelling it
 * differently (docs/http-hardening.md, "Rate limits"). This folds at least every spelling the router accepts.
 */
export function canonicalPath(path: string): string {
  let decoded = path
  if (decoded.includes('%')) {
    try {
      decoded = decodeURIComponent(decoded)
    } catch {
      // Not decodable: the router does not decode either; compare it as sent.
    }
  }
  const folded = decoded.toLowerCase().replace(/\/{2,}/g, '/')
  return folded.length > 1 ? folded.replace(/\/+$/, '') || '/' : folded
}

/** Which requests fall under which policy; everything else is not limited here. */
export function policyOf(ctx: Pick<Context, 'method' | 'path' | 'is'>): RateLimitPolicy | null {
  const { method } = ctx
  const path = canonicalPath(ctx.path)
  // Each sign-in costs a jscode2session call to WeChat (see docs/http-hardening.md); a refresh costs a session write.
  if (method === 'POST' && (path === '/api/v1/auth/wechat' || path === '/api/v1/auth/refresh')) return 'auth'
  if (path.startsWith('/api/v1/dev/')) return 'dev'
  // The router answers HEAD with the GET route, so a HEAD searches as much as a GET does.
  if ((method === 'GET' || method === 'HEAD') && path === '/api/v1/search') return 'search'
  // Every upload route reads multipart; counting by type also covers a multipart body sent anywhere else.
  if (method === 'POST' && ctx.is('multipart')) return 'upload'
  return null
}

/** Requests allowed per window, per client address and per signed-in user; 0 = not limited. */
function limitsOf(config: Config): Record<RateLimitPolicy, { ip: number; user: number }> {
  return {
    auth: { ip: config.RATE_LIMIT_AUTH_PER_IP, user: 0 },
    dev: { ip: config.RATE_LIMIT_DEV_PER_IP, user: config.RATE_LIMIT_DEV_PER_USER },
    search: { ip: config.RATE_LIMIT_SEARCH_PER_IP, user: 0 },
    upload: { ip: config.RATE_LIMIT_UPLOAD_PER_IP, user: config.RATE_LIMIT_UPLOAD_PER_USER },
  }
}

/** Whether a rate limit applies to a GET of `path` with this config (the public fast path leaves those to Koa). */
export function limitsGet(config: Config): (path: string) => boolean {
  const limits = limitsOf(config)
  const is = () => false as const
  return (path) => {
    const policy = policyOf({ method: 'GET', path, is })
    return policy !== null && (limits[policy].ip > 0 || limits[policy].user > 0)
  }
}

/**
 * The client's address as a limiter key. IPv6 clients usually hold a whole /64, so they are counted by it;
 * IPv4-mapped addresses (::ffff:1.2.3.4) count as the IPv4 address.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped?.[1]) return mapped[1]
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/** Per-request work left for `auth()`: the user limit is known only once the token is verified. */
const pendingUserLimits = new WeakMap<Context, (userId: string) => Promise<void>>()

/** Consumes the signed-in user's allowance for a limited request; called by `auth()` after authenticating. */
export async function consumeUserLimit(ctx: Context, userId: string): Promise<void> {
  await pendingUserLimits.get(ctx)?.(userId)
}

/** How the limiters store their counts. */
export interface RateLimitOptions {
  config: Config
  db: Database
}

/**
 * Limits the requests of `policyOf` per client address (here) and per signed-in user (in `auth()`): over the limit
 * a request is answered 429 `rate_limited` with Retry-After. The counts live in the database (collection
 * `rate_limits`), so several BFF instances on one database share them; if the database fails, each instance falls
 * back to counting in memory rather than failing the request.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const limits = limitsOf(options.config)
  const duration = options.config.RATE_LIMIT_WINDOW_SECONDS
  const limiters = new Map<string, RateLimiterAbstract>()

  const limiterFor = (policy: RateLimitPolicy, scope: 'ip' | 'user'): RateLimiterAbstract => {
    const name = `${policy}-${scope}`
    const existing = limiters.get(name)
    if (existing) return existing
    const points = limits[policy][scope]
    const memory = new RateLimiterMemory({ keyPrefix: name, points, duration })
    // Created on first use: by then the connection is open (or known to be missing).
    const db = options.db.connection?.db
    const limiter = db
      ? new RateLimiterMongo({
          storeClient: db,
          tableName: 'rate_limits',
          keyPrefix: name,
          points,
          duration,
          insuranceLimiter: memory,
          // A client already over the limit is turned away from memory, without a database write per request.
          inMemoryBlockOnConsumed: points + 1,
        })
      : memory
    limiters.set(name, limiter)
    return limiter
  }

  const consume = async (ctx: Context, policy: RateLimitPolicy, scope: 'ip' | 'user', key: string) => {
    try {
      await limiterFor(policy, scope).consume(key)
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
      ctx.set('Retry-After', String(seconds))
      ctx.state.log?.info({ policy, scope }, 'rate limited')
      throw rateLimited(seconds)
    }
  }

  return async function rateLimitMiddleware(ctx, next) {
    const policy = policyOf(ctx)
    if (!policy) return next()
    if (limits[policy].ip > 0) await consume(ctx, policy, 'ip', clientKey(ctx.ip))
    if (limits[policy].user > 0) pendingUserLimits.set(ctx, (userId) => consume(ctx, policy, 'user', userId))
    return next()
  }
}
