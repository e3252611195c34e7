import Koa from 'koa'
import Router from '@koa/router'
import cors from '@koa/cors'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listenBaseUrl } from './config'
import type { Config } from './config'
import type { Database } from './db'
import type { Logger } from './logger'
import { bodyParsing } from './middlewares/body'
import { compression } from './middlewares/compression'
import { errorHandler } from './middlewares/error-handler'
import { requestContext } from './middlewares/request-context'
import { limitsGet, rateLimit } from './middlewares/rate-limit'
import { publicFastPath } from './middlewares/public-fast-path'
import { securityHeaders } from './middlewares/security-headers'
import { staticFiles } from './middlewares/static-files'
import { wechatVerifyFiles } from './middlewares/wechat-verify-files'
import { healthRouter } from './routes/health/health.router'
import { authRouter } from './routes/auth/auth.router'
import { devRouter } from './routes/dev/dev.router'
import { devClockRouter } from './routes/dev/clock.router'
import { questionsRouter } from './routes/questions/questions.router'
import { wechatPushRouter } from './routes/wechat-push/wechat-push.router'
import { infoRequestsRouter } from './routes/info-requests/info-requests.router'
import { regionsRouter } from './routes/regions/regions.router'
import { catalogRouter } from './routes/catalog/catalog.router'
import { membershipsRouter } from './routes/memberships/memberships.router'
import { adminRouter } from './routes/admin/admin.router'
import { subscriptionsRouter } from './routes/subscriptions/subscriptions.router'
import { outboxRouter } from './routes/outbox/outbox.router'
import { inboxRouter } from './routes/inbox/inbox.router'
import { disclosuresRouter } from './routes/disclosures/disclosures.router'
import { chargesRouter } from './routes/charges/charges.router'
import { payCallbacksRouter } from './routes/pay-callbacks/pay-callbacks.router'
import { ledgerRouter } from './routes/ledger/ledger.router'
import { attachmentsRouter } from './routes/disclosures/attachments.router'
import { tableImportsRouter } from './routes/disclosures/table-imports.router'
import { scheduleRouter } from './routes/disclosures/schedule.router'
import { governmentItemsRouter } from './routes/government-items/government-items.router'
import { alignmentsRouter } from './routes/alignments/alignments.router'
import { meRouter } from './routes/me/me.router'
import { crossChecksRouter } from './routes/cross-checks/cross-checks.router'
import { openDataRouter } from './routes/open-data/open-data.router'
import { postersRouter } from './routes/posters/posters.router'
import { speechRouter } from './routes/disclosures/speech.router'
import { consultationsRouter } from './routes/consultations/consultations.router'
import { serviceGuidesRouter } from './routes/service-guides/service-guides.router'
import { decisionsRouter } from './routes/decisions/decisions.router'
import { setPublicBase } from './routes/request-base'
import { databaseUnavailable } from './errors'
import { canonicalPath } from './middlewares/rate-limit'
import { buildOpenApi } from './lib/openapi'
import { cacheRouteMatches } from './lib/route-match-cache'
import type { Services } from './services'
import type { AppDeps, DevLogin } from './deps'

/** What createApp takes: services are optional so the HTTP layer can be tested without a database. */
export interface CreateAppOptions {
  config: Config
  logger: Logger
  db: Database
  services?: Services | null
  devLogin?: DevLogin | null
  version?: string
  /** Answer anonymous GETs of kept public answers before Koa (default true; tests compare both ways). */
  publicFastPath?: boolean
}

const packageJson: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
/** The BFF's version from its package.json. */
export const BFF_VERSION =
  typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson
    ? String(packageJson.version)
    : '0.0.0'

/** Whether a request waits for the database: every API call but the health check (static files never do). */
function isGated(path: string): boolean {
  const canonical = canonicalPath(path)
  return canonical.startsWith('/api/') && canonical !== '/api/v1/health'
}

/** Builds the Koa application (middleware and routers) without listening, so tests can drive it directly. */
export function createApp(deps: CreateAppOptions): Koa {
  const services = deps.services ?? null
  const full: AppDeps = {
    config: deps.config,
    logger: deps.logger,
    db: deps.db,
    version: deps.version ?? BFF_VERSION,
    devLogin: deps.devLogin ?? null,
    services: () => {
      if (!services) throw databaseUnavailable()
      return services
    },
  }
  // Behind one trusted proxy, the client is the address that proxy appended (the last X-Forwarded-For entry); the
  // first entries are whatever the client sent, so trusting them would let anyone choose their own address.
  const app = new Koa({ proxy: deps.config.TRUST_PROXY, maxIpsCount: 1 })
  // Koa's default handler would print every error to stderr; ours logs through pino with the request id.
  app.silent = true
  // Links the BFF builds (QR codes, WeChat's photo download) start here, never at the request's Host; startServer
  // replaces the configured port with the one it listens on when PUBLIC_BASE_URL is unset.
  setPublicBase(app, deps.config.PUBLIC_BASE_URL ?? listenBaseUrl(deps.config.HOST, deps.config.PORT))
  // Uploads read their own bodies (lib/upload.ts): the slowest they may arrive before 408.
  app.context.uploadPace = {
    minBytesPerSecond: deps.config.UPLOAD_MIN_BYTES_PER_SECOND,
    windowMs: deps.config.UPLOAD_RATE_WINDOW_MS,
  }

  const api = new Router({ prefix: '/api/v1' })
  for (const router of [
    healthRouter(full),
    authRouter(full),
    devRouter(full),
    devClockRouter(full),
    regionsRouter(full),
    catalogRouter(full),
    membershipsRouter(full),
    adminRouter(full),
    subscriptionsRouter(full),
    outboxRouter(full),
    inboxRouter(full),
    disclosuresRouter(full),
    chargesRouter(full),
    payCallbacksRouter(full),
    ledgerRouter(full),
    attachmentsRouter(full),
    tableImportsRouter(full),
    governmentItemsRouter(full),
    alignmentsRouter(full),
    openDataRouter(full),
    postersRouter(full),
    speechRouter(full),
    serviceGuidesRouter(full),
    scheduleRouter(full),
    meRouter(full),
    questionsRouter(full),
    wechatPushRouter(full),
    infoRequestsRouter(full),
    crossChecksRouter(full),
    consultationsRouter(full),
    decisionsRouter(full),
  ]) {
    api.use(router.routes())
  }
  // Built once, after every router is mounted; served as is.
  let openApi: unknown
  api.get('/openapi.json', function getOpenApi(ctx) {
    openApi ??= buildOpenApi(api, { title: '村务通 API', version: full.version })
    ctx.body = openApi
  })
  // Every route is added: from here the same method and path always match the same layers.
  cacheRouteMatches(api)
  const allowedOrigins = new Set(deps.config.CORS_ORIGINS)

  app
    .use(requestContext(deps.logger))
    .use(errorHandler())
    .use(securityHeaders({ alwaysTls: deps.config.NODE_ENV === 'production' }))
    // Wraps the API and the static files: JSON is compressed here, precompressed H5 files pass through.
    .use(compression())
    .use(
      cors({
        origin: (ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
        allowHeaders: ['Content-Type', 'Authorization', 'X-Request-Id', 'Idempotency-Key'],
        exposeHeaders: ['X-Request-Id'],
        maxAge: 600,
      }),
    )
    // WeChat fetches these to verify the domain; they are plain files, not API calls, so no rate limit applies.
    .use(wechatVerifyFiles(deps.config.WECHAT_VERIFY_FILES))
    // While the database is away (its process restarting, the connection lost) every API call but the health check
    // answers 503 at once, instead of waiting for the driver to give up; the driver reconnects by itself.
    .use(async function databaseGate(ctx, next) {
      if (deps.db.connection && !deps.db.connected() && isGated(ctx.path)) throw databaseUnavailable()
      await next()
    })
    // Before the body is read: a client over its limit costs no parsing.
    .use(rateLimit({ config: deps.config, db: deps.db }))
    .use(bodyParsing(deps.config.BODY_LIMIT_BYTES, deps.config.JSON_BODY_TIMEOUT_MS))
    .use(api.routes())
    // Sets 405/501 with an Allow header; the error handler turns that into the error envelope.
    .use(api.allowedMethods())
    // `/health` beside `/api/v1/health`, where monitors and load balancers look first (the H5 app has no such page).
    .use(healthRouter(full).routes())
  if (deps.config.STATIC_DIR) app.use(staticFiles(deps.config.STATIC_DIR))
  if (services && deps.publicFastPath !== false) {
    // Anonymous GETs of kept public answers (feed, items, searches) are answered before Koa with the bytes and
    // headers the chain above would send (middlewares/public-fast-path.ts); everything else goes through it.
    const fast = publicFastPath({
      logger: deps.logger,
      answerAt: (url) => services.feed.publicAnswerAt(url),
      limited: limitsGet(deps.config),
      trustProxy: deps.config.TRUST_PROXY,
      alwaysTls: deps.config.NODE_ENV === 'production',
    })
    const koaCallback = app.callback.bind(app)
    app.callback = () => {
      const handle = koaCallback()
      // HTTP/1 only (the server is node:http); an HTTP/2 request object is not an IncomingMessage.
      return (req, res) =>
        req.httpVersionMajor === 1 &&
        deps.db.connected() &&
        fast(req as IncomingMessage, res as ServerResponse)
          ? Promise.resolve()
          : handle(req, res)
    }
  }
  return app
}
