import Router from '@koa/router'
import { DevLoginCodeSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { inputOf, validate } from '../../middlewares/validate'
import { auth } from '../../middlewares/auth'
import { currentUser } from '../actor'
import { devLoginOf } from './dev-only'
import { z } from 'zod'

const LoginCode = { body: DevLoginCodeSchema }
const Subscribe = {
  body: z.object({
    templateIds: z.array(z.string().min(1).max(64)).min(1).max(3),
    decision: z.enum(['accept', 'reject']).default('accept'),
  }),
}

/**
 * Development sign-in for the H5 build, where there is no `wx.login`: lists the demo people and gets a login
 * code for one from the WeChat simulator. Answers 404 in production and when the BFF talks to the real WeChat
 * (`devLoginOf`).
 */
export function devRouter(deps: AppDeps): Router {
  const router = new Router()
  const devLogin = () => {
    const login = devLoginOf(deps)
    if (!login) throw notFound()
    return login
  }

  router.get('/dev/demo-users', async function listDemoUsers(ctx) {
    ctx.body = { users: await devLogin().demoUsers() }
  })

  router.post('/dev/login-code', validate(LoginCode), async function getLoginCode(ctx) {
    ctx.body = { code: await devLogin().loginCode(inputOf(ctx, LoginCode).body.userKey) }
  })

  // The H5 build's stand-in for wx.requestSubscribeMessage: the signed-in user "taps" accept or reject.
  router.post(
    '/dev/subscribe-message',
    // 404 before the sign-in is checked, so production does not even answer 401 here.
    (_ctx, next) => {
      devLogin()
      return next()
    },
    auth(() => deps.services().auth),
    validate(Subscribe),
    async function subscribe(ctx) {
      const { body } = inputOf(ctx, Subscribe)
      ctx.body = await devLogin().requestSubscribe(currentUser(ctx).openid, body.templateIds, body.decision)
    },
  )
  return router
}
