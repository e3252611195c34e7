import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { findCatalogItem } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { buildSearchIndexFields } from '../../lib/search/search-index'
import {
  DisclosureDerivations,
  DISCLOSURE_INDEX_VERSION,
} from '../../services/disclosure-derivations.service'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')
const ITEM = 'village-affairs.other-matters'
const ROUNDS = 5
/** Documents the upkeep re-indexes before it reaches the drafts being edited (a batch of the upkeep). */
const FILLER = 150
const WORDS = ['排水沟修缮', '路灯安装', '垃圾清运', '河道保洁', '桥梁加固', '广场硬化']

/**
 * The upkeep re-indexing drafts while secretaries edit them (outside tester, fired at once): the upkeep read a draft,
 * an edit landed, and the upkeep wrote the tokens of the text it had read, with the current index version, so the
 * draft kept tokens of words it no longer had (and lacked its new ones) until the next rules change. Now the upkeep
 * writes only on the revision it read and leaves a changed draft for its next pass.
 */
describe('search re-indexing while drafts are edited', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  const drafts: string[] = []
  const derivations = () =>
    new DisclosureDerivations({ models: services.models, searchFields: buildSearchIndexFields })

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    for (const [i, period] of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2024-Q4', '2024-Q3'].entries()) {
      const res = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send({ catalogItemId: ITEM, period, title: `${period} 公示`, body: `原来的内容：${WORDS[i]}` })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      drafts.push(String(res.body.id))
    }
    // Older documents the pass reaches first (as a live database holds), so the drafts' turn comes later.
    const template = await services.models.Disclosure.findById(drafts[0]).lean()
    if (!template) throw new Error('no draft')
    await services.models.Disclosure.collection.insertMany(
      Array.from({ length: FILLER }, (_, i) => ({
        ...template,
        _id: new Types.ObjectId(Types.ObjectId.createFromTime(1_600_000_000 + i).toHexString()),
        seriesKey: `${template.seriesKey}|filler:${i}`,
        openKey: null,
        status: 'superseded',
      })),
    )
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('should never leave a draft with the tokens of text it no longer has', async () => {
    const item = findCatalogItem(ITEM)
    if (!item) throw new Error('no item')
    for (let round = 0; round < ROUNDS; round++) {
      // Index rules changed: every document is stale for the upkeep.
      await services.models.Disclosure.collection.updateMany({}, { $unset: { indexVersion: 1 } })
      const [reindexed, ...edits] = await Promise.all([
        services.disclosures.reindexStale(1000),
        ...drafts.map((id, i) =>
          request(server)
            .patch(`/api/v1/disclosures/${id}`)
            .set('Authorization', secretary)
            .send({ body: `第${round + 1}次修改：${WORDS[(i + round + 1) % WORDS.length]}` }),
        ),
      ])
      for (const e of edits) expect(e.status, JSON.stringify(e.body)).toBe(200)
      expect(reindexed).toBeGreaterThan(0)
      for (const id of drafts) {
        const d = await services.models.Disclosure.findById(id).lean()
        if (!d) throw new Error('draft gone')
        const expected = derivations().derived(item, d.title, d.body, d.rows)
        expect(d.body).toContain(`第${round + 1}次修改`)
        expect({ id, searchTokens: d.searchTokens, bodyTokens: d.bodyTokens }).toEqual({
          id,
          searchTokens: expected.searchTokens,
          bodyTokens: expected.bodyTokens,
        })
        expect(d.indexVersion).toBe(DISCLOSURE_INDEX_VERSION)
      }
    }
  }, 240_000)

  it('should leave a draft changed between its read and its write for the next pass, which indexes it', async () => {
    const item = findCatalogItem(ITEM)
    if (!item) throw new Error('no item')
    const id = drafts[0] ?? ''
    // A change that re-derives nothing (a status or attachment write) between the read and the write.
    await services.models.Disclosure.collection.updateMany({}, { $unset: { indexVersion: 1 } })
    await services.models.Disclosure.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { searchTokens: ['旧词'], bodyTokens: ['旧词'] } },
    )
    const Disclosure = services.models.Disclosure
    const find = Disclosure.find.bind(Disclosure)
    // The pass reads, then the draft's body is rewritten behind it (as an edit landing meanwhile).
    vi.spyOn(Disclosure, 'find').mockImplementationOnce(((...args: Parameters<typeof find>) => {
      const query = find(...args)
      const exec = query.exec.bind(query)
      query.exec = async () => {
        const read = await exec()
        await Disclosure.updateOne({ _id: id }, { $set: { body: '读取之后改成的内容：水渠清淤' } })
        return read
      }
      return query
    }) as never)
    try {
      expect(await services.disclosures.reindexStale(1000)).toBe(FILLER + drafts.length - 1)
    } finally {
      vi.restoreAllMocks()
    }
    const skipped = await Disclosure.findById(id).lean()
    expect(skipped?.indexVersion).toBeUndefined()
    expect(await services.disclosures.reindexStale(1000)).toBe(1)
    const d = await Disclosure.findById(id).lean()
    if (!d) throw new Error('draft gone')
    expect(d.indexVersion).toBe(DISCLOSURE_INDEX_VERSION)
    expect(d.searchTokens).toEqual(derivations().derived(item, d.title, d.body, d.rows).searchTokens)
  }, 60_000)
})
