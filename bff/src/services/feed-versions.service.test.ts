import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import { intercept } from '../testing/intercept'
import type { TestApp } from '../testing/build-app'
import { ANY_SCOPE, FeedVersions } from './feed-versions.service'

const CHAIN = ['360000000000', '360900000000', '360999000000', '360999100000', '360999100498']

describe('FeedVersions.raise: one write for a region chain, then one read', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
  })
  afterAll(async () => {
    await t.close()
  })
  const model = () => t.services!.models.FeedVersion
  beforeEach(async () => {
    await model().deleteMany({ _id: { $in: CHAIN } })
  })

  it('raises every region of the chain, creating the ones never raised, and knows the raised versions', async () => {
    await model().create({ _id: CHAIN[4], version: 6, recent: ['a'], changedAt: new Date(0) })
    const versions = new FeedVersions(model())
    await versions.raise(CHAIN, 'series-1')
    const stored = await model()
      .find({ _id: { $in: CHAIN } })
      .lean()
    expect(new Map(stored.map((v) => [v._id, v.version]))).toEqual(
      new Map(CHAIN.map((id, i) => [id, i === 4 ? 7 : 1])),
    )
    for (const id of CHAIN) expect(versions.last(id)).toBe(id === CHAIN[4] ? 7 : 1)
    // The scope of the raise is kept with it; a change of another series leaves series-1's answers alone.
    expect(stored.find((v) => v._id === CHAIN[4])?.recent).toHaveLength(2)
    await versions.raise([CHAIN[4] as string], 'series-2')
    expect(versions.unaffected(CHAIN[4] as string, 7, 8, 'series-1')).toBe(true)
    expect(versions.unaffected(CHAIN[4] as string, 7, 8, 'series-2')).toBe(false)
    await versions.raise([CHAIN[4] as string], ANY_SCOPE)
    expect(versions.unaffected(CHAIN[4] as string, 8, 9, 'series-1')).toBe(false)
  })

  it('keeps the newest version when two raises here read back out of order', async () => {
    const stored = model()
    // The first raise's read is answered late: it read version 1, after the second raise had read version 2.
    let release = () => {}
    const late = new Promise<void>((resolve) => (release = resolve))
    let finds = 0
    const held = intercept(stored, 'find', (find) => {
      return (...args: Parameters<typeof find>) => {
        const first = finds++ === 0
        return {
          lean: () =>
            find(...args)
              .lean()
              .then(async (found) => {
                if (first) await late
                return found
              }),
        }
      }
    })
    const versions = new FeedVersions(held)
    const one = versions.raise([CHAIN[4] as string])
    for (let i = 0; i < 200 && finds < 1; i++) await new Promise((r) => setTimeout(r, 5))
    await versions.raise([CHAIN[4] as string])
    expect(versions.last(CHAIN[4] as string)).toBe(2)
    release()
    await one
    expect(versions.last(CHAIN[4] as string)).toBe(2)
  })

  it('does nothing for no regions', async () => {
    const versions = new FeedVersions(model())
    await versions.raise([])
    expect(await model().countDocuments({ _id: { $in: CHAIN } })).toBe(0)
  })
})
