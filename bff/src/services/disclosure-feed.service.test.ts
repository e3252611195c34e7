import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureCreateSchema, findSensitiveNumbers } from '@cunwu/domain'
import type { User } from '../models/User.model'
import { searchQueryTokens } from '../lib/search/search-index'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { buildIdNumber } from '../testing/factories'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { createDisclosureFeedService } from './disclosure-feed.service'
import type { PublicJson } from '../lib/public-json'
import { DisclosureVersionsService } from './disclosure-versions.service'
import { demoHouseholds } from './seed.service'
import { demoRegionOf } from '../testing/demo'

// The feed cache across BFF instances on one database: `s` is one instance's services, `other` the feed service of
// a second instance (its own in-memory cache) on the same database. A change made through the first is served by
// the second within a second, through the stored feed version, not after the cache's 5 s lifetime. The same holds
// for an item's public view and for search in the village's township (whose version each change raises too).

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoRegionOf('demo-secretary')
const actor: Actor = { userId: null, requestId: 'disclosure-feed.service.test' }

describe('disclosure feed cache across instances', () => {
  let t: TestApp
  let s: Services
  const users = new Map<string, User>()

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    for (const key of ['demo-township', 'demo-secretary']) {
      const u = await s.models.User.findOne({ demoUserKey: key }).lean()
      if (!u) throw new Error(`no ${key}`)
      users.set(key, u)
    }
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  async function publishVillage(period: string): Promise<string> {
    const rows = demoHouseholds(V1)
      .slice(0, 2)
      .map((h, i) => ({
        name: h.headName,
        area_mu: 4 + i,
        amount: (4 + i) * 12_500,
        household_no: h.householdNo,
        id_number: buildIdNumber(`1960-0${1 + i}-1${i}`, i + 1),
      }))
    const req = DisclosureCreateSchema.parse({
      catalogItemId: ITEM,
      period,
      title: '耕地地力保护补贴公示',
      rows,
    })
    const d = await s.disclosures.create(V1, req, users.get('demo-secretary') as User, actor)
    const id = d._id.toHexString()
    await s.disclosures.submit(id, actor)
    await s.disclosures.review(id, { decision: 'approve' }, users.get('demo-township') as User, actor)
    return id
  }

  it('should serve a change made through one instance on another within a second', async () => {
    const other = createDisclosureFeedService({ models: s.models })
    const id = await publishVillage('2041')
    const query = { limit: 20 }
    const first = await other.feed(V1, query)
    expect(first.disclosures.map((d) => d.id)).toContain(id)
    // Unchanged: the second instance answers from its memory (the same serialised page).
    expect(await other.feed(V1, query)).toBe(first)

    // The first instance retracts it: the stored document changes and its hook raises the village's version.
    const changedAt = Date.now()
    await s.models.Disclosure.updateOne({ _id: id }, { $set: { status: 'retracted' } })
    await s.feed.invalidateVillage(V1)

    // A request arriving within 1 s of the change must see it (a slow database may take longer to answer it).
    let seenAfter: number | null = null
    for (let started = Date.now(); started - changedAt < 1_000; started = Date.now()) {
      const page = await other.feed(V1, query)
      if (!page.disclosures.some((d) => d.id === id)) {
        seenAfter = started - changedAt
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(seenAfter, 'the other instance still served the retracted disclosure after 1 s').not.toBeNull()
  }, 60_000)

  /** Calls `read` until `seen(answer)` or 1 s after `changedAt`; returns how long after the change it was seen. */
  async function seenWithinSecond(
    changedAt: number,
    read: () => Promise<PublicJson>,
    seen: (answer: unknown) => boolean,
  ): Promise<number | null> {
    for (let started = Date.now(); started - changedAt < 1_000; started = Date.now()) {
      if (seen(JSON.parse((await read()).json))) return started - changedAt
      await new Promise((r) => setTimeout(r, 50))
    }
    return null
  }

  it('should serve an item retracted through one instance as retracted on another within a second', async () => {
    const other = createDisclosureFeedService({ models: s.models })
    const otherVersions = new DisclosureVersionsService({ models: s.models, feed: other })
    const id = await publishVillage('2042')
    const read = () => other.publicItem(id, () => otherVersions.open(id, false))
    const first = await read()
    expect(JSON.parse(first.json)).toMatchObject({ id, status: 'published' })
    // Unchanged: the same serialised bytes.
    expect(await read()).toBe(first)

    const changedAt = Date.now()
    await s.disclosures.retract(id, '数据有误，重新核实', actor)
    const seenAfter = await seenWithinSecond(
      changedAt,
      read,
      (item) => (item as { status: string }).status === 'retracted',
    )
    expect(seenAfter, 'the other instance still served the item as published after 1 s').not.toBeNull()
  }, 60_000)

  it('should serve a version replaced through one instance as replaced on another, keeping its other items', async () => {
    const other = createDisclosureFeedService({ models: s.models })
    const otherVersions = new DisclosureVersionsService({ models: s.models, feed: other })
    const [replaced, untouched] = [await publishVillage('2051'), await publishVillage('2052')]
    const read = (id: string) => other.publicItem(id, () => otherVersions.open(id, false))
    await read(replaced)
    const kept = await read(untouched)

    const changedAt = Date.now()
    const draft = await s.disclosures.newVersion(
      replaced,
      '更正面积',
      users.get('demo-secretary') as User,
      actor,
    )
    const next = draft._id.toHexString()
    await s.disclosures.submit(next, actor)
    await s.disclosures.review(next, { decision: 'approve' }, users.get('demo-township') as User, actor)
    const seenAfter = await seenWithinSecond(
      changedAt,
      () => read(replaced),
      (item) => (item as { status: string }).status === 'superseded',
    )
    expect(
      seenAfter,
      'the other instance still served the replaced version as current after 1 s',
    ).not.toBeNull()
    // The village's version moved (the other instance reloaded the replaced item for it), but the item of another
    // series is the same kept answer, not loaded again (a reload would serve the answer before while it runs: read
    // again once it would be kept).
    expect(await read(untouched)).toBe(kept)
    await new Promise((r) => setTimeout(r, 200))
    expect(await read(untouched)).toBe(kept)
  }, 60_000)

  it('should find a disclosure published through one instance in the township search of another within a second', async () => {
    const other = createDisclosureFeedService({
      models: s.models,
      search: { queryTokens: searchQueryTokens },
    })
    const township = `${V1.slice(0, 9)}000`
    const read = () => other.publicSearch('耕地地力保护补贴', township, 50)
    const ids = (answer: unknown) =>
      (answer as { disclosures: { id: string }[] }).disclosures.map((d) => d.id)
    const before = await read()
    expect(await read()).toBe(before)

    const id = await publishVillage('2043')
    const changedAt = Date.now()
    expect(ids(JSON.parse(before.json))).not.toContain(id)
    const seenAfter = await seenWithinSecond(changedAt, read, (answer) => ids(answer).includes(id))
    expect(seenAfter, 'the other instance did not find the new disclosure within 1 s').not.toBeNull()
  }, 60_000)

  it('should keep only the public view of an item, without personal numbers, however it was first read', async () => {
    const id = await publishVillage('2044')
    const staffView = await s.versions.open(id, true)
    // The village's staff see the ID numbers; the cached public view must not, nor its gzip.
    expect(findSensitiveNumbers(JSON.stringify(staffView))).not.toEqual([])
    const cached = await s.feed.publicItem(id, () => s.versions.open(id, false))
    expect(findSensitiveNumbers(cached.json)).toEqual([])
    expect(findSensitiveNumbers(gunzipSync(cached.gzip()).toString('utf8'))).toEqual([])
    expect(JSON.parse(cached.json)).toEqual(JSON.parse(JSON.stringify(await s.versions.open(id, false))))
  }, 60_000)

  it('should start the largest cache over once the cached JSON passes its byte limit', async () => {
    const a = await publishVillage('2045')
    const b = await publishVillage('2046')
    const item = (feed: ReturnType<typeof createDisclosureFeedService>, id: string) =>
      feed.publicItem(id, () => new DisclosureVersionsService({ models: s.models, feed }).open(id, false))
    const roomy = createDisclosureFeedService({
      models: s.models,
      cacheLimits: { bytes: 1e9, checkEvery: 1 },
    })
    const keptA = await item(roomy, a)
    await item(roomy, b)
    expect(await item(roomy, a)).toBe(keptA)
    // One byte: loading b finds a's view over the limit and the items start over.
    const tight = createDisclosureFeedService({ models: s.models, cacheLimits: { bytes: 1, checkEvery: 1 } })
    const firstA = await item(tight, a)
    await item(tight, b)
    const againA = await item(tight, a)
    expect(againA).not.toBe(firstA)
    expect(againA.json).toBe(firstA.json)
  }, 60_000)
})
