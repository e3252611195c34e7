import Router from '@koa/router'
import { OutboxListQuerySchema, OutboxMetricsQuerySchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromQuery } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentOutboxMessage } from '../../presenters/notification.presenter'

const List = { query: OutboxListQuerySchema }
const Metrics = { query: OutboxMetricsQuerySchema }

/** Delivery status of WeChat subscribe messages in a region, for admins. */
export function outboxRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().outbox

  router.get(
    '/admin/outbox',
    requireAuth,
    validate(List),
    authorize(['admin'], fromQuery('regionCode')),
    async function listOutbox(ctx) {
      const { query } = inputOf(ctx, List)
      const messages = await svc().list(query.regionCode, query.status, query.limit)
      ctx.body = { messages: messages.map(presentOutboxMessage) }
    },
  )

  router.get(
    '/admin/outbox/metrics',
    requireAuth,
    validate(Metrics),
    authorize(['admin'], fromQuery('regionCode')),
    async function outboxMetrics(ctx) {
      ctx.body = await svc().metrics(inputOf(ctx, Metrics).query.regionCode)
    },
  )
  return router
}
