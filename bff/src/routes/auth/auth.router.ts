import Router from '@koa/router'
import { ActiveRoleSchema, AuthRefreshSchema, AuthWechatSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentMe } from '../../presenters/user.presenter'
import { actorOf, currentUser } from '../actor'

const SignIn = { body: AuthWechatSchema }
const Refresh = { body: AuthRefreshSchema }
const SetActiveRole = { body: ActiveRoleSchema }

/** Sign-in with WeChat, token refresh, logout, and the signed-in user's profile. */
export function authRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)

  router.post('/auth/wechat', validate(SignIn), async function signIn(ctx) {
    const { body } = inputOf(ctx, SignIn)
    ctx.body = await deps.services().auth.signInWithWechat(body.code, ctx.state.requestId)
  })

  router.post('/auth/refresh', validate(Refresh), async function refresh(ctx) {
    ctx.body = await deps.services().auth.refresh(inputOf(ctx, Refresh).body.refreshToken)
  })

  router.post('/auth/logout', requireAuth, async function logout(ctx) {
    const session = ctx.state.auth?.sessionId
    if (session) await deps.services().auth.logout(session, actorOf(ctx))
    ctx.status = 204
  })

  router.get('/me', requireAuth, async function getMe(ctx) {
    ctx.set('Cache-Control', 'no-store')
    const me = await deps.services().users.getMe(currentUser(ctx))
    ctx.body = presentMe(me.user, me.memberships, me.proxies, me.regionNames, me.accountCode)
  })

  router.post('/me/active-role', requireAuth, validate(SetActiveRole), async function setActiveRole(ctx) {
    await deps.services().users.setActiveRole(currentUser(ctx), inputOf(ctx, SetActiveRole).body)
    const me = await deps.services().users.getMe(currentUser(ctx))
    ctx.body = presentMe(me.user, me.memberships, me.proxies, me.regionNames, me.accountCode)
  })
  return router
}
