import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../../testing/build-app'

// An app without the development sign-in is what production runs (WECHAT_MODE=real leaves devLogin null).
describe('development clock without the development sign-in', () => {
  it('should answer 404 to the clock and the upkeep', async () => {
    const server = buildAppWithoutDb().callback()
    expect((await request(server).get('/api/v1/dev/clock')).status).toBe(404)
    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(404)
    expect((await request(server).post('/api/v1/dev/upkeep')).status).toBe(404)
  })
})
