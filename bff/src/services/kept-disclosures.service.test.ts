import fc from 'fast-check'
import { Types } from 'mongoose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { KeptDisclosures } from './kept-disclosures.service'

const VILLAGE = '360999100397'
const FILTER = { regionCode: VILLAGE, status: 'published' as const, searchTokens: { $in: ['低保'] } }

describe('KeptDisclosures: feed and search documents read again only when they changed', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
  })
  afterAll(async () => {
    await t.close()
  })
  const model = () => t.services!.models.Disclosure
  beforeEach(async () => {
    await model().deleteMany({ regionCode: VILLAGE })
  })

  let published = 0
  /** Publishes `n` disclosures that a search for 低保 finds, one day apart, the last one newest. */
  async function publish(n: number): Promise<Types.ObjectId[]> {
    const docs = Array.from({ length: n }, () => published++).map((i) => ({
      regionCode: VILLAGE,
      catalogItemId: 'social-assistance.dibao',
      catalogVersion: '1',
      domainId: 'social-assistance',
      period: String(2000 + i),
      seriesKey: `${VILLAGE}|dibao|${i}`,
      version: 1,
      status: 'published',
      title: `低保名单 ${i}`,
      authorId: new Types.ObjectId(),
      publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000),
      searchTokens: ['低保', '名单'],
      titleTokens: ['低保', '名单'],
    }))
    const inserted = await model().insertMany(docs)
    return inserted.map((d) => d._id)
  }

  /** The same query read in full, as feeds and searches read it before KeptDisclosures. */
  async function reference(): Promise<{ id: string; title: string }[]> {
    const docs = await model().find(FILTER).sort({ publishedAt: -1 }).limit(500).lean()
    return docs.map((d) => ({ id: d._id.toHexString(), title: d.title }))
  }
  const shown = (docs: { _id: Types.ObjectId; title: string }[]) =>
    docs.map((d) => ({ id: d._id.toHexString(), title: d.title }))

  it('reads every document on the first load and none on the next while nothing changed', async () => {
    await publish(4)
    const kept = new KeptDisclosures(model())
    const first = await kept.load(FILTER, 500)
    expect(kept.lastRead).toBe(4)
    expect(shown(first)).toEqual(await reference())
    expect(first[0]?.titleTokens).toEqual(['低保', '名单'])
    const second = await kept.load(FILTER, 500)
    expect(kept.lastRead).toBe(0)
    expect(shown(second)).toEqual(shown(first))
  })

  it('reads again a document changed by updateOne, updateMany or findOneAndUpdate, and only it', async () => {
    const [a, b, c] = (await publish(3)) as [Types.ObjectId, Types.ObjectId, Types.ObjectId]
    const kept = new KeptDisclosures(model())
    await kept.load(FILTER, 500)
    const edits: [Types.ObjectId, () => Promise<unknown>][] = [
      [a, () => model().updateOne({ _id: a }, { $set: { title: '低保名单（更正）' } })],
      [b, () => model().updateMany({ _id: b }, { $set: { title: '低保名单（补充）' } })],
      [c, () => model().findOneAndUpdate({ _id: c }, { $set: { title: '低保名单（第三批）' } })],
    ]
    for (const [, edit] of edits) {
      await edit()
      const loaded = await kept.load(FILTER, 500)
      expect(kept.lastRead).toBe(1)
      expect(shown(loaded)).toEqual(await reference())
    }
    // A pipeline update raises the revision too.
    await model().updateOne({ _id: b }, [{ $set: { title: { $concat: ['$title', '（复核）'] } } }], {
      updatePipeline: true,
    })
    expect(shown(await kept.load(FILTER, 500))).toEqual(await reference())
    expect(kept.lastRead).toBe(1)
    // Two updates within one millisecond are still two revisions.
    await model().updateOne({ _id: a }, { $set: { title: '一' } })
    await kept.load(FILTER, 500)
    await model().updateOne({ _id: a }, { $set: { title: '低保 二' } })
    expect(shown(await kept.load(FILTER, 500))).toEqual(await reference())
  })

  it('reads again a document whose search tokens were re-derived in the background, which leaves its revision', async () => {
    const [a] = (await publish(2)) as [Types.ObjectId]
    const kept = new KeptDisclosures(model())
    await kept.load(FILTER, 500)
    const before = await model().findById(a).lean()
    await model().updateOne(
      { _id: a },
      { $set: { titleTokens: ['低保', '名单', '更正'], indexVersion: 99 } },
      { timestamps: false },
    )
    const after = await model().findById(a).lean()
    // Nothing a person reads changed (docs/api.md, "Reviewing a draft"), but the copy serves the tokens.
    expect(after?.revision).toBe(before?.revision)
    const loaded = await kept.load(FILTER, 500)
    expect(kept.lastRead).toBe(1)
    expect(loaded.find((d) => d._id.equals(a))?.titleTokens).toEqual(['低保', '名单', '更正'])
  })

  it('leaves out a document withdrawn since it was kept', async () => {
    const [a] = (await publish(3)) as [Types.ObjectId]
    const kept = new KeptDisclosures(model())
    await kept.load(FILTER, 500)
    await model().updateOne({ _id: a }, { $set: { status: 'retracted' } })
    const loaded = await kept.load(FILTER, 500)
    expect(loaded.map((d) => d._id.toHexString())).not.toContain(a.toHexString())
    expect(shown(loaded)).toEqual(await reference())
  })

  it('returns every document when more are read than it keeps', async () => {
    await publish(5)
    const kept = new KeptDisclosures(model(), 3)
    expect(shown(await kept.load(FILTER, 500))).toEqual(await reference())
    expect(shown(await kept.load(FILTER, 500))).toEqual(await reference())
    expect(shown(await kept.load(FILTER, 2))).toEqual((await reference()).slice(0, 2))
    // A memory bound smaller than any candidate: nothing is kept, and the answers are the same.
    const small = new KeptDisclosures(model(), 5_000, 1)
    expect(shown(await small.load(FILTER, 500))).toEqual(await reference())
    expect(small.lastRead).toBe(5)
    expect(shown(await small.load(FILTER, 500))).toEqual(await reference())
    expect(small.lastRead).toBe(5)
  })

  it("serves a village feed's filter: a roster whose notice ended drops out though its copy is kept", async () => {
    const [a, b] = await publish(2)
    const feed = (now: Date) => ({
      regionCode: VILLAGE,
      status: 'published' as const,
      domainId: 'social-assistance',
      $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }],
    })
    const kept = new KeptDisclosures(model())
    const hideAfter = new Date(Date.now() + 60_000)
    await model().updateOne({ _id: a }, { $set: { hideAfter } })
    const before = await kept.load(feed(new Date()), 200)
    expect(before.map((d) => d._id.toHexString())).toEqual([b, a].map((id) => id?.toHexString()))
    const after = await kept.load(feed(new Date(hideAfter.getTime() + 1)), 200)
    expect(after.map((d) => d._id.toHexString())).toEqual([b?.toHexString()])
    expect(kept.lastRead).toBe(0)
  })

  it('gives up the least recently used copies past its bound, keeping those read again', async () => {
    const [a, b, c, d] = await publish(4)
    const only = (...ids: (Types.ObjectId | undefined)[]) => ({
      _id: { $in: ids.filter((id): id is Types.ObjectId => id !== undefined) },
    })
    const kept = new KeptDisclosures(model(), 3)
    await kept.load(only(a), 10)
    await kept.load(only(b), 10)
    await kept.load(only(a), 10)
    expect(kept.lastRead).toBe(0)
    // Two more than it holds: b, used least recently, goes; a stays.
    await kept.load(only(c, d), 10)
    expect(kept.lastRead).toBe(2)
    await kept.load(only(a, c, d), 10)
    expect(kept.lastRead).toBe(0)
    await kept.load(only(b), 10)
    expect(kept.lastRead).toBe(1)
  })

  it('hands out kept documents that no caller can alter for the others', async () => {
    await publish(1)
    const kept = new KeptDisclosures(model())
    const [doc] = await kept.load(FILTER, 500)
    expect(() => {
      ;(doc as { title: string }).title = '改'
    }).toThrow(TypeError)
  })

  it('agrees with a full read after any sequence of edits, withdrawals and publications (property)', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('edit' as const),
        at: fc.nat(),
        title: fc.constantFrom('低保 甲', '低保 乙'),
      }),
      fc.record({ kind: fc.constant('withdraw' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('publish' as const) }),
      fc.record({ kind: fc.constant('load' as const) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await model().deleteMany({ regionCode: VILLAGE })
        const ids = await publish(3)
        const kept = new KeptDisclosures(model(), 4)
        for (const s of steps) {
          const id = ids[('at' in s ? s.at : 0) % ids.length]
          if (s.kind === 'edit') await model().updateOne({ _id: id }, { $set: { title: s.title } })
          else if (s.kind === 'withdraw')
            await model().updateOne({ _id: id }, { $set: { status: 'superseded' } })
          else if (s.kind === 'publish') ids.push(...(await publish(1)))
          expect(shown(await kept.load(FILTER, 500))).toEqual(await reference())
        }
      }),
      { numRuns: 25 },
    )
  })
})
