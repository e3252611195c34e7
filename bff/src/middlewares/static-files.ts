import fs from 'node:fs'
import path from 'node:path'
import send from 'koa-send'
import type { Middleware } from 'koa'

/** Cache-Control of files whose name carries a content hash: a new build gives them new names. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable'

// webpack's [contenthash:8]/[chunkhash] part of a file name, e.g. app.1a5ee960.js or app.d878d8de3485a4e2.css.
const HASHED_NAME = /\.[0-9a-f]{8,}\./

/** Whether a served file may be cached for a year (hashed name) or must be revalidated (index.html, sw.js). */
export function cacheControlFor(fileName: string): string {
  return HASHED_NAME.test(path.basename(fileName)) ? IMMUTABLE_CACHE : 'no-cache'
}

// Files a page loads as subresources (scripts, stylesheets, images, fonts). A browser applies these headers only to
// a document (or a worker's own script): CSP, framing, opener isolation and the legacy IE/Flash/DNS switches. On a
// subresource they are bytes with no effect, about 0.6 KB on each of the first screen's files over HTTP/1.1. The
// service worker (sw.js), index.html and SVG (a document when opened on its own) keep them; X-Content-Type-Options,
// Cross-Origin-Resource-Policy and Referrer-Policy do apply to subresources and stay on every file.
const SUBRESOURCE = /\.(?:js|css|png|jpe?g|gif|webp|ico|woff2?|ttf|map)$/
const WORKER_SCRIPT = /(?:^|\/)sw\.js$/
const DOCUMENT_ONLY_HEADERS = [
  'Content-Security-Policy',
  'Cross-Origin-Opener-Policy',
  'Origin-Agent-Cluster',
  'X-Frame-Options',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
]

/** Whether the headers that only a document (or a worker) obeys can be left off the file `fileName`. */
export function isSubresource(fileName: string): boolean {
  return SUBRESOURCE.test(fileName) && !WORKER_SCRIPT.test(fileName)
}

/**
 * Serves the H5 build from `root` for GET/HEAD requests outside `/api`. Hashed assets are cached for a year;
 * index.html and the service worker never are, so a new build reaches villagers on their next visit. Where the
 * build left `<file>.br` / `<file>.gz` beside a file (scripts/precompress-h5.mjs), the client gets the one its
 * Accept-Encoding allows, with `Content-Encoding` set; `Vary: Accept-Encoding` tells caches the answer depends on
 * it (docs/offline.md). Scripts, stylesheets and images go without the headers only documents obey (above).
 */
export function staticFiles(root: string): Middleware {
  const absolute = path.resolve(root)
  return async function staticFilesMiddleware(ctx, next) {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) return next()
    if (!fs.existsSync(path.join(absolute, 'index.html'))) return next()
    const file = ctx.path === '/' ? '/index.html' : ctx.path
    try {
      await send(ctx, file, {
        root: absolute,
        brotli: true,
        gzip: true,
        setHeaders(res, filePath) {
          // koa-send passes the path it serves, which may end in .br/.gz: the policy follows the original name.
          const original = filePath.replace(/\.(?:br|gz)$/, '')
          res.setHeader('Cache-Control', cacheControlFor(original))
          if (isSubresource(original)) for (const name of DOCUMENT_ONLY_HEADERS) res.removeHeader(name)
        },
      })
      ctx.vary('Accept-Encoding')
    } catch (err) {
      const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : 500
      if (status !== 404) throw err
      return next()
    }
  }
}
