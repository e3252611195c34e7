import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildAppWithoutDb, buildTestApp } from '../../testing/build-app'

// An app without the development sign-in is what production runs (WECHAT_MODE=real leaves devLogin null).
describe('development clock without the development sign-in', () => {
  it('should answer 404 to the clock and the upkeep', async () => {
    const server = buildAppWithoutDb().callback()
    expect((await request(server).get('/api/v1/dev/clock')).status).toBe(404)
    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(404)
    expect((await request(server).post('/api/v1/dev/upkeep')).status).toBe(404)
  })
})

describe('development clock', () => {
  it('should refuse a move that leaves 2000-2099 and keep the clock where it was (422)', async () => {
    const t = await buildTestApp()
    try {
      const server = t.app.callback()
      const before = (await request(server).get('/api/v1/dev/clock')).body.now
      // Ten moves of ten years each would take the clock past 2100; the one that would is refused.
      let refused = null
      for (let i = 0; i < 10 && !refused; i++) {
        const res = await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3650 })
        if (res.status !== 200) refused = res
      }
      expect([refused?.status, refused?.body.error.code]).toEqual([422, 'unprocessable_entity'])
      const far = await request(server).post('/api/v1/dev/clock').send({ setTo: '1960-01-01T00:00:00Z' })
      expect(far.status).toBe(422)
      const back = await request(server).post('/api/v1/dev/clock').send({ setTo: before })
      expect(back.status).toBe(200)
      expect(Math.abs(Date.parse(back.body.now) - Date.parse(before))).toBeLessThan(5_000)
    } finally {
      await t.close()
    }
  }, 60_000)
})
