import type { Context, Middleware } from 'koa'
import { AppError, unsupportedMediaType } from '../errors'
import { parseJsonBody, readBodyBytes, utf8Text } from '../lib/request-body'

declare module 'koa' {
  interface Request {
    /** The parsed JSON body, `{}` when the request has none (bodyParsing). */
    body?: unknown
    /** The body's text as sent (decoded from its Content-Encoding), for a signature over it (pay callbacks). */
    rawBody?: string
  }
}

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Whether the request carries a body at all: a `Transfer-Encoding` or a non-zero `Content-Length` (HTTP/1.1 §6.3;
 * type-is's hasBody, without counting a declared length of 0 as a body). A request without one declares nothing
 * to read, whatever its Content-Type says (some HTTP stacks set `application/json` on every request).
 */
function carriesBody(ctx: Context): boolean {
  if (ctx.get('transfer-encoding') !== '') return true
  const length = ctx.request.length
  return typeof length === 'number' && length > 0
}

/** A charset other than UTF-8 named on a JSON body (`application/json; charset=gbk`). */
function foreignCharset(ctx: Context): boolean {
  const charset = ctx.request.charset.trim().toLowerCase()
  return charset !== '' && charset !== 'utf-8' && charset !== 'utf8'
}

/**
 * The body's bytes, within `timeoutMs` (`JSON_BODY_TIMEOUT_MS`: the server's own request timeout is sized for
 * uploads); on 408 the connection is closed once the answer is sent, not left reading the rest.
 */
async function readBody(ctx: Context, limitBytes: number, timeoutMs: number): Promise<Buffer> {
  try {
    return await readBodyBytes(ctx.req, limitBytes, timeoutMs)
  } catch (err) {
    if (err instanceof AppError && err.status === 408) {
      const socket = ctx.req.socket
      ctx.res.once('finish', () => socket.destroy())
    }
    throw err
  }
}

/** Whether every byte is 7-bit ASCII. */
function isAscii(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte > 0x7f) return false
  return true
}

/**
 * Reads JSON bodies up to `limitBytes` (docs/http-hardening.md, "Malformed requests are 4xx"). A request with no
 * body is an empty object (`{}`) whatever its Content-Type: routes whose body is optional serve it, routes that
 * need fields answer their 400 `validation_error`. Multipart is left to the upload routes, which read it
 * themselves. Any other body is refused, never taken for an empty one: 415 for a type other than JSON or none at
 * all (RFC 9110 §8.3: an untyped body may be read as application/octet-stream, which no route takes) and for a
 * charset other than UTF-8 on a body that is not plain ASCII, 400 for bytes that are not UTF-8 or text that is not JSON, a body nested too deep or
 * with a key reaching a prototype (`lib/request-body.ts`).
 */
export function bodyParsing(limitBytes: number, timeoutMs: number): Middleware {
  return async function bodyParsingMiddleware(ctx, next) {
    // GET and HEAD (every read) carry no body to parse.
    if (!BODY_METHODS.includes(ctx.method)) return next()
    if (!carriesBody(ctx) || ctx.request.is('multipart')) {
      ctx.request.body = {}
      return next()
    }
    // application/json and the structured-syntax types built on it (application/merge-patch+json, RFC 6839 §3.1).
    if (!ctx.request.is('json', '+json')) throw unsupportedMediaType()
    const bytes = await readBody(ctx, limitBytes, timeoutMs)
    // JSON has no charset parameter (RFC 8259 §11: it has no effect). A body in plain ASCII reads the same in any
    // charset that names it; one that names another charset and holds other bytes would be misread as UTF-8.
    if (foreignCharset(ctx) && !isAscii(bytes))
      throw unsupportedMediaType('不支持这种文字编码，请用 UTF-8 编码发送')
    const text = utf8Text(bytes)
    ctx.request.rawBody = text
    ctx.request.body = parseJsonBody(text)
    return next()
  }
}
