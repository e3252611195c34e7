import Router from '@koa/router'
import { SubscriptionCreateSchema, SubscriptionParamsSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentSubscriptions } from '../../presenters/notification.presenter'
import { currentUser } from '../actor'

const Create = { body: SubscriptionCreateSchema }
const Remove = { params: SubscriptionParamsSchema }

/**
 * The signed-in user's subscriptions: what `wx.requestSubscribeMessage` granted, and the categories or items
 * followed. Any signed-in user may record credits; following needs a villager role (checked by the service,
 * since the village comes from the user's roles rather than the path).
 */
export function subscriptionsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().subscriptions

  router.post('/subscriptions', requireAuth, validate(Create), async function createSubscription(ctx) {
    ctx.status = 201
    ctx.body = presentSubscriptions(await svc().create(currentUser(ctx), inputOf(ctx, Create).body))
  })

  router.get('/subscriptions', requireAuth, async function listSubscriptions(ctx) {
    ctx.body = presentSubscriptions(await svc().listMine(currentUser(ctx)._id))
  })

  router.delete('/subscriptions/:id', requireAuth, validate(Remove), async function removeSubscription(ctx) {
    await svc().remove(currentUser(ctx)._id, inputOf(ctx, Remove).params.id)
    ctx.status = 204
  })
  return router
}
