import fs from 'node:fs'
import path from 'node:path'
import send from 'koa-send'
import type { Middleware } from 'koa'

/**
 * Serves the H5 build from `root` for GET/HEAD requests outside `/api`. Hashed assets are cached for a year;
 * index.html never is, so a new build reaches villagers on their next visit.
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
        setHeaders(res, filePath) {
          const immutable = /\.[0-9a-f]{8,}\./.test(path.basename(filePath))
          res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        },
      })
    } catch (err) {
      const status = typeof err === 'object' && err !== null && 'status' in err ? err.status : 500
      if (status !== 404) throw err
      return next()
    }
  }
}
