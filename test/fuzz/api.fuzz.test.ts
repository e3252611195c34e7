// API fuzz: every operation of the OpenAPI document, as every role, anonymous and with broken tokens, with malformed
// bodies, truncated multipart, corrupt encodings and odd raw paths, against a real listening BFF on the embedded
// engine. Passes when no answer is >= 500, every request is answered, and the server still answers afterwards.
// FUZZ_REQUESTS and FUZZ_SEED (default 20261206) reproduce a run. The test suite sends 4,000 (about a minute on a
// loaded 2-core machine); `npm run fuzz` sends 20,000 (BENCHMARKS.md has its figures).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer } from '../../bff/src/server'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildTestApp } from '../../bff/src/testing/build-app'
import type { TestApp } from '../../bff/src/testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../bff/src/testing/factories'
import { signIn } from '../../bff/src/testing/sign-in'
import { oddPathRequest, operationsOf, requestFor } from './generate'
import type { FuzzRequest } from './generate'
import { harvest, send, targetOf } from './send'
import type { FuzzAnswer, Pools } from './send'

const COUNT = Number(process.env.FUZZ_REQUESTS || 4_000)
const SEED = Number(process.env.FUZZ_SEED || 20_261_206)
const CONCURRENCY = 8
const HIGH = '1000000'

/** One failing request, as reported. */
interface Finding {
  op: string
  method: string
  target: string
  who: string
  body: string
  status: number
  answer: string
}

const CHINESE = /[\u4e00-\u9fff]/

/**
 * Whether a refusal is told in words a villager reads: a 4xx error's message and each of its details hold Chinese
 * (the mini-program shows them; English ones would read as 服务暂时不可用). Other answers pass.
 */
function inWords(answer: FuzzAnswer): boolean {
  if (answer.status < 400 || answer.status >= 500 || !answer.body.startsWith('{')) return true
  let error: unknown
  try {
    error = (JSON.parse(answer.body) as { error?: unknown }).error
  } catch {
    return true
  }
  if (typeof error !== 'object' || error === null) return true
  const { message, details } = error as { message?: unknown; details?: unknown }
  if (typeof message !== 'string' || !CHINESE.test(message)) return false
  if (typeof details !== 'object' || details === null) return true
  return Object.values(details).every((d) => typeof d !== 'string' || CHINESE.test(d))
}

describe('API fuzz', () => {
  let t: TestApp
  let server: http.Server
  let port = 0
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  /** Authorization headers by caller: every demo person, anonymous, and broken tokens. */
  const callers: { name: string; authorization: string | null; spare?: string }[] = []
  const pools: Pools = { objectId: [], regionCode: [], scene: [] }

  beforeAll(async () => {
    // The limiters run (with limits no fuzz run reaches), so their code is fuzzed too.
    t = await buildTestApp({
      // FUZZ_LOG_LEVEL=error shows the stack of every 500 the run finds.
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL || 'silent',
      RATE_LIMIT_AUTH_PER_IP: HIGH,
      RATE_LIMIT_DEV_PER_IP: HIGH,
      RATE_LIMIT_DEV_PER_USER: HIGH,
      RATE_LIMIT_SEARCH_PER_IP: HIGH,
      RATE_LIMIT_UPLOAD_PER_IP: HIGH,
      RATE_LIMIT_UPLOAD_PER_USER: HIGH,
    })
    for (const person of demoPeople()) {
      const main = await signIn(t.app, person.userKey)
      // Logout revokes the session it is sent with: it gets a session of its own.
      const spare = await signIn(t.app, person.userKey)
      callers.push({ name: person.userKey, authorization: main.auth, spare: spare.auth })
      for (const g of person.grants)
        if (!pools.regionCode.includes(g.regionCode)) pools.regionCode.push(g.regionCode)
    }
    const someToken = callers[0]?.authorization ?? 'Bearer x'
    callers.push(
      { name: 'anonymous', authorization: null },
      { name: 'garbage token', authorization: 'Bearer not.a.token' },
      {
        name: 'tampered token',
        authorization: `${someToken.slice(0, -3)}${someToken.endsWith('A') ? 'B' : 'A'}xx`,
      },
      { name: 'basic auth', authorization: 'Basic YWRtaW46YWRtaW4=' },
      { name: 'huge token', authorization: `Bearer ${'a'.repeat(6000)}` },
    )
    // A draft to aim at, so {id} paths reach records and not only 404s.
    const secretary = callers.find((c) => c.name === 'demo-secretary')?.authorization ?? ''
    const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
    const draft = await request(t.app.callback())
      .post(`/api/v1/villages/${village}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-05',
        title: '模糊测试',
        rows: buildDibaoRows(village, 3),
      })
    harvest(JSON.stringify(draft.body), pools)
    server = createHttpServer(t.app, t.config)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  }, 120_000)

  afterAll(async () => {
    agent.destroy()
    await new Promise<void>((resolve) => server?.close(() => resolve()))
    await t?.close()
  })

  it(
    `should answer ${COUNT} generated requests (seed ${SEED}) with no status >= 500 and stay up`,
    async () => {
      const doc = JSON.parse((await request(t.app.callback()).get('/api/v1/openapi.json')).text)
      const ops = operationsOf(doc)
      expect(ops.length).toBeGreaterThan(50)
      const arb = fc.oneof(
        // One arbitrary per operation, built once (a chain would rebuild it for every request).
        { weight: 30, arbitrary: fc.oneof(...ops.map((op) => requestFor(op, callers.length))) },
        { weight: 1, arbitrary: oddPathRequest(callers.length) },
      )
      const requests = fc.sample(arb, { seed: SEED, numRuns: COUNT })

      const findings: Finding[] = []
      const byStatus = new Map<number, number>()
      const opsSeen = new Set<string>()
      let next = 0
      let logged = 0
      const started = performance.now()
      const base = { host: '127.0.0.1', port, agent }

      const one = async (req: FuzzRequest) => {
        const caller = callers[req.who] ?? { name: 'anonymous', authorization: null }
        const authorization =
          req.op === 'POST /api/v1/auth/logout' && caller.spare ? caller.spare : caller.authorization
        const target = targetOf(req, pools)
        const answer: FuzzAnswer = await send(base, req, target, authorization)
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1)
        opsSeen.add(req.op)
        if (answer.status >= 200 && answer.status < 300) harvest(answer.body, pools)
        // -1: Node's own client refused to send it, so the server never saw it; anything else must be answered < 500.
        if (answer.status >= 500 || answer.status === 0 || !inWords(answer)) {
          findings.push({
            op: req.op,
            method: req.method,
            target: target.slice(0, 200),
            who: caller.name,
            body: JSON.stringify(req.body).slice(0, 300),
            status: answer.status,
            answer: (answer.error ?? answer.body).slice(0, 300),
          })
        }
      }
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests.length) {
            const req = requests[next++]
            if (req) await one(req)
            if (next >= logged + 2000) {
              logged = next
              const s = (performance.now() - started) / 1000
              console.log(`fuzz: ${next} sent, ${s.toFixed(0)} s, ${findings.length} findings`)
            }
          }
        }),
      )
      const seconds = (performance.now() - started) / 1000

      const health = await request(t.app.callback()).get('/api/v1/health')
      const overSocket = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
      const statuses = Object.fromEntries([...byStatus].sort(([a], [b]) => a - b))
      console.log(
        `fuzz: ${requests.length} requests, seed ${SEED}, ${seconds.toFixed(1)} s (${(requests.length / seconds).toFixed(0)}/s), ` +
          `${opsSeen.size} operations; statuses ${JSON.stringify(statuses)}; ${findings.length} findings`,
      )
      expect(findings.slice(0, 20)).toEqual([])
      expect(health.status).toBe(200)
      expect(overSocket.status).toBe(200)
      expect(opsSeen.size).toBeGreaterThanOrEqual(Math.min(ops.length, Math.floor(COUNT / 40)))
    },
    20 * 60_000,
  )
})
