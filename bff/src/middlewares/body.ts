import { bodyParser } from '@koa/bodyparser'
import type { Middleware } from 'koa'
import { invalidBodyEncoding, unsupportedMediaType } from '../errors'

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

function isEncoded(header: string): boolean {
  return header !== '' && header.toLowerCase() !== 'identity'
}

/**
 * Whether the request carries a body at all: a `Transfer-Encoding` or a non-zero `Content-Length` (HTTP/1.1 §6.3;
 * type-is's hasBody, without counting a declared length of 0 as a body). A request without one declares nothing
 * to read, whatever its Content-Type says (some HTTP stacks set `application/json` on every request).
 */
function carriesBody(ctx: Parameters<Middleware>[0]): boolean {
  if (ctx.get('transfer-encoding') !== '') return true
  const length = ctx.request.length
  return typeof length === 'number' && length > 0
}

function hasHttpStatus(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
}

/**
 * Parses JSON and form bodies up to `limitBytes`. A body of any other type is refused with 415, except
 * multipart, which upload routes read themselves. A request with no body is an empty object (`{}`) whatever its
 * Content-Type: routes whose body is optional serve it, routes that need fields answer their 400
 * `validation_error`. A gzip, deflate or br body that does not decode is a 400
 * `invalid_body_encoding` (the parser inflates it; zlib's error carries no HTTP status).
 */
export function bodyParsing(limitBytes: number): Middleware {
  const parse = bodyParser({
    enableTypes: ['json', 'form'],
    parsedMethods: BODY_METHODS,
    jsonLimit: limitBytes,
    formLimit: limitBytes,
  })
  return async function bodyParsingMiddleware(ctx, next) {
    // GET and HEAD (every read) carry no body to parse: straight on, as the parser itself would go.
    if (!BODY_METHODS.includes(ctx.method)) return next()
    if (carriesBody(ctx) && ctx.request.type !== '') {
      if (!ctx.request.is('json', 'urlencoded', 'multipart')) throw unsupportedMediaType()
    }
    let parsed = false
    try {
      return await parse(ctx, () => {
        parsed = true
        return next()
      })
    } catch (err) {
      // A failure while reading a compressed body is zlib's or brotli's, with no HTTP status of its own; errors
      // from later middleware (after `parsed`) pass through untouched.
      if (!parsed && isEncoded(ctx.get('content-encoding')) && !hasHttpStatus(err))
        throw invalidBodyEncoding()
      throw err
    }
  }
}
