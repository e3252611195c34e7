import Router from '@koa/router'
import { DevLoginCodeSchema } from '@cunwu/domain'
import type { AppDeps } from '../../app'
import { notFound } from '../../errors'
import { inputOf, validate } from '../../middlewares/validate'

const LoginCode = { body: DevLoginCodeSchema }

/**
 * Development sign-in for the H5 build, where there is no `wx.login`: lists the demo people and gets a login
 * code for one from the WeChat simulator. Answers 404 when the BFF talks to the real WeChat.
 */
export function devRouter(deps: AppDeps): Router {
  const router = new Router()
  const devLogin = () => {
    if (!deps.devLogin) throw notFound()
    return deps.devLogin
  }

  router.get('/dev/demo-users', async function listDemoUsers(ctx) {
    ctx.body = { users: await devLogin().demoUsers() }
  })

  router.post('/dev/login-code', validate(LoginCode), async function getLoginCode(ctx) {
    ctx.body = { code: await devLogin().loginCode(inputOf(ctx, LoginCode).body.userKey) }
  })
  return router
}
