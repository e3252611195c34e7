import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { devClockModel } from '../../models/DevClock.model'
import { ClockService } from '../../services/clock.service'
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

describe('development clock shared by instances', () => {
  it('should count every move of ten sent at once, and answer each with the offset its write stored', async () => {
    const t = await buildTestApp()
    try {
      const models = t.services?.models
      const clock = t.services?.clock
      if (!models || !clock) throw new Error('no services')
      // As runtime.ts shares it between workers; a second instance reads the same document.
      clock.shareThrough(devClockModel(models.Disclosure.db))
      const other = new ClockService()
      other.shareThrough(devClockModel(models.Disclosure.db))
      const server = t.app.callback()
      for (let round = 0; round < 3; round++) {
        const before = (await request(server).get('/api/v1/dev/clock')).body.offsetMs as number
        const all = await Promise.all(
          Array.from({ length: 10 }, () =>
            request(server).post('/api/v1/dev/clock').send({ advanceDays: 1 }),
          ),
        )
        for (const r of all) expect(r.status).toBe(200)
        // Each answer is one step of the ten: no two moves were told the same offset.
        const told = all.map((r) => (r.body.offsetMs as number) - before).sort((a, b) => a - b)
        expect(told).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 86_400_000))
        await other.refresh()
        expect(other.offset() - before).toBe(10 * 86_400_000)
        expect((await request(server).get('/api/v1/dev/clock')).body.offsetMs - before).toBe(10 * 86_400_000)
      }
      const back = await request(server).post('/api/v1/dev/clock').send({ advanceDays: -30 })
      expect(back.status).toBe(200)
      // A shared move past 2099 is refused and changes nothing.
      let last = back.body.offsetMs as number
      let refused = null
      for (let i = 0; i < 10 && !refused; i++) {
        const res = await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3650 })
        if (res.status === 200) last = res.body.offsetMs
        else refused = res
      }
      expect([refused?.status, refused?.body.error.code]).toEqual([422, 'unprocessable_entity'])
      await other.refresh()
      expect(other.offset()).toBe(last)
      await request(server).post('/api/v1/dev/clock').send({ setTo: new Date().toISOString() })
    } finally {
      await t.close()
    }
  }, 60_000)
})
