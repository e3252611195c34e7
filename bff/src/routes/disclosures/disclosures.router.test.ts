import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureDtoSchema, findSensitiveNumbers } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, buildIdNumber, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

describe('disclosure routes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const item = dibaoItem()

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of [
      'demo-secretary',
      'demo-secretary-2',
      'demo-township',
      'demo-villager',
      'demo-county',
    ]) {
      auth[key] = (await signIn(t.app, key)).auth
    }
  })
  afterAll(async () => {
    await t.close()
  })

  /** Every public response is scanned for full personal numbers. */
  function expectNoPersonalNumbers(body: unknown) {
    expect(findSensitiveNumbers(JSON.stringify(body))).toEqual([])
  }

  async function draft(period: string, rows = buildDibaoRows(V1)) {
    return request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({
        catalogItemId: item.id,
        period,
        title: `${period} 低保对象名单公示`,
        body: '经村民代表会议评议，现予公示。',
        rows,
      })
  }

  it('should take a 低保 roster from draft to published and show only public columns to villagers', async () => {
    const rows = buildDibaoRows(V1)
    // One household member is a minor: that row must never be public.
    rows[29] = { ...rows[29], id_number: buildIdNumber('2015-06-01', 99) }
    const created = await draft('2026-10', rows)
    expect(created.status).toBe(201)
    const id = created.body.id
    expect(created.body.status).toBe('draft')

    const hidden = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(hidden.status).toBe(404)

    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(submitted.body.status).toBe('pending_review')
    const queue = await request(server)
      .get(`/api/v1/regions/${V1.slice(0, 9)}000/review-queue`)
      .set('Authorization', auth['demo-township'] ?? '')
    expect(queue.body.disclosures.map((d: { id: string }) => d.id)).toContain(id)

    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth['demo-township'] ?? '') })
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('published')

    const publicView = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(publicView.status).toBe(200)
    const dto = DisclosureDtoSchema.parse(publicView.body)
    expect(dto.table?.columns.map((c) => c.key)).toEqual(['name', 'household_size', 'amount', 'group'])
    expect(dto.table?.rowCount).toBe(29)
    expect(dto.table?.omittedRowCount).toBe(1)
    expect(dto.table?.totals.amount).toBe(rows.slice(0, 29).reduce((s, r) => s + Number(r.amount), 0))
    expectNoPersonalNumbers(publicView.body)
    expect(
      new Date(dto.postingUntil ?? 0).getTime() - new Date(dto.publishedAt ?? 0).getTime(),
    ).toBeGreaterThanOrEqual(5 * 86_400_000)

    const feed = await request(server).get(`/api/v1/villages/${V1}/feed`)
    expect(feed.body.disclosures.map((d: { id: string }) => d.id)).toContain(id)
    expectNoPersonalNumbers(feed.body)
    const unchanged = await request(server)
      .get(`/api/v1/villages/${V1}/feed`)
      .set('If-None-Match', feed.headers.etag ?? '')
    expect(unchanged.status).toBe(304)
    const zipped = await request(server).get(`/api/v1/villages/${V1}/feed`).set('Accept-Encoding', 'gzip')
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.body.disclosures.map((d: { id: string }) => d.id)).toContain(id)

    const search = await request(server).get(
      `/api/v1/search?q=${encodeURIComponent('低保')}&regionCode=${V1}`,
    )
    expect(search.status).toBe(200)
    expect(search.body.disclosures.map((d: { id: string }) => d.id)).toContain(id)
    expectNoPersonalNumbers(search.body)
    const countyWide = await request(server).get(
      `/api/v1/search?q=${encodeURIComponent('最低生活保障')}&regionCode=${V1.slice(0, 6)}000000`,
    )
    expect(countyWide.body.disclosures.map((d: { id: string }) => d.id)).toContain(id)
    const nothing = await request(server).get(
      `/api/v1/search?q=${encodeURIComponent('危房改造')}&regionCode=${V1}`,
    )
    expect(nothing.body.disclosures).toEqual([])
    const blank = await request(server).get(`/api/v1/search?q=&regionCode=${V1}`)
    expect(blank.status).toBe(400)

    const related = await request(server)
      .get('/api/v1/me/related')
      .set('Authorization', auth['demo-villager'] ?? '')
    expect(related.status).toBe(200)
    const mine = related.body.disclosures.find((d: { id: string }) => d.id === id)
    expect(mine.table.rows).toHaveLength(1)
    expect(mine.table.rows[0].household_no).toBeDefined()
    expectNoPersonalNumbers(related.body)
  })

  it('should drop characters that show nothing from typed text, and refuse text that is only those or ill-formed', async () => {
    const send = (title: string, body = '现予公示。') =>
      request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ catalogItemId: item.id, period: '2026-04', title, body, rows: buildDibaoRows(V1) })
    // Only zero-width, bidi and soft-hyphen characters: empty once cleaned, so the schema's own message answers.
    const blank = await send('\u200b\u200e\u00ad\u2063')
    expect(blank.status).toBe(400)
    expect(blank.body.error.details['body.title']).toMatch(/[\u4e00-\u9fff]/)
    // A lone surrogate would be stored as �: refused, in words.
    const broken = await send('低保\ud800名单')
    expect(broken.status).toBe(400)
    expect(broken.body.error.details).toEqual({ 'body.title': '含有无法显示的字符，请删去后再试' })
    // Cleaned, not refused: a phone number with a soft hyphen and a word joiner in it is a number to the scrubber.
    const cleaned = await send('2026年4月\u200b低保名单', '联系电话 139\u00ad1234\u20605678')
    expect(cleaned.status).toBe(201)
    expect(cleaned.body.title).toBe('2026年4月低保名单')
    expect(cleaned.body.body).toBe('联系电话 13912345678')
  })

  it('should serve one cached public view of an item to everyone but its staff, with ETag and gzip', async () => {
    const created = await draft('2026-09')
    const id = created.body.id
    await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth['demo-township'] ?? '') })

    // The public view is read (and kept) first; the secretary still gets the staff view with the ID numbers.
    const anonymous = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.headers['cache-control']).toBe('no-cache')
    expectNoPersonalNumbers(anonymous.body)
    const staff = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(staff.status).toBe(200)
    expect(staff.body.table.columns.map((c: { key: string }) => c.key)).toContain('id_number')
    expect(findSensitiveNumbers(JSON.stringify(staff.body))).not.toEqual([])
    expect(staff.headers.etag).toBeUndefined()

    // A signed-in villager and a secretary of another village read the same public bytes, not the staff view.
    for (const key of ['demo-villager', 'demo-secretary-2']) {
      const other = await request(server)
        .get(`/api/v1/disclosures/${id}`)
        .set('Authorization', auth[key] ?? '')
      expect(other.status).toBe(200)
      expect(other.headers.etag).toBe(anonymous.headers.etag)
      expect(other.body).toEqual(anonymous.body)
    }
    const unchanged = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('If-None-Match', anonymous.headers.etag ?? '')
    expect(unchanged.status).toBe(304)
    const zipped = await request(server).get(`/api/v1/disclosures/${id}`).set('Accept-Encoding', 'gzip')
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.body).toEqual(anonymous.body)

    // Retracted here: the next public read says so at once (this instance forgets its copy).
    const retracted = await request(server)
      .post(`/api/v1/disclosures/${id}/retract`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ reason: '名单有误，重新评议' })
    expect(retracted.status).toBe(200)
    const after = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(after.body.status).toBe('retracted')
    expect(after.headers.etag).not.toBe(anonymous.headers.etag)
    // Its list is withdrawn with it, for everyone but the village's staff, as its CSV is.
    expect(anonymous.body.table.rows.length).toBeGreaterThan(0)
    expect(after.body.table).toBeNull()
    expect(after.body.retractReason).toBe('名单有误，重新评议')
    const staffAfter = await request(server)
      .get(`/api/v1/disclosures/${id}`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(staffAfter.body.table.rows.length).toBe(anonymous.body.table.rows.length)
    expect((await request(server).get(`/api/v1/disclosures/${id}/table.csv`)).status).toBe(404)
    // Submitting it again is refused in words a secretary knows, not the stored status name.
    const again = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('invalid_transition')
    expect(again.body.error.message).toBe('这条内容现在是「已撤回」状态，不能提交审核')

    for (const bad of ['nope', '0123456789abcdef01234567']) {
      const missing = await request(server).get(`/api/v1/disclosures/${bad}`)
      expect([400, 404]).toContain(missing.status)
      expect(missing.body.error.code).toMatch(/^[a-z_]+$/)
    }
  })

  it('should refuse edits to a published disclosure and publish a corrected version that supersedes it', async () => {
    const created = await draft('2026-11')
    const id = created.body.id
    await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth['demo-township'] ?? '') })

    const edit = await request(server)
      .patch(`/api/v1/disclosures/${id}`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ title: '改标题' })
    expect(edit.status).toBe(409)
    expect(edit.body.error.code).toBe('disclosure_not_editable')
    expect(edit.body.error.details.versionsPath).toBe(`/api/v1/disclosures/${id}/versions`)

    const v2 = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ changeNote: '更正第 3 户保障金额' })
    expect(v2.status).toBe(201)
    expect(v2.body.version).toBe(2)
    const rows = buildDibaoRows(V1)
    rows[2] = { ...rows[2], amount: 99_900 }
    const patched = await request(server)
      .patch(`/api/v1/disclosures/${v2.body.id}`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ rows })
    expect(patched.status).toBe(200)
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    const returned = await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({
        decision: 'return',
        comment: '请核对金额',
        revision: await seenRevision(server, v2.body.id, auth['demo-township'] ?? ''),
      })
    expect(returned.body.status).toBe('draft')
    expect(returned.body.reviewComment).toBe('请核对金额')
    // The secretary reads who returned it.
    expect(returned.body.reviewOffice).toBe('乡镇')
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({
        decision: 'approve',
        revision: await seenRevision(server, v2.body.id, auth['demo-township'] ?? ''),
      })

    const old = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(old.body.status).toBe('superseded')
    const history = await request(server).get(`/api/v1/disclosures/${v2.body.id}/versions`)
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(history.body.versions[0].changeNote).toBe('更正第 3 户保障金额')
    expect(history.body.versions[0].changes).toContain('修改 1 行')
    const feed = await request(server).get(`/api/v1/villages/${V1}/feed`)
    const ids = feed.body.disclosures.map((d: { id: string }) => d.id)
    expect(ids).toContain(v2.body.id)
    expect(ids).not.toContain(id)

    const retract = await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/retract`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ reason: '名单有误，重新核对' })
    expect(retract.body.status).toBe('retracted')
    const afterRetract = await request(server).get(`/api/v1/disclosures/${v2.body.id}`)
    expect(afterRetract.body.retractReason).toBe('名单有误，重新核对')
  })

  describe('bad input', () => {
    it('should answer a duplicate period with 409 disclosure_exists', async () => {
      await draft('2026-09')
      // Another copy (another tab, other rows): the same content sent again at once is a double tap, answered with
      // the first draft (create-lost-answer.test.ts).
      const again = await draft('2026-09', buildDibaoRows(V1, 2))
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('disclosure_exists')
    })

    it('should refuse a field it does not know instead of dropping it (rows sent as `table`)', async () => {
      const created = await draft('2026-06', buildDibaoRows(V1, 3))
      expect(created.status).toBe(201)
      const res = await request(server)
        .patch(`/api/v1/disclosures/${created.body.id}`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ table: { rows: buildDibaoRows(V1, 5) } })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
      expect(res.body.error.message).toContain('有多余的内容：table')
      const extra = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ catalogItemId: item.id, period: '2026-05', title: '低保名单', status: 'published' })
      expect(extra.status).toBe(400)
      const stored = await request(server)
        .get(`/api/v1/disclosures/${created.body.id}`)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(stored.body.table.rows).toHaveLength(3)
    })

    it('should submit an empty list only once the secretary confirms the period has none (本月无支出)', async () => {
      const created = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({
          catalogItemId: 'village-finance.expense',
          period: '2026-04',
          title: '2026年4月支出明细',
          body: '本月无支出。',
        })
      expect(created.status).toBe(201)
      const submit = (body: object) =>
        request(server)
          .post(`/api/v1/disclosures/${created.body.id}/submit`)
          .set('Authorization', auth['demo-secretary'] ?? '')
          .send(body)
      const refused = await submit({})
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('table_empty')
      expect(refused.body.error.message).toContain('本月没有支出')
      const sent = await submit({ confirmNoRows: true })
      expect(sent.status).toBe(200)
      expect(sent.body.status).toBe('pending_review')
      const approved = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/review`)
        .set('Authorization', auth['demo-township'] ?? '')
        .send({
          decision: 'approve',
          revision: await seenRevision(server, created.body.id, auth['demo-township'] ?? ''),
        })
      expect(approved.status).toBe(200)
      const shown = DisclosureDtoSchema.parse(
        (await request(server).get(`/api/v1/disclosures/${created.body.id}`)).body,
      )
      expect(shown.table?.rowCount).toBe(0)
      expect(shown.table?.columns.length).toBeGreaterThan(0)
      expect(shown.body).toBe('本月无支出。')
    })

    it('should answer rows failing the schema with 422 and row/column details, saving nothing', async () => {
      const rows = buildDibaoRows(V1, 5)
      rows[1] = { ...rows[1], amount: 'abc' }
      rows[3] = { ...rows[3], id_number: '360999195001010000' }
      const res = await draft('2026-08', rows)
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('table_rows_invalid')
      expect(res.body.error.details.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 2, column: 'amount' }),
          expect.objectContaining({ row: 4, column: 'id_number' }),
        ]),
      )
      const list = await request(server)
        .get(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(list.body.disclosures.find((d: { period: string }) => d.period === '2026-08')).toBeUndefined()
    })

    it('should answer another village secretary with 403 for the village, 404 for its draft', async () => {
      const res = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', auth['demo-secretary-2'] ?? '')
        .send({ catalogItemId: item.id, period: '2026-07', title: '越权', rows: buildDibaoRows(V1, 1) })
      expect(res.status).toBe(403)
      const created = await draft('2026-07')
      const patch = await request(server)
        .patch(`/api/v1/disclosures/${created.body.id}`)
        .set('Authorization', auth['demo-secretary-2'] ?? '')
        .send({ title: '越权修改' })
      // A record of another region answers as an unknown id (middlewares/auth.ts).
      expect(patch.status).toBe(404)
    })

    it('should validate bodies, periods and catalog items', async () => {
      const s = auth['demo-secretary'] ?? ''
      expect(
        (await request(server).post(`/api/v1/villages/${V1}/disclosures`).set('Authorization', s).send({}))
          .status,
      ).toBe(400)
      const badPeriod = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', s)
        .send({ catalogItemId: item.id, period: '2026-13', title: '标题' })
      expect(badPeriod.status).toBe(400)
      const unknownItem = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', s)
        .send({ catalogItemId: 'no.such.item', period: '2026-07', title: '标题' })
      expect(unknownItem.status).toBe(404)
      const review = await request(server)
        .post('/api/v1/disclosures/0123456789abcdef01234567/review')
        .set('Authorization', auth['demo-township'] ?? '')
        .send({ decision: 'return', revision: 0 })
      expect(review.status).toBe(400)
    })

    it('should not let a township review a disclosure outside its region, nor submit twice', async () => {
      const created = await request(server)
        .post(`/api/v1/villages/${V2}/disclosures`)
        .set('Authorization', auth['demo-secretary-2'] ?? '')
        .send({ catalogItemId: item.id, period: '2026-10', title: '石门村低保', rows: buildDibaoRows(V2, 3) })
      expect(created.status).toBe(201)
      const s2 = auth['demo-secretary-2'] ?? ''
      await request(server).post(`/api/v1/disclosures/${created.body.id}/submit`).set('Authorization', s2)
      const twice = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/submit`)
        .set('Authorization', s2)
      expect(twice.status).toBe(409)
      // The revision the county's page holds: the township (another township's village) cannot read it.
      const revision = await seenRevision(server, created.body.id, auth['demo-county'] ?? '')
      const foreign = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/review`)
        .set('Authorization', auth['demo-township'] ?? '')
        .send({ decision: 'approve', revision })
      expect(foreign.status).toBe(404)
      const county = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/review`)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ decision: 'approve', revision })
      expect(county.status).toBe(200)
    })
  })
})
