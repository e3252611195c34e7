import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../../testing/build-app'
import { startRetiredVillageApp, V1, V2 } from '../../testing/retired-village'
import { seenRevision } from '../../testing/publish'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'

const MEETINGS = 'village-affairs.meeting-decisions'

/**
 * What a retired (撤并) village still owes is published in its place by the village it merged into (docs/catalog.md
 * "A retired village"): the successor's secretary drafts and submits the periods that ended before the merger, the
 * county above the old village approves, and the disclosure lives under the old village, marked with its successor.
 * Real engine, demo county.
 */
describe('publishing in place of a retired village', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let as: (who: string) => string
  const create = (who: string, catalogItemId: string, period: string, extra: object = {}) =>
    request(server)
      .post(`/api/v1/villages/${V2}/disclosures`)
      .set('Authorization', as(who))
      .send({ catalogItemId, period, title: `${period} 村民会议决定事项`, body: '修建村道一条', ...extra })
  const schedule = async (who: string) => {
    const res = await request(server)
      .get(`/api/v1/villages/${V2}/schedule?year=2026`)
      .set('Authorization', as(who))
    expect(res.status).toBe(200)
    return res.body.entries as { itemId: string; periodKey: string; status: string }[]
  }
  const standing = (entries: { itemId: string; periodKey: string; status: string }[], period: string) =>
    entries.find((e) => e.itemId === MEETINGS && e.periodKey === period)?.status
  /** The old village's line for the quarter on its compliance board, as the county reads it. */
  const boardLine = async () => {
    const res = await request(server)
      .get(`/api/v1/regions/${V2}/compliance?period=2026-Q3`)
      .set('Authorization', as('demo-county'))
    expect(res.status).toBe(200)
    const rows = res.body.rows as { catalogItemId: string; period: string; dueStatus: string | null }[]
    return rows.find((r) => r.catalogItemId === MEETINGS && r.period === '2026-Q3')?.dueStatus
  }
  let id = ''

  beforeAll(async () => {
    ;({ t, server, as } = await startRetiredVillageApp([
      'demo-admin',
      'demo-county',
      'demo-township',
      'demo-secretary',
      'demo-secretary-2',
    ]))
  })
  afterAll(async () => {
    await t.close()
  })

  it('should keep the quarter that ended before the merger owed, and show it to the successor', async () => {
    // The third quarter ended on 30 September and falls due in October, after the merger: the law still requires it.
    expect(standing(await schedule('demo-secretary'), '2026-Q3')).toBe('overdue')
    expect(await boardLine()).toBe('overdue')
    expect(standing(await schedule('demo-county'), '2026-Q4')).toBeUndefined()
  })

  it("should let the successor's secretary draft it, not the old village's own nor another township, and only what it owes", async () => {
    const own = await create('demo-secretary-2', MEETINGS, '2026-Q3')
    expect([own.status, own.body.error?.code]).toEqual([403, 'forbidden'])
    const township = await create('demo-township', MEETINGS, '2026-Q3')
    expect(township.status).toBe(403)
    for (const [item, period] of [
      [MEETINGS, '2026-Q4'],
      ['village-finance.income', '2026-10'],
      // Event-driven items are never owed, so never published in its place.
      [dibaoItem().id, '2026-09'],
    ] as const) {
      const res = await create('demo-secretary', item, period, {
        ...(item === MEETINGS ? {} : { rows: buildDibaoRows(V2, 1) }),
      })
      expect([period, res.status, res.body.error?.code]).toEqual([period, 422, 'village_retired'])
      expect(res.body.error.message).toMatch(
        /已于2026年10月1日撤并（并入.+），只能代为公开撤并之前已经过完的/,
      )
    }
    const res = await create('demo-secretary', MEETINGS, '2026-Q3')
    expect(res.status).toBe(201)
    expect(res.body.regionCode).toBe(V2)
    expect(res.body.successor).toEqual({ regionCode: V1, name: expect.any(String) })
    id = String(res.body.id)
  })

  it('should let the successor edit and submit it, the county above approve it, and show it under the old village', async () => {
    const draft = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('Authorization', as('demo-secretary'))
    expect([draft.status, draft.body.status]).toEqual([200, 'draft'])
    const edited = await request(server)
      .patch(`/api/v1/disclosures/${id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ body: '修建村道一条，长1.2公里', revision: draft.body.revision })
    expect(edited.status).toBe(200)
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({ revision: edited.body.revision })
    expect([submitted.status, submitted.body.status]).toEqual([200, 'pending_review'])
    // demo-township's township is V1's, not the old village's: only the county above V2 reviews.
    const wrongOffice = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: submitted.body.revision })
    expect(wrongOffice.status).toBe(404)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', as('demo-county'))
      .send({ decision: 'approve', revision: await seenRevision(server, id, as('demo-county')) })
    expect([approved.status, approved.body.status]).toEqual([200, 'published'])

    const read = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(read.status).toBe(200)
    expect(read.body.regionCode).toBe(V2)
    expect(read.body.successor).toEqual({ regionCode: V1, name: expect.any(String) })
    const feed = await request(server).get(`/api/v1/villages/${V2}/feed`)
    expect(feed.status).toBe(200)
    expect(JSON.stringify(feed.body)).toContain(id)
    // Published, it is owed no more: on the schedule it is late, no longer overdue.
    expect(standing(await schedule('demo-secretary'), '2026-Q3')).toBe('late')
    expect(await boardLine()).not.toBe('overdue')
  })

  it('should let the successor correct it in a new version', async () => {
    const res = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正村道长度' })
    expect(res.status).toBe(201)
    expect(res.body.successor?.regionCode).toBe(V1)
  })

  it('should let the township or county above the old village publish in its place too, marked with its name', async () => {
    const res = await create('demo-county', MEETINGS, '2026-Q2')
    expect(res.status).toBe(201)
    expect(res.body.successor).toEqual({ regionCode: `${V2.slice(0, 6)}000000`, name: expect.any(String) })
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${String(res.body.id)}/submit`)
      .set('Authorization', as('demo-county'))
      .send({ revision: res.body.revision })
    expect([submitted.status, submitted.body.status]).toEqual([200, 'pending_review'])
    const late = await create('demo-county', MEETINGS, '2026-Q4')
    expect([late.status, late.body.error?.code]).toEqual([422, 'village_retired'])
  })
})
