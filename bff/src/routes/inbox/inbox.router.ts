import Router from '@koa/router'
import { InboxListQuerySchema, InboxParamsSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth } from '../../middlewares/auth'
import { presentInboxPage } from '../../presenters/notification.presenter'
import { inputOf, validate } from '../../middlewares/validate'
import { currentUser } from '../actor'

const List = { query: InboxListQuerySchema }
const Read = { params: InboxParamsSchema }

/** The signed-in user's in-app notifications (every user has an inbox; entries are only ever their own). */
export function inboxRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().inbox

  router.get('/inbox', requireAuth, validate(List), async function listInbox(ctx) {
    ctx.body = presentInboxPage(await svc().list(currentUser(ctx)._id, inputOf(ctx, List).query))
  })

  router.get('/inbox/unread-count', requireAuth, async function unreadCount(ctx) {
    ctx.body = { count: await svc().unreadCount(currentUser(ctx)._id) }
  })

  router.post('/inbox/read-all', requireAuth, async function readAll(ctx) {
    ctx.body = { updated: await svc().markAllRead(currentUser(ctx)._id) }
  })

  router.post('/inbox/:id/read', requireAuth, validate(Read), async function markRead(ctx) {
    await svc().markRead(currentUser(ctx)._id, inputOf(ctx, Read).params.id)
    ctx.status = 204
  })
  return router
}
