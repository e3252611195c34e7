import Router from '@koa/router'
import { ErrorCode, type HealthDto } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../errors'

const startedAt = Date.now()

/**
 * `GET /api/v1/health` (also mounted at `/health`, app.ts): process and database status. 200 when the database is
 * up; 503 otherwise, with the same body (`degraded` and the database's state) and the error envelope's `error`, so a
 * monitor that reads only the status code sees the service down while every API call would answer 503.
 */
export function healthRouter(deps: AppDeps): Router {
  const router = new Router()
  router.get('/health', async function getHealth(ctx) {
    const database = await deps.db.status()
    const body: HealthDto = {
      status: database.state === 'up' ? 'ok' : 'degraded',
      service: 'cunwu-bff',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      time: new Date().toISOString(),
      database,
    }
    ctx.set('Cache-Control', 'no-store')
    if (database.state !== 'up') {
      ctx.status = 503
      body.error = { code: ErrorCode.ServiceUnavailable, message: DATABASE_UNAVAILABLE_MESSAGE }
    }
    ctx.body = body
  })
  return router
}
