import Router from '@koa/router'
import { AccountLookupQuerySchema, AdminListQuerySchema, RoleGrantCreateSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromBody, fromQuery, requireAnyRole } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentAuditEvent } from '../../presenters/audit.presenter'
import { presentUserSummary } from '../../presenters/user.presenter'
import { mayActIn } from '../../policies/region.policy'
import { actorOf, currentUser } from '../actor'

const Grant = { body: RoleGrantCreateSchema }
const InRegion = { query: AdminListQuerySchema }
const Lookup = { query: AccountLookupQuerySchema }

/** The id the next page starts before: the last one of a full page, null when this page was the last. */
function nextBefore(page: readonly { _id: { toHexString(): string } }[], limit: number): string | null {
  return page.length === limit ? (page[page.length - 1]?._id.toHexString() ?? null) : null
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
      const service = deps.services().users
      const users = await service.listInRegion(query.regionCode, query.limit, query.before)
      const [names, endings] = await Promise.all([
        service.roleRegionNames(users),
        deps.services().regionRetirements.retiredOnOf(users.flatMap((u) => u.roles.map((r) => r.regionCode))),
      ])
      const admin = currentUser(ctx)
      const visible = (code: string) => mayActIn(admin.roles, ['admin'], code)
      ctx.body = {
        users: users.map((u) => presentUserSummary(u, visible, names, endings)),
        nextBefore: nextBefore(users, query.limit),
      }
    },
  )

  router.get(
    '/admin/users/lookup',
    requireAuth,
    requireAnyRole(['admin']),
    validate(Lookup),
    async function lookupUser(ctx) {
      const service = deps.services().users
      const user = await service.findByAccountCode(inputOf(ctx, Lookup).query.code)
      const [names, endings] = await Promise.all([
        service.roleRegionNames([user]),
        deps.services().regionRetirements.retiredOnOf(user.roles.map((r) => r.regionCode)),
      ])
      const admin = currentUser(ctx)
      const visible = (code: string) => mayActIn(admin.roles, ['admin'], code)
      ctx.body = { user: presentUserSummary(user, visible, names, endings) }
    },
  )

  router.get(
    '/admin/audit',
    requireAuth,
    validate(InRegion),
    authorize(['admin', 'county'], fromQuery('regionCode')),
    async function listAudit(ctx) {
      const { query } = inputOf(ctx, InRegion)
      const events = await deps.services().audit.list(query.regionCode, query.limit, query.before)
      const names = await deps.services().auditNames.namesFor(events)
      ctx.body = {
        events: events.map((e) => presentAuditEvent(e, names)),
        nextBefore: nextBefore(events, query.limit),
      }
    },
  )
  return router
}
