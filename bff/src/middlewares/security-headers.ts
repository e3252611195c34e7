import helmet from 'koa-helmet'
import type { Middleware } from 'koa'

/** When HSTS and `upgrade-insecure-requests` are sent. */
export interface SecurityHeadersOptions {
  /**
   * Every request reached us over HTTPS (production, where WeChat requires it). Otherwise a request counts as
   * HTTPS only when Koa says it is secure: TLS on this socket, or `X-Forwarded-Proto: https` with TRUST_PROXY.
   * @default false
   */
  alwaysTls?: boolean
}

function headers(tls: boolean): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
        // Over plain HTTP (the H5 app on a LAN address) this would send every asset request to https:// and break
        // the page; it belongs only to pages served over TLS.
        'upgrade-insecure-requests': tls ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Browsers ignore HSTS over HTTP (RFC 6797 §8.1), and sending it there only misleads: see docs/http-hardening.md.
    strictTransportSecurity: tls,
  })
}

/** The headers a helmet middleware sets, in its order, and the ones it removes: its options are fixed, so are they. */
export interface RecordedHeaders {
  set: Array<[string, string | number | readonly string[]]>
  removed: string[]
}

/** Runs a helmet middleware once against a response that only records, so requests need not run its chain. */
async function record(middleware: Middleware): Promise<RecordedHeaders> {
  const recorded: RecordedHeaders = { set: [], removed: [] }
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set.push([name, value])
      return res
    },
    removeHeader(name: string) {
      recorded.removed.push(name)
    },
  }
  // koa-helmet calls helmet(ctx.req, ctx.res, done); with static directives helmet reads nothing of the request.
  await middleware({ req: {}, res } as unknown as Parameters<Middleware>[0], () => Promise.resolve())
  return recorded
}

/** Both variants of helmet's output, recorded once per process (the options are constants). */
let recordedSets: { overTls: RecordedHeaders; plain: RecordedHeaders } | undefined
const recording = Promise.all([record(headers(true)), record(headers(false))]).then(
  ([overTls, plain]) => (recordedSets = { overTls, plain }),
)

/**
 * The headers `securityHeaders` sets on a response over TLS or not, once recorded (right after the module loads);
 * undefined before. The public fast path sets the same list.
 */
export function recordedSecurityHeaders(tls: boolean): RecordedHeaders | undefined {
  return recordedSets && (tls ? recordedSets.overTls : recordedSets.plain)
}

/**
 * Security headers for the API and the H5 pages (CSP allows only our own origin plus inline styles Taro emits).
 * HSTS and `upgrade-insecure-requests` go out only over HTTPS. Helmet's output is recorded once per variant and
 * set directly on every response, without its chain of a dozen middlewares per request.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): Middleware {
  return async function securityHeadersMiddleware(ctx, next) {
    const recorded = recordedSets ?? (await recording)
    const { set, removed } = options.alwaysTls || ctx.secure ? recorded.overTls : recorded.plain
    const res = ctx.res
    for (const [name, value] of set) res.setHeader(name, value)
    for (const name of removed) res.removeHeader(name)
    return next()
  }
}
