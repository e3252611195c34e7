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

/**
 * Serves the H5 build from `root` for GET/HEAD requests outside `/api`. Hashed assets are cached for a year;
 * index.html and the service worker never are, so a new build reaches villagers on their next visit. Where the
 * build left `<file>.br` / `<file>.gz` beside a file (scripts/precompress-h5.mjs), the client gets the one its
 * Accept-Encoding allows, with `Content-Encoding` set; `Vary: Accept-Encoding` tells caches the answer depends on
 * it (docs/offline.md).
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
          res.setHeader('Cache-Control', cacheControlFor(filePath.replace(/\.(?:br|gz)$/, '')))
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
