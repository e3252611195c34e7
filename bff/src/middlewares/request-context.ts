import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import type { Logger } from '../logger'

/** A caller's X-Request-Id that is kept as the request's id. */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/** Gives every request an id (the caller's X-Request-Id when well-formed) and a child logger carrying it. */
export function requestContext(logger: Logger): Middleware {
  return async function requestContextMiddleware(ctx, next) {
    const incoming = ctx.get('x-request-id')
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = requestId
    // The child logger is made when something logs: most requests log nothing but their closing line below.
    let log: Logger | undefined
    Object.defineProperty(ctx.state, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (log ??= logger.child({ requestId })),
      set: (value: Logger) => {
        log = value
      },
    })
    ctx.set('X-Request-Id', requestId)
    const started = performance.now()
    try {
      await next()
    } finally {
      // Logged after the error handler ran, so the status is the one the client receives. Without a child, the
      // request id goes first in the fields, where the child's binding would have put it: the same line.
      if (logger.isLevelEnabled('info')) {
        const ms = Math.round((performance.now() - started) * 10) / 10
        const fields = { method: ctx.method, url: loggedUrl(ctx.originalUrl), status: ctx.status, ms }
        if (log) log.info(fields, 'request')
        else logger.info({ requestId, ...fields }, 'request')
      }
    }
  }
}

/** Longest URL written to a request's log line; past it the URL is cut and its full length noted. */
const MAX_LOGGED_URL_LENGTH = 1_024

/** The URL as logged: whole, or its first MAX_LOGGED_URL_LENGTH characters when a client sent a longer one. */
export function loggedUrl(url: string): string {
  return url.length <= MAX_LOGGED_URL_LENGTH
    ? url
    : `${url.slice(0, MAX_LOGGED_URL_LENGTH)}…(${url.length} characters)`
}
