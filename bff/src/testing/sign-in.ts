import request from 'supertest'
import type Koa from 'koa'
import { AuthTokensDtoSchema } from '@cunwu/domain'
import type { AuthTokensDto } from '@cunwu/domain'

/** Signs a demo person in the way the H5 app does: a code from the simulator, exchanged at /auth/wechat. */
export async function signIn(app: Koa, userKey: string): Promise<AuthTokensDto & { auth: string }> {
  const server = app.callback()
  const code = await request(server).post('/api/v1/dev/login-code').send({ userKey })
  if (code.status !== 200) throw new Error(`login-code failed: ${code.status} ${JSON.stringify(code.body)}`)
  const res = await request(server).post('/api/v1/auth/wechat').send({ code: code.body.code })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`)
  const tokens = AuthTokensDtoSchema.parse(res.body)
  return { ...tokens, auth: `Bearer ${tokens.accessToken}` }
}

/**
 * Makes the demo person `userKey` a (second) secretary of `village`, granted by the admin whose Authorization is
 * `adminAuth`, and returns their Authorization signed in again with the new grant.
 */
export async function signInAsGrantedSecretary(
  app: Koa,
  adminAuth: string,
  userKey: string,
  village: string,
): Promise<string> {
  const server = app.callback()
  const before = (await signIn(app, userKey)).auth
  const me = await request(server).get('/api/v1/me').set('Authorization', before)
  const granted = await request(server)
    .post('/api/v1/admin/role-grants')
    .set('Authorization', adminAuth)
    .send({ userId: String(me.body.id), role: 'secretary', regionCode: village })
  if (granted.status !== 204)
    throw new Error(`grant failed: ${granted.status} ${JSON.stringify(granted.body)}`)
  return (await signIn(app, userKey)).auth
}
