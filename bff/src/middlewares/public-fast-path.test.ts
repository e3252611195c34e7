import http from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import type Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { createLogger } from '../logger'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../testing/factories'
import { FEED_VERSION_CHECK_MS } from '../services/feed-versions.service'
import { demoRegionOf } from '../testing/demo'
import { seenRevision } from '../testing/publish'

const V1 = demoRegionOf('demo-secretary')

interface Raw {
  status: number
  headers: string[]
  body: Buffer
}

/** Listens with `app` on a port and GETs `path` with exactly `headers`: raw header lines in order, raw body. */
async function rawGet(server: http.Server, path: string, headers: Record<string, string>): Promise<Raw> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    http
      .get({ port, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.rawHeaders, body: Buffer.concat(chunks) }),
        )
      })
      .on('error', reject)
  })
}

/** The raw header lines without Date's value, which differs between two responses a second apart. */
const comparable = (r: Raw) => r.headers.map((h, i) => (r.headers[i - 1] === 'Date' ? '<date>' : h))

describe('public fast path', () => {
  let t: TestApp
  /** The app as production builds it (fast path on), and the same app with the fast path off. */
  let fast: http.Server
  let ordinary: http.Server
  /** Requests that went through the fast app's Koa chain. */
  let koaRuns = 0
  let secretary = ''
  let township = ''
  let itemId = ''

  function listen(app: Koa): Promise<http.Server> {
    const server = http.createServer(app.callback())
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
  }

  async function publish(period: string): Promise<string> {
    const server = t.app.callback()
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period,
        title: `${period} 低保对象名单公示`,
        rows: buildDibaoRows(V1),
      })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    await request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary).expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, id, township) })
      .expect(200)
    return id
  }

  beforeAll(async () => {
    t = await buildTestApp({ CORS_ORIGINS: 'https://h5.example.cn' })
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
    itemId = await publish('2026-10')
    // Approve's work behind its response (alignment, re-checks) may raise the village's version once more.
    await new Promise((r) => setTimeout(r, 1_000))
    const logger = createLogger(t.config)
    const fastApp = createApp({ config: t.config, logger, db: t.db, services: t.services })
    fastApp.middleware.unshift(async (_ctx, next) => {
      koaRuns++
      await next()
    })
    fast = await listen(fastApp)
    ordinary = await listen(
      createApp({ config: t.config, logger, db: t.db, services: t.services, publicFastPath: false }),
    )
  })
  afterAll(async () => {
    fast.close()
    ordinary.close()
    await t.close()
  })

  /**
   * GETs through the fast app and checks that the chain did not run. On a loaded machine a version check may fall
   * due (or approve's work behind its response change the village) between two requests: the chain answers that
   * one and loads again, and the next request is fast; three tries at most.
   */
  async function fastGet(url: string, headers: Record<string, string>): Promise<Raw> {
    for (let i = 0; ; i++) {
      const runs = koaRuns
      const answer = await rawGet(fast, url, headers)
      if (koaRuns === runs) return answer
      if (i === 2) throw new Error(`${url} ${JSON.stringify(headers)} did not take the fast path`)
    }
  }

  const urls = () => [
    `/api/v1/villages/${V1}/feed`,
    `/api/v1/disclosures/${itemId}`,
    `/api/v1/search?regionCode=${V1}&q=${encodeURIComponent('低保')}`,
  ]

  it('answers kept public answers without the middleware chain, byte for byte as the chain does', async () => {
    for (const url of urls()) {
      const variants: Array<Record<string, string>> = [
        { 'accept-encoding': 'gzip, deflate, br', 'x-request-id': 'same-id-1' },
        { 'x-request-id': 'same-id-2' },
        { 'accept-encoding': '', 'x-request-id': 'same-id-3' },
      ]
      for (const headers of variants) {
        // The first GET through the chain keeps the answer and learns the URL and the encoding choice.
        const first = await rawGet(fast, url, headers)
        expect(first.status).toBe(200)
        const quick = await fastGet(url, headers)
        const slow = await rawGet(ordinary, url, headers)
        expect(slow.status).toBe(200)
        expect(comparable(quick)).toEqual(comparable(slow))
        expect(quick.body.equals(slow.body)).toBe(true)

        const etag = quick.headers[quick.headers.indexOf('ETag') + 1] ?? ''
        const conditional = { ...headers, 'if-none-match': etag }
        const quick304 = await fastGet(url, conditional)
        const slow304 = await rawGet(ordinary, url, conditional)
        expect(quick304.status).toBe(304)
        expect(comparable(quick304)).toEqual(comparable(slow304))
        expect(quick304.body.length).toBe(0)
      }
    }
  })

  it('gives each request its own id: the caller’s when well-formed, else a new UUID', async () => {
    const url = urls()[0] ?? ''
    await rawGet(fast, url, {})
    const runs = koaRuns
    const a = await rawGet(fast, url, {})
    const b = await rawGet(fast, url, { 'x-request-id': 'bad id with spaces' })
    expect(koaRuns).toBe(runs)
    const idOf = (r: Raw) => r.headers[r.headers.indexOf('X-Request-Id') + 1] ?? ''
    expect(idOf(a)).toMatch(/^[0-9a-f-]{36}$/)
    expect(idOf(b)).toMatch(/^[0-9a-f-]{36}$/)
    expect(idOf(a)).not.toBe(idOf(b))
  })

  it('leaves to the chain what it cannot answer the same way: br only, Origin, a signed-in reader, HEAD', async () => {
    const url = urls()[1] ?? ''
    await rawGet(fast, url, {})
    const variants: Array<Record<string, string>> = [
      { 'accept-encoding': 'br' },
      { origin: 'https://h5.example.cn' },
      { authorization: secretary },
      { 'accept-encoding': 'gzip;q=0.5, identity;q=1, *;q=0' },
    ]
    for (const headers of variants) {
      const runs = koaRuns
      const quick = await rawGet(fast, url, headers)
      expect(koaRuns, JSON.stringify(headers)).toBe(runs + 1)
      const slow = await rawGet(ordinary, url, headers)
      expect(quick.status).toBe(slow.status)
      expect(quick.body.length).toBe(slow.body.length)
    }
    // The chain answered the allowed origin with CORS headers, which the fast path does not make.
    const cors = await rawGet(fast, url, { origin: 'https://h5.example.cn' })
    expect(cors.headers).toContain('Access-Control-Allow-Origin')
    // The village's secretary may edit: her view is the staff one, not the kept public one.
    const staff = await request(fast).get(url).set('Authorization', secretary)
    expect(staff.status).toBe(200)
    const runs = koaRuns
    await request(fast).head(url)
    expect(koaRuns).toBe(runs + 1)
  })

  it('serves a publication as soon as its approval answered: the kept answers were reloaded by then', async () => {
    const feedUrl = urls()[0] ?? ''
    const itemUrl = urls()[1] ?? ''
    await rawGet(fast, feedUrl, {})
    await rawGet(fast, itemUrl, {})
    const before = await rawGet(fast, feedUrl, {})
    const id = await publish('2026-11')
    const runs = koaRuns
    const after = await rawGet(fast, feedUrl, {})
    expect(after.body.toString()).toContain(id)
    expect(before.body.toString()).not.toContain(id)
    // Reloaded by the approval itself, not by this request: no reader waited for the reload.
    expect(koaRuns).toBe(runs)
    const slow = await rawGet(ordinary, feedUrl, {})
    expect(slow.body.equals(after.body)).toBe(true)
  })

  it('asks the database again once the region’s version is due, so other instances’ changes show', async () => {
    const url = urls()[0] ?? ''
    await rawGet(fast, url, {})
    const before = await rawGet(fast, url, {})
    // Another instance's change: it raised the stored version of the village.
    await t.services!.models.FeedVersion.updateOne({ _id: V1 }, { $inc: { version: 1 } }, { upsert: true })
    await new Promise((r) => setTimeout(r, FEED_VERSION_CHECK_MS + 50))
    const runs = koaRuns
    // Due: this request starts the version read and is answered at once, within the grace of the last read.
    const meanwhile = await rawGet(fast, url, {})
    expect(koaRuns).toBe(runs)
    expect(meanwhile.body.equals(before.body)).toBe(true)
    // Once the read is back, the raised version is seen: the next request takes the ordinary way, which reloads.
    await new Promise((r) => setTimeout(r, 100))
    await rawGet(fast, url, {})
    expect(koaRuns).toBe(runs + 1)
    await new Promise((r) => setTimeout(r, 100))
    await rawGet(fast, url, {})
    expect(koaRuns).toBe(runs + 1)
  })
})

describe('public fast path and rate limits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ RATE_LIMIT_SEARCH_PER_IP: '3' })
  })
  afterAll(async () => {
    await t.close()
  })

  it('counts every search against the limit even when its answer is kept', async () => {
    const server = t.app.callback()
    const url = `/api/v1/search?regionCode=${V1}&q=${encodeURIComponent('补贴')}`
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await request(server).get(url)).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const limited = await request(server).get(url)
    expect(limited.body.error.code).toBe('rate_limited')
  })
})
