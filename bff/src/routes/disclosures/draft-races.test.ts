import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

// Many rounds of requests sent at once against the real engine.
vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')
const ROUNDS = 20

/** Edits of one draft sent at once (tester 2, H3 and M1): no edit is lost, and nothing unchecked is submitted. */
describe('a draft edited and submitted by several people at once', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  const item = dibaoItem()

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  async function draft(period: string, rows = buildDibaoRows(V1, 2)): Promise<string> {
    const res = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period, title: `${period} 低保对象名单公示`, rows })
    expect(res.status).toBe(201)
    return res.body.id
  }
  const patch = (id: string, body: object) =>
    request(server).patch(`/api/v1/disclosures/${id}`).set('Authorization', secretary).send(body)
  const read = (id: string) =>
    request(server).get(`/api/v1/disclosures/${id}`).set('Authorization', secretary)
  const audited = async (id: string) =>
    (
      await t
        .services!.models.AuditEvent.find({ targetId: id, action: 'disclosure.update' })
        .sort({ _id: 1 })
        .lean()
    ).map((e) => (e.data as { fields: string[] }).fields)

  it('should keep both edits of different fields sent at once, and audit only the fields each wrote', async () => {
    const id = await draft('2026-04')
    for (let i = 0; i < ROUNDS; i++) {
      const rows = buildDibaoRows(V1, 1 + (i % 3))
      const [a, b] = await Promise.all([patch(id, { title: `标题第${i}次修改` }), patch(id, { rows })])
      expect([a.status, b.status]).toEqual([200, 200])
      const stored = await read(id)
      expect(stored.body.title).toBe(`标题第${i}次修改`)
      expect(stored.body.table.rowCount).toBe(rows.length)
    }
    const fields = await audited(id)
    expect(fields).toHaveLength(2 * ROUNDS)
    expect(fields.filter((f) => f.join() === 'title')).toHaveLength(ROUNDS)
    expect(fields.filter((f) => f.join() === 'rows')).toHaveLength(ROUNDS)
  })

  it('should answer an edit of a stale copy 409 disclosure_stale: of two edits sent at once from one copy, one wins', async () => {
    const id = await draft('2026-05')
    const opened = await read(id)
    expect(opened.body.revision).toEqual(expect.any(Number))
    const first = await patch(id, { title: '第一次修改的标题', revision: opened.body.revision })
    expect(first.status).toBe(200)
    expect(first.body.revision).toBeGreaterThan(opened.body.revision)
    // Another person still holds the copy opened before the first edit.
    const stale = await patch(id, { body: '另一人的正文', revision: opened.body.revision })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('disclosure_stale')
    expect(stale.body.error.message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/)
    expect((await read(id)).body).toMatchObject({ title: '第一次修改的标题', body: '' })

    for (let i = 0; i < ROUNDS; i++) {
      const { revision } = (await read(id)).body
      const answers = await Promise.all([
        patch(id, { title: `甲的标题${i}`, revision }),
        patch(id, { title: `乙的标题${i}`, revision }),
      ])
      const statuses = answers.map((a) => a.status).sort()
      expect(statuses).toEqual([200, 409])
      const winner = answers.find((a) => a.status === 200)!
      const loser = answers.find((a) => a.status === 409)!
      expect(loser.body.error.code).toBe('disclosure_stale')
      expect((await read(id)).body.title).toBe(winner.body.title)
    }
    // Only what was written is audited: the first edit and each round's winner.
    expect(await audited(id)).toHaveLength(1 + ROUNDS)

    // A submit naming the revision its sender saw: not once the draft was saved after it.
    const submit = (body: object) =>
      request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary).send(body)
    const late = await submit({ revision: opened.body.revision })
    expect([late.status, late.body.error.code]).toEqual([409, 'disclosure_stale'])
    const sent = await submit({ revision: (await read(id)).body.revision })
    expect([sent.status, sent.body.status]).toEqual([200, 'pending_review'])
  })

  it('should never submit rows a concurrent edit changed after the checks read them (an empty list unconfirmed)', async () => {
    const id = await draft('2026-06', buildDibaoRows(V1, 1))
    for (let i = 0; i < ROUNDS; i++) {
      const [edit, submit] = await Promise.all([
        patch(id, { rows: [] }),
        request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary).send({}),
      ])
      const stored = await read(id)
      if (submit.status === 200) {
        // What was submitted is what the checks read: the one row, never the empty list.
        expect(stored.body.status).toBe('pending_review')
        expect(stored.body.table.rowCount).toBe(1)
        expect(edit.status).toBe(409)
        // Back to a draft of one row for the next round.
        await t.services!.models.Disclosure.updateOne({ _id: id }, { $set: { status: 'draft' } })
      } else {
        expect(stored.body.status).toBe('draft')
        expect(['table_empty', 'disclosure_stale']).toContain(submit.body.error.code)
      }
      if (stored.body.table.rowCount === 0) {
        expect((await patch(id, { rows: buildDibaoRows(V1, 1) })).status).toBe(200)
      }
    }
  })
})
