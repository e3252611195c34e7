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

/** Longest path written to a request's log line; past it the path is cut and its full length noted. */
const MAX_LOGGED_URL_LENGTH = 1_024

/** A query parameter's name that is kept in the log (the names the API uses); any other may be typed text. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,32}$/

/**
 * The URL as logged, with no personal data or secret in it: the path (its first MAX_LOGGED_URL_LENGTH characters
 * when a client sent a longer one), an invite's code replaced by `…` (whoever holds it can join the village), and of
 * the query only the names of its parameters (`/api/v1/search?q=…&regionCode=…`): what staff type into a search
 * (names, ID numbers) and a photo's token stay out of the logs.
 */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?')
  const path = (mark === -1 ? url : url.slice(0, mark)).replace(/^(\/api\/v1\/invites\/)[^/]+/, '$1…')
  const shown =
    path.length <= MAX_LOGGED_URL_LENGTH
      ? path
      : `${path.slice(0, MAX_LOGGED_URL_LENGTH)}…(${url.length} characters)`
  if (mark === -1) return shown
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? ''
      return PLAIN_NAME.test(name) ? `${name}=…` : '…'
    })
  return `${shown}?${names.slice(0, 20).join('&')}`
}
