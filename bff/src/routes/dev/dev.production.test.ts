import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import { buildConfig } from '../../config'
import { unavailableDatabase } from '../../db'
import type { DevLogin } from '../../deps'
import { createLogger } from '../../logger'

// A simulator's sign-in that answers anything: what a production BFF in WECHAT_MODE=sim would hold.
const openDevLogin: DevLogin = {
  demoUsers: async () => [
    { userKey: 'demo-admin', displayName: '演示管理员', description: '云溪县 系统管理员' },
  ],
  loginCode: async () => 'code-for-anyone',
  requestSubscribe: async () => ({ errMsg: 'requestSubscribeMessage:ok' }),
}

describe('development routes in production', () => {
  it('should answer 404 to every /dev/* route, even with the simulator sign-in at hand', async () => {
    const config = buildConfig({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://cunwu.example.cn',
      ALLOW_WECHAT_SIM_IN_PRODUCTION: 'true',
    })
    const app = createApp({
      config,
      logger: createLogger(config),
      db: unavailableDatabase(),
      devLogin: openDevLogin,
    })
    const server = app.callback()
    expect((await request(server).get('/api/v1/dev/demo-users')).status).toBe(404)
    const code = await request(server).post('/api/v1/dev/login-code').send({ userKey: 'anyone-at-all' })
    expect([code.status, code.body.error?.code]).toEqual([404, 'not_found'])
    expect(
      (
        await request(server)
          .post('/api/v1/dev/subscribe-message')
          .send({ templateIds: ['t'] })
      ).status,
    ).toBe(404)
    expect((await request(server).get('/api/v1/dev/clock')).status).toBe(404)
    expect((await request(server).post('/api/v1/dev/upkeep')).status).toBe(404)
  })

  it('should serve the development sign-in outside production', async () => {
    const config = buildConfig()
    const app = createApp({
      config,
      logger: createLogger(config),
      db: unavailableDatabase(),
      devLogin: openDevLogin,
    })
    const res = await request(app.callback()).post('/api/v1/dev/login-code').send({ userKey: 'demo-admin' })
    expect([res.status, res.body]).toEqual([200, { code: 'code-for-anyone' }])
  })
})
