import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATES } from '@cunwu/wechat-sim'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'

describe('POST /api/v1/dev/subscribe-message', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should answer like wx.requestSubscribeMessage and give the simulated user a send credit', async () => {
    const villager = await signIn(t.app, 'demo-villager')
    const templateId = DEFAULT_TEMPLATES[0]?.templateId ?? ''
    const res = await request(t.app.callback())
      .post('/api/v1/dev/subscribe-message')
      .set('Authorization', villager.auth)
      .send({ templateIds: [templateId] })
    expect(res.status).toBe(200)
    expect(res.body.errMsg).toBe('requestSubscribeMessage:ok')
    expect(res.body[templateId]).toBe('accept')
    const credits = t.runtime.wechatSim?.control.subscriptions({ userKey: 'demo-villager' }) ?? []
    expect(credits.some((c) => c.templateId === templateId)).toBe(true)
  })

  it('should refuse more than 3 templates and anonymous callers', async () => {
    const villager = await signIn(t.app, 'demo-villager')
    const many = await request(t.app.callback())
      .post('/api/v1/dev/subscribe-message')
      .set('Authorization', villager.auth)
      .send({ templateIds: ['a', 'b', 'c', 'd'] })
    expect(many.status).toBe(400)
    const anon = await request(t.app.callback())
      .post('/api/v1/dev/subscribe-message')
      .send({ templateIds: ['a'] })
    expect(anon.status).toBe(401)
  })
})
