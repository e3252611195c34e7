import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchQueryTokens } from '../../lib/search/search-index'
import { createDisclosureFeedService } from '../../services/disclosure-feed.service'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure } from '../../testing/publish'

// A roster whose notice period ends leaves the public board (docs/posting-window.md). The upkeep marks it expired
// and raises the stored version the public read cache compares (SCALE.md, "Public read cache"), so a search, feed or
// item answer kept from before is not served again: here at once, on another instance within a second.

const V1 = demoRegionOf('demo-secretary')
const COUNTY = `${V1.slice(0, 6)}000000`
const QUERY = '低保'

describe('a roster expired by the upkeep leaves the kept public answers', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let id = ''

  const ids = (body: { disclosures: { id: string }[] }) => body.disclosures.map((d) => d.id)
  const search = async (regionCode: string) =>
    ids((await request(server).get('/api/v1/search').query({ q: QUERY, regionCode })).body)

  beforeAll(async () => {
    t = await buildTestApp({ MAINTENANCE_INTERVAL_MS: '0' })
    server = t.app.callback()
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const township = (await signIn(t.app, 'demo-township')).auth
    id = await publishDisclosure(
      server,
      V1,
      {
        catalogItemId: dibaoItem().id,
        period: '2026-06',
        title: '六月低保对象名单',
        rows: buildDibaoRows(V1, 3),
      },
      { secretary, reviewer: township },
    )
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should not serve a search, feed or item kept before the expiry, here or on another instance', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    const other = createDisclosureFeedService({
      models: services.models,
      search: { queryTokens: searchQueryTokens },
      now: () => services.clock.now(),
    })
    const otherSearch = async () => ids(JSON.parse((await other.publicSearch(QUERY, COUNTY, 20)).json))
    // Kept answers: the county's and the village's search, the feed, the item, and the other instance's search.
    expect(await search(COUNTY)).toContain(id)
    expect(await search(V1)).toContain(id)
    expect(ids((await request(server).get(`/api/v1/villages/${V1}/feed`)).body)).toContain(id)
    expect((await request(server).get(`/api/v1/disclosures/${id}`)).body.status).toBe('published')
    expect(await otherSearch()).toContain(id)

    const stored = await services.models.Disclosure.findById(id, { postingUntil: 1 }).lean()
    const days = Math.ceil(
      ((stored?.postingUntil?.getTime() ?? 0) - services.clock.now().getTime()) / 86_400_000,
    )
    expect(
      (
        await request(server)
          .post('/api/v1/dev/clock')
          .send({ advanceDays: days + 1 })
      ).status,
    ).toBe(200)
    const upkeep = await request(server).post('/api/v1/dev/upkeep')
    expect(upkeep.body.disclosures.expired).toBeGreaterThanOrEqual(1)
    const expiredAt = Date.now()

    expect(await search(COUNTY)).not.toContain(id)
    expect(await search(V1)).not.toContain(id)
    expect(ids((await request(server).get(`/api/v1/villages/${V1}/feed`)).body)).not.toContain(id)
    expect((await request(server).get(`/api/v1/disclosures/${id}`)).body.status).toBe('expired')
    let dropped = false
    while (!dropped && Date.now() - expiredAt < 1_000) {
      dropped = !(await otherSearch()).includes(id)
      if (!dropped) await new Promise((r) => setTimeout(r, 50))
    }
    expect(dropped, 'the other instance still listed the expired roster after 1 s').toBe(true)
  }, 60_000)
})
