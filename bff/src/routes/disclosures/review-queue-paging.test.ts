import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode, type ReviewQueueDto } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const PREFIX = TOWNSHIP.slice(0, 9)
/** 300 villages of the township beside the demo ones (codes 500-799); the first three are named for the search. */
const VILLAGES = Array.from({ length: 300 }, (_, i) => ({
  code: `${PREFIX}${500 + i}`,
  name: i === 0 ? '枫林村' : i === 1 ? '枫林新村' : i === 2 ? '石门村' : `测试${i}村`,
}))
/** Drafts pending in the township: one real one (V1) and 229 copies spread over the 300 villages. */
const COPIES = 229

/**
 * The review queue of a township of 300 villages with more than 200 drafts pending (docs/api.md, "The review
 * queue"): a total, pages that neither repeat nor skip, oldest submitted first, one village, part of a name.
 */
describe('GET /regions/:code/review-queue paging and filters', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  let firstId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-county'])
      auth[key] = (await signIn(t.app, key)).auth
    const models = t.services!.models
    await models.Region.insertMany(
      VILLAGES.map((v) => ({
        _id: v.code,
        name: v.name,
        level: 'village',
        parentCode: TOWNSHIP,
        codeYear: 2024,
      })),
    )
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', as('demo-secretary'))
      .send({
        catalogItemId: 'village-finance.major-item',
        period: '2026-06',
        title: '重大事项：修路',
        body: '修路',
      })
    expect(created.status).toBe(201)
    firstId = String(created.body.id)
    await request(server)
      .post(`/api/v1/disclosures/${firstId}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({})
      .expect(200)
    const original = await models.Disclosure.findById(firstId).lean()
    if (!original?.submittedAt) throw new Error('not submitted')
    const base = original.submittedAt.getTime()
    // Copies submitted after the real one, the later made the earlier submitted (so the ids' order is not the
    // queue's), three at each moment (the order then falls back on the id).
    await models.Disclosure.collection.insertMany(
      Array.from({ length: COPIES }, (_, i) => {
        const seriesKey = `${original.seriesKey}|copy-${i}`
        return {
          ...original,
          _id: new Types.ObjectId(),
          regionCode: VILLAGES[i % VILLAGES.length]!.code,
          title: `草稿${i}`,
          seriesKey,
          openKey: seriesKey,
          submittedAt: new Date(base + 60_000 * (1 + Math.floor((COPIES - 1 - i) / 3))),
        }
      }),
    )
  })
  afterAll(async () => {
    await t.close()
  })

  /** The pending drafts' ids as stored, by submission time and then id: the order the queue owes. */
  async function submissionOrder(): Promise<string[]> {
    const stored = await t
      .services!.models.Disclosure.find(
        { status: 'pending_review', regionCode: { $regex: `^${PREFIX}` } },
        { submittedAt: 1 },
      )
      .lean()
    return stored
      .map((d) => ({ at: d.submittedAt?.getTime() ?? 0, id: d._id.toHexString() }))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((d) => d.id)
  }

  const queue = (query: string, key = 'demo-township', region = TOWNSHIP) =>
    request(server).get(`/api/v1/regions/${region}/review-queue?${query}`).set('Authorization', as(key))

  async function all(query: string, limit: number, key = 'demo-township', region = TOWNSHIP) {
    const seen: ReviewQueueDto['disclosures'] = []
    let after: string | null = ''
    let total = -1
    while (after !== null) {
      const res = await queue(`${query}&limit=${limit}${after ? `&after=${after}` : ''}`, key, region)
      expect(res.status).toBe(200)
      const body = res.body as ReviewQueueDto
      total = body.page.total
      seen.push(...body.disclosures)
      expect(body.page.remaining).toBe(total - seen.length)
      after = body.page.nextAfter
    }
    return { seen, total }
  }

  it('should say how many drafts are pending and give the first 100, oldest submitted first', async () => {
    const res = await queue('')
    expect(res.status).toBe(200)
    const body = res.body as ReviewQueueDto
    expect(body.page).toMatchObject({ limit: 100, total: COPIES + 1, remaining: COPIES + 1 - 100 })
    expect(body.page.nextAfter).toMatch(/^\d+_[0-9a-f]{24}$/)
    expect(body.disclosures).toHaveLength(100)
    expect(body.disclosures[0]?.id).toBe(firstId)
  })

  it('should reach every draft a page at a time, none twice, in submission order then id', async () => {
    for (const limit of [200, 7]) {
      const { seen, total } = await all('', limit)
      expect(total).toBe(COPIES + 1)
      expect(seen).toHaveLength(total)
      expect(new Set(seen.map((d) => d.id)).size).toBe(total)
      expect(seen.map((d) => d.id)).toEqual(await submissionOrder())
      expect(seen.map((d) => d.title).slice(0, 5)).toEqual([
        '重大事项：修路',
        '草稿226',
        '草稿227',
        '草稿228',
        '草稿223',
      ])
      expect(seen.at(-1)?.title).toBe('草稿0')
    }
    // The county covers the township: the same drafts.
    expect((await all('', 200, 'demo-county', demoRegionOf('demo-county'))).total).toBe(COPIES + 1)
  })

  it('should give the drafts of one village of the region', async () => {
    const res = await queue(`village=${VILLAGES[5]!.code}`)
    expect(res.status).toBe(200)
    const body = res.body as ReviewQueueDto
    expect(body.page.total).toBe(1)
    expect(body.disclosures.map((d) => d.title)).toEqual(['草稿5'])
    const first = await queue(`village=${VILLAGES[0]!.code}&limit=1`)
    expect(first.body.page).toEqual({ limit: 1, total: 1, remaining: 0, nextAfter: null })
  })

  it('should find the drafts of the villages whose name contains what the officer typed', async () => {
    const { seen, total } = await all('villageName=%E6%9E%AB%E6%9E%97', 1) // 枫林
    expect(total).toBe(2)
    expect(seen.map((d) => d.regionName).sort()).toEqual(['枫林新村', '枫林村'].sort())
    const one = await queue(`villageName=${encodeURIComponent('枫林')}&village=${VILLAGES[1]!.code}`)
    expect(one.body.disclosures.map((d: { regionName: string }) => d.regionName)).toEqual(['枫林新村'])
    const none = await queue(`villageName=${encodeURIComponent('没有这个村')}`)
    expect(none.status).toBe(200)
    expect(none.body.page.total).toBe(0)
    expect(none.body.disclosures).toEqual([])
  })

  it('should refuse a limit, cursor, village or name out of range', async () => {
    for (const q of [
      'limit=0',
      'limit=201',
      'limit=abc',
      'after=',
      'after=abc',
      `after=1_${'g'.repeat(24)}`,
      `after=${'9'.repeat(16)}_${'a'.repeat(24)}`,
      `after=1_${'a'.repeat(23)}`,
      `after=-1_${'a'.repeat(24)}`,
      'village=123',
    ]) {
      const res = await queue(q)
      expect(res.status, q).toBe(400)
      expect(res.body.error.code, q).toBe(ErrorCode.ValidationError)
    }
    const long = await queue(`villageName=${encodeURIComponent('村'.repeat(21))}`)
    expect(long.status).toBe(400)
    expect((await queue('villageName=%20')).status).toBe(400)
    // A code that is no village (the township itself) is 422; another township's village is 403.
    const notVillage = await queue(`village=${TOWNSHIP}`)
    expect(notVillage.status).toBe(422)
    expect(notVillage.body.error.code).toBe(ErrorCode.UnprocessableEntity)
    const foreign = await queue(`village=${V2}`)
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.code).toBe(ErrorCode.Forbidden)
    // Past the end: an empty page that still says how many there are.
    const past = await queue(`after=${'9'.repeat(15)}_${'f'.repeat(24)}`)
    expect(past.status).toBe(200)
    expect(past.body.disclosures).toEqual([])
    expect(past.body.page).toMatchObject({ total: COPIES + 1, remaining: 0, nextAfter: null })
  })

  it('should count one fewer once a draft is approved', async () => {
    const before = (await queue('limit=1')).body as ReviewQueueDto
    const d = before.disclosures[0]!
    await request(server)
      .post(`/api/v1/disclosures/${d.id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'return', comment: '请补充', revision: d.revision })
      .expect(200)
    const after = (await queue('limit=1')).body as ReviewQueueDto
    expect(after.page.total).toBe(before.page.total - 1)
    expect(after.disclosures[0]?.id).not.toBe(d.id)
  })

  it('should reach every draft still pending once when a colleague approves 12 shown ones between two pages', async () => {
    const first = (await queue('limit=50')).body as ReviewQueueDto
    const shown = first.disclosures
    // Another phone approves 12 of the 50 shown (the tester's case: 150 pending, 50 shown, 12 approved elsewhere).
    const approved = shown.filter((_, i) => i % 4 === 1).slice(0, 12)
    for (const d of approved)
      await request(server)
        .post(`/api/v1/disclosures/${d.id}/review`)
        .set('Authorization', as('demo-county'))
        .send({ decision: 'approve', revision: d.revision })
        .expect(200)
    const seen = [...shown]
    let after = first.page.nextAfter
    let page = first.page
    while (after !== null) {
      const res = await queue(`limit=50&after=${after}`)
      expect(res.status).toBe(200)
      const body = res.body as ReviewQueueDto
      seen.push(...body.disclosures)
      page = body.page
      after = page.nextAfter
    }
    const gone = new Set(approved.map((d) => d.id))
    const stillPending = seen.filter((d) => !gone.has(d.id)).map((d) => d.id)
    expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length)
    expect(stillPending).toEqual(await submissionOrder())
    // The answer's count agrees with what a page can reach: shown-and-pending plus what comes after.
    expect(page.total).toBe(stillPending.length)
    expect(page.remaining).toBe(0)
    // Shown 50 with 12 of them gone: the second page's counts tell the page some it shows are no longer pending.
    const second = (await queue(`limit=50&after=${first.page.nextAfter}`)).body as ReviewQueueDto
    expect(second.page.total - second.page.remaining).toBe(50 - 12 + second.disclosures.length)
  })
})
