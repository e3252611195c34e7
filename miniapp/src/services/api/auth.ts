import { z } from 'zod'
import { AuthTokensDtoSchema, DemoUserDtoSchema, type AuthTokensDto, type DemoUserDto } from '@cunwu/domain'
import { request } from '@/services/request'

const DemoUsersSchema = z.object({ users: z.array(DemoUserDtoSchema) })
const LoginCodeSchema = z.object({ code: z.string().min(1) })

/** Exchanges a one-time WeChat login code (from `Taro.login`, or the dev sign-in in H5) for tokens. */
export function signInWithCode(code: string): Promise<AuthTokensDto> {
  return request('/api/v1/auth/wechat', {
    method: 'POST',
    body: { code },
    schema: AuthTokensDtoSchema,
    auth: false,
  })
}

/** Trades the refresh token for new tokens; the old refresh token stops working at once. */
export function refreshTokens(refreshToken: string): Promise<AuthTokensDto> {
  return request('/api/v1/auth/refresh', {
    method: 'POST',
    body: { refreshToken },
    schema: AuthTokensDtoSchema,
    auth: false,
  })
}

/** Ends the current session on the server (the tokens stop working). */
export async function logout(): Promise<void> {
  await request('/api/v1/auth/logout', { method: 'POST' })
}

/** Lists the demo people of the development sign-in page; 404 when the BFF talks to the real WeChat. */
export async function listDemoUsers(): Promise<DemoUserDto[]> {
  const { users } = await request('/api/v1/dev/demo-users', { schema: DemoUsersSchema, auth: false })
  return users
}

/** Gets a login code for a demo person from the WeChat simulator (stands in for `wx.login` in H5). */
export async function getDemoLoginCode(userKey: string): Promise<string> {
  const { code } = await request('/api/v1/dev/login-code', {
    method: 'POST',
    body: { userKey },
    schema: LoginCodeSchema,
    auth: false,
  })
  return code
}
