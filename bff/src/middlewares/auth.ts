import type { Context, Middleware } from 'koa'
import type { Role } from '@cunwu/domain'
import { forbidden, notFound, unauthorized } from '../errors'
import { endedGrantRefusal, grantsFor, mayActIn, refusalFor } from '../policies/region.policy'
import type { StandInRule } from '../policies/region.policy'
import { consumeUserLimit } from './rate-limit'
import type { AuthService } from '../services/auth.service'

/** Resolves the region a request acts on (a path parameter, or a record loaded from the database). */
export type RegionResolver = (ctx: Context) => string | undefined | Promise<string | undefined>

/** Methods that only read: a grant ended by its region's merger still counts for them. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Requires a valid access token; puts the user and session on `ctx.state.auth`. On a request that writes, grants
 * whose region was retired (撤并) are marked ended and allow no role there (`markEndedGrants`).
 */
export function auth(getAuth: () => AuthService): Middleware {
  return async function authMiddleware(ctx, next) {
    const header = ctx.get('authorization')
    // The scheme is case-insensitive (RFC 9110 §11.1): some libraries and proxies send `bearer`.
    const match = /^Bearer\s+([A-Za-z0-9._-]+)$/i.exec(header)
    if (!match?.[1]) throw unauthorized()
    const current = await getAuth().authenticate(match[1], { forWrite: !READS.has(ctx.method) })
    ctx.state.auth = current
    // A rate-limited request (an upload, a dev route) also counts against this user's allowance.
    await consumeUserLimit(ctx, current.user._id.toHexString())
    await next()
  }
}

/**
 * Who may act in place of region `code`'s own staff (none for most regions): for a retired (撤并) village, the
 * secretary of the village it merged into and the township or county above it, who publish what it still owes
 * (docs/catalog.md "A retired village").
 */
export type StandInResolver = (code: string) => Promise<readonly StandInRule[]>

/** Resolvers that read a region code the request names (path, body, query): regions are public, records are not. */
const namedRegions = new WeakSet<RegionResolver>()

/**
 * Requires one of `roles` in the region the request acts on. Runs after `auth()` and after `validate()`,
 * so resolvers read validated input. A region that cannot be resolved is a 404, not a 403, and so is the region of a
 * record (any resolver but `fromParam`/`fromBody`/`fromQuery`) none of the user's grants covers: record ids from other
 * regions are not confirmed to exist (`refusalFor`). A user of the record's region lacking the role gets 403. With
 * `standIn`, meeting one of its rules is enough too: `ctx.state.standingInFor` then says so, for the service to check
 * what may be done in that place.
 */
export function authorize(
  roles: readonly Role[],
  region: RegionResolver,
  standIn?: StandInResolver,
): Middleware {
  const middleware: Middleware & { roles?: readonly Role[] } = async function authorizeMiddleware(ctx, next) {
    const current = ctx.state.auth
    if (!current) throw unauthorized()
    const code = await region(ctx)
    if (!code) throw notFound()
    if (!mayActIn(current.user.roles, roles, code)) {
      // The grant of the first rule the user meets: its region is the one acting (`standingInFor.from`).
      for (const rule of standIn ? await standIn(code) : []) {
        const grant = grantsFor(current.user.roles, rule.roles, rule.regionCode)[0]
        if (!grant) continue
        ctx.state.regionCode = code
        ctx.state.standingInFor = { regionCode: code, from: grant.regionCode }
        await next()
        return
      }
      const ended = endedGrantRefusal(current.user.roles, roles, code)
      if (ended) throw ended
      if (namedRegions.has(region)) throw forbidden('您没有该地区的此项权限')
      throw refusalFor(current.user.roles, code, '您没有该地区的此项权限')
    }
    ctx.state.regionCode = code
    await next()
  }
  middleware.roles = roles
  return middleware
}

/** Marks a resolver as reading a region code named in the request. */
function named(resolver: RegionResolver): RegionResolver {
  namedRegions.add(resolver)
  return resolver
}

/** Region from a validated path parameter. */
export const fromParam = (name: string): RegionResolver =>
  named((ctx) => {
    const value: unknown = ctx.state.input?.params?.[name]
    return typeof value === 'string' ? value : undefined
  })

/** Region from a validated body field. */
export const fromBody = (name: string): RegionResolver =>
  named((ctx) => {
    const value: unknown = ctx.state.input?.body?.[name]
    return typeof value === 'string' ? value : undefined
  })

/** Region from a validated query field. */
export const fromQuery = (name: string): RegionResolver =>
  named((ctx) => {
    const value: unknown = ctx.state.input?.query?.[name]
    return typeof value === 'string' ? value : undefined
  })

/** Requires one of `roles` anywhere; the service then checks each affected region (e.g. a multi-region import). */
export function requireAnyRole(roles: readonly Role[]): Middleware {
  return async function requireAnyRoleMiddleware(ctx, next) {
    const current = ctx.state.auth
    if (!current) throw unauthorized()
    if (!current.user.roles.some((g) => roles.includes(g.role))) throw forbidden()
    await next()
  }
}

/** Authenticates when a token is present (public routes that show more to staff); a bad token is still a 401. */
export function optionalAuth(getAuth: () => AuthService): Middleware {
  const required = auth(getAuth)
  return async function optionalAuthMiddleware(ctx, next) {
    if (!ctx.get('authorization')) return next()
    return required(ctx, next)
  }
}
