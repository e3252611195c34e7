import Router from '@koa/router'
import { z } from 'zod'
import { DivisionCodeSchema, RoleGrantCreateSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromBody, fromQuery } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentAuditEvent } from '../../presenters/audit.presenter'
import { presentUserSummary } from '../../presenters/user.presenter'
import { actorOf, currentUser } from '../actor'

const Grant = { body: RoleGrantCreateSchema }
const InRegion = {
  query: z.object({
    regionCode: DivisionCodeSchema,
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
}

/** Role grants by admins, the user list and the audit trail of a region. */
export function adminRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)

  router.post(
    '/admin/role-grants',
    requireAuth,
    validate(Grant),
    authorize(['admin'], fromBody('regionCode')),
    async function grantRole(ctx) {
      await deps.services().users.grantRole(currentUser(ctx), inputOf(ctx, Grant).body, actorOf(ctx))
      ctx.status = 204
    },
  )

  router.delete(
    '/admin/role-grants',
    requireAuth,
    validate(Grant),
    authorize(['admin'], fromBody('regionCode')),
    async function revokeRole(ctx) {
      await deps.services().users.revokeRole(currentUser(ctx), inputOf(ctx, Grant).body, actorOf(ctx))
      ctx.status = 204
    },
  )

  router.get(
    '/admin/users',
    requireAuth,
    validate(InRegion),
    authorize(['admin'], fromQuery('regionCode')),
    async function listUsers(ctx) {
      const { query } = inputOf(ctx, InRegion)
      const users = await deps.services().users.listInRegion(query.regionCode, query.limit)
      ctx.body = { users: users.map(presentUserSummary) }
    },
  )

  router.get(
    '/admin/audit',
    requireAuth,
    validate(InRegion),
    authorize(['admin', 'county'], fromQuery('regionCode')),
    async function listAudit(ctx) {
      const { query } = inputOf(ctx, InRegion)
      const events = await deps.services().audit.list(query.regionCode, query.limit)
      ctx.body = { events: events.map(presentAuditEvent) }
    },
  )
  return router
}
