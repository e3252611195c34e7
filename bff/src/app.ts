import Koa from 'koa'
import Router from '@koa/router'
import cors from '@koa/cors'
import { bodyParser } from '@koa/bodyparser'
import { readFileSync } from 'node:fs'
import type { Config } from './config'
import type { Database } from './db'
import type { Logger } from './logger'
import { errorHandler } from './middlewares/error-handler'
import { requestContext } from './middlewares/request-context'
import { securityHeaders } from './middlewares/security-headers'
import { staticFiles } from './middlewares/static-files'
import { healthRouter } from './routes/health/health.router'

/** What the routers and services need; built once by index.ts (or a test) and passed down. */
export interface AppDeps {
  config: Config
  logger: Logger
  db: Database
  version: string
}

const packageJson: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
/** The BFF's version from its package.json. */
export const BFF_VERSION =
  typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson
    ? String(packageJson.version)
    : '0.0.0'

/** Builds the Koa application (middleware and routers) without listening, so tests can drive it directly. */
export function createApp(deps: Omit<AppDeps, 'version'> & { version?: string }): Koa {
  const full: AppDeps = { ...deps, version: deps.version ?? BFF_VERSION }
  const app = new Koa({ proxy: deps.config.TRUST_PROXY })
  // Koa's default handler would print every error to stderr; ours logs through pino with the request id.
  app.silent = true

  const api = new Router({ prefix: '/api/v1' })
  for (const router of [healthRouter(full)]) {
    api.use(router.routes())
  }
  const allowedOrigins = new Set(deps.config.CORS_ORIGINS)

  app
    .use(requestContext(deps.logger))
    .use(errorHandler())
    .use(securityHeaders())
    .use(
      cors({
        origin: (ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
        allowHeaders: ['Content-Type', 'Authorization', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id'],
        maxAge: 600,
      }),
    )
    .use(
      bodyParser({
        enableTypes: ['json', 'form'],
        jsonLimit: deps.config.BODY_LIMIT_BYTES,
        formLimit: deps.config.BODY_LIMIT_BYTES,
      }),
    )
    .use(api.routes())
    // Sets 405/501 with an Allow header; the error handler turns that into the error envelope.
    .use(api.allowedMethods())
  if (deps.config.STATIC_DIR) app.use(staticFiles(deps.config.STATIC_DIR))
  return app
}
