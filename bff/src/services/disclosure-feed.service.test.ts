import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureCreateSchema } from '@cunwu/domain'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { buildIdNumber } from '../testing/factories'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { createDisclosureFeedService } from './disclosure-feed.service'
import { demoHouseholds, demoPeople } from './seed.service'

// The feed cache across BFF instances on one database: `s` is one instance's services, `other` the feed service of
// a second instance (its own in-memory cache) on the same database. A change made through the first is served by
// the second within a second, through the stored feed version, not after the cache's 5 s lifetime.

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
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
})
