import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { Logger } from '../logger'
import type { PublicJson } from '../lib/public-json'
import { COMPRESSION_THRESHOLD_BYTES } from './compression'
import { REQUEST_ID, loggedUrl } from './request-context'
import { recordedSecurityHeaders } from './security-headers'

/** What the fast path needs to know about the app it stands in front of. */
export interface PublicFastPathOptions {
  logger: Logger
  /** The kept public answer of an anonymous GET of this URL, when it can be sent now (DisclosureFeedService). */
  answerAt: (url: string) => PublicJson | undefined
  /** Whether a rate limit applies to a GET of this path (then the request takes the ordinary way, which counts it). */
  limited: (path: string) => boolean
  /** Koa's `proxy` setting: X-Forwarded-Proto is believed. */
  trustProxy: boolean
  /** Every request reached us over TLS (production): the security headers of `securityHeaders({ alwaysTls })`. */
  alwaysTls: boolean
}

/** A request the fast path answers: it returns true once the response is sent; false leaves it to Koa. */
export type PublicFastPath = (req: IncomingMessage, res: ServerResponse) => boolean

const VARY = 'Accept-Encoding, Origin'

/**
 * Whether the ordinary route sent gzip (`ctx.acceptsEncodings('gzip', 'identity') === 'gzip'`) for each
 * Accept-Encoding value it saw (undefined for none): the fast path decides as it did, and leaves a value it has not seen
 * to the ordinary way. Clients send few distinct values.
 */
const gzipFor = new Map<string | undefined, boolean>()
const MAX_ENCODINGS_KEPT = 1_000

/** Records the ordinary route's choice of gzip for a request's Accept-Encoding (see `gzipFor`). */
export function noteGzipChoice(acceptEncoding: string | undefined, gzip: boolean): void {
  if (gzipFor.get(acceptEncoding) === gzip) return
  if (gzipFor.size >= MAX_ENCODINGS_KEPT) gzipFor.clear()
  gzipFor.set(acceptEncoding, gzip)
}

/**
 * Answers anonymous GETs of kept public answers (the village feed, an item's public view, searches: URLs the
 * ordinary route served before, see DisclosureFeedService.rememberPublicUrl) before Koa, with the same status,
 * headers in the same order and the same bytes as the middleware chain would send: the request id, helmet's recorded
 * security headers, `Vary: Accept-Encoding, Origin` (compression and CORS), Cache-Control, ETag and 304, gzip when
 * negotiated, and the request's log line. Anything else takes the ordinary way: a signed-in request (its view is
 * decided by `auth`), a request with an Origin (CORS answers it), a body, a rate-limited path, an answer not
 * loaded or whose region's version is due to be checked, an encoding only koa-compress would make (br), or a
 * forwarded protocol the security headers would have to read.
 */
export function publicFastPath(options: PublicFastPathOptions): PublicFastPath {
  const { logger, answerAt, limited, trustProxy, alwaysTls } = options
  return function publicFastPath(req, res) {
    if (req.method !== 'GET') return false
    const url = req.url ?? ''
    if (!url.startsWith('/api/v1/')) return false
    const headers = req.headers
    if (
      headers.authorization !== undefined ||
      headers.origin !== undefined ||
      headers['content-length'] !== undefined ||
      headers['transfer-encoding'] !== undefined
    )
      return false
    const encrypted = (req.socket as TLSSocket).encrypted === true
    if (!alwaysTls && !encrypted && trustProxy && headers['x-forwarded-proto'] !== undefined) return false
    const security = recordedSecurityHeaders(alwaysTls || encrypted)
    if (!security) return false
    const answer = answerAt(url)
    if (!answer) return false
    const query = url.indexOf('?')
    if (limited(query === -1 ? url : url.slice(0, query))) return false

    const notModified = headers['if-none-match'] === answer.etag
    let body: Buffer | undefined
    let gzip = false
    if (!notModified) {
      const acceptEncoding = headers['accept-encoding']
      const choice = gzipFor.get(acceptEncoding)
      if (choice === undefined) return false
      gzip = choice
      if (gzip) body = answer.gzip()
      else {
        // koa-compress would compress a JSON body this large for a client that accepts an encoding other than gzip
        // (it treats a missing or empty Accept-Encoding as identity).
        body = answer.bytes()
        if (acceptEncoding && body.length >= COMPRESSION_THRESHOLD_BYTES) return false
      }
    }

    const started = performance.now()
    const incoming = headers['x-request-id']
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    const out: string[] = ['X-Request-Id', requestId]
    for (const [name, value] of security.set) {
      if (Array.isArray(value)) for (const v of value as readonly string[]) out.push(name, v)
      else out.push(name, String(value))
    }
    out.push('Vary', VARY, 'Cache-Control', 'no-cache', 'ETag', answer.etag)
    if (body) {
      out.push('Content-Type', 'application/json; charset=utf-8')
      if (gzip) out.push('Content-Encoding', 'gzip')
      out.push('Content-Length', String(body.length))
    }
    const status = notModified ? 304 : 200
    res.writeHead(status, out)
    res.end(body)
    if (logger.isLevelEnabled('info')) {
      const ms = Math.round((performance.now() - started) * 10) / 10
      logger.info({ requestId, method: 'GET', url: loggedUrl(url), status, ms }, 'request')
    }
    return true
  }
}
