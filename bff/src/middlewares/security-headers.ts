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

/**
 * Security headers for the API and the H5 pages (CSP allows only our own origin plus inline styles Taro emits).
 * HSTS and `upgrade-insecure-requests` go out only over HTTPS.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): Middleware {
  const overTls = headers(true)
  const plain = headers(false)
  return function securityHeadersMiddleware(ctx, next) {
    return options.alwaysTls || ctx.secure ? overTls(ctx, next) : plain(ctx, next)
  }
}
