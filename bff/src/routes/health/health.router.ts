import Router from '@koa/router'
import type { HealthDto } from '@cunwu/domain'
import type { AppDeps } from '../../deps'

const startedAt = Date.now()

/**
 * `GET /api/v1/health`: process and database status. Always 200 while the process answers, so the app can
 * show a degraded state; monitors read `status`.
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
    ctx.body = body
  })
  return router
}
