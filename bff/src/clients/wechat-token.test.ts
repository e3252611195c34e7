import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APP, startWechatSim } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { createTokenManager } from './wechat-token'

describe('createTokenManager', () => {
  let sim: WechatSim
  beforeAll(async () => {
    sim = await startWechatSim({ port: 0 })
  })
  afterAll(async () => {
    await sim.stop()
  })
  const build = () =>
    createTokenManager({
      baseUrl: sim.baseUrl,
      appid: DEFAULT_APP.appid,
      secret: DEFAULT_APP.secret,
      now: () => sim.control.now(),
    })

  /** A call that answers like a WeChat API: an errcode for tokens the simulator no longer accepts. */
  const probe = async (token: string) => {
    const res = await fetch(new URL(`/cgi-bin/message/subscribe/send?access_token=${token}`, sim.baseUrl), {
      method: 'POST',
      body: JSON.stringify({ touser: 'nobody', template_id: 'x', data: {} }),
    })
    const body: unknown = await res.json()
    return typeof body === 'object' && body !== null && 'errcode' in body && typeof body.errcode === 'number'
      ? body.errcode
      : 0
  }

  describe('get', () => {
    it('should make one stable_token request for many concurrent callers and reuse the token', async () => {
      const tokens = build()
      const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get()))
      expect(new Set(got).size).toBe(1)
      expect(await tokens.get()).toBe(got[0])
      expect(tokens.fetchCount()).toBe(1)
    })

    it('should refresh before expiry, getting the rotated token in the last five minutes', async () => {
      const tokens = build()
      const first = await tokens.get()
      sim.control.advanceClock(7200_000 - 400_000)
      expect(await tokens.get()).toBe(first)
      expect(tokens.fetchCount()).toBe(1)
      sim.control.advanceClock(150_000)
      const second = await tokens.get()
      expect(tokens.fetchCount()).toBe(2)
      expect(second).not.toBe(first)
      expect(await probe(second)).not.toBe(42001)
    })
  })

  describe('withToken', () => {
    it('should fetch a new token once and retry once on 40001', async () => {
      const tokens = build()
      const before = await tokens.get()
      sim.control.revokeAccessTokens()
      const seen: string[] = []
      const errcode = await tokens.withToken(
        async (token) => {
          seen.push(token)
          return probe(token)
        },
        (e) => e,
      )
      expect(seen).toHaveLength(2)
      expect(seen[0]).toBe(before)
      expect(seen[1]).not.toBe(before)
      expect([40001, 42001]).not.toContain(errcode)
      expect(tokens.fetchCount()).toBe(2)
    })

    it('should retry only once when the new token fails too (42001 twice)', async () => {
      const tokens = build()
      let calls = 0
      const result = await tokens.withToken(
        async () => {
          calls += 1
          return 42001
        },
        (e) => e,
      )
      expect(result).toBe(42001)
      expect(calls).toBe(2)
    })
  })
})
