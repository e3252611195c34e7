import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildIdNumber } from '../../testing/factories'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

// Every import is parsed in a new worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

/**
 * Government rosters: a county roster imported like a village table (progress, corrected mapping with the village
 * column, row errors, all or nothing), and its rows kept outside the item and read page by page.
 */
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')
const CSV = 'text/csv'

interface ImportBody {
  id: string
  status: string
  stage: string | null
  errors: { row: number; column: string | null; code: string; message: string }[]
  errorCount: number
  unmappedRequired: string[]
  mapping: Record<string, number | null>
  villageColumn: number | null
  rowCount: number
  villageCount: number
}

/** A county roster as CSV: `village` is what the village column says (a code or a name). */
function rosterCsv(
  lines: { village: string; name: string; no: string; area: number; yuan: string; id?: string }[],
  header = '村名',
) {
  const out = [`${header},户主姓名,户号,补贴面积,补贴金额,身份证号码`]
  for (const l of lines) out.push(`${l.village},${l.name},${l.no},${l.area},${l.yuan},${l.id ?? ''}`)
  return Buffer.from(`${out.join('\r\n')}\r\n`)
}

function householdsOf(village: string, label = village, count = 3) {
  return demoHouseholds(village)
    .slice(0, count)
    .map((h, i) => ({
      village: label,
      name: h.headName,
      no: h.householdNo,
      area: 4 + i,
      yuan: ((4 + i) * 125).toFixed(2),
      id: buildIdNumber('1960-01-15', i + 1),
    }))
}

describe('government items: roster import and rows kept outside the item', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  let sibling = { code: '', name: '' }
  let period = 2030

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary'])
      auth.set(key, (await signIn(t.app, key)).auth)
    const children = await request(server).get(`/api/v1/regions/${TOWNSHIP}/children`)
    sibling = children.body.regions.find((r: { code: string }) => r.code !== V1)
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })
  const as = (key: string) => auth.get(key) ?? ''

  async function draft(region = COUNTY): Promise<string> {
    const res = await request(server)
      .post(`/api/v1/regions/${region}/government-items`)
      .set('Authorization', as(region === COUNTY ? 'demo-county' : 'demo-township'))
      .send({ catalogItemId: ITEM, period: String(period++), title: '耕地地力保护补贴发放名册' })
    expect(res.status).toBe(201)
    return res.body.id
  }

  async function upload(itemId: string, file: Buffer, name = '名册.csv', who = 'demo-county') {
    return request(server)
      .post(`/api/v1/government-items/${itemId}/table-imports`)
      .set('Authorization', as(who))
      .attach('file', file, { filename: name, contentType: CSV })
  }

  async function waitDone(id: string, who = 'demo-county'): Promise<ImportBody> {
    for (let i = 0; i < 1200; i++) {
      const res = await request(server).get(`/api/v1/table-imports/${id}`).set('Authorization', as(who))
      expect(res.status).toBe(200)
      if (res.body.status !== 'processing') return res.body
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  describe('POST /api/v1/government-items/:id/table-imports', () => {
    it('should report unknown villages and malformed amounts by row, refuse to apply them (422) and keep nothing', async () => {
      const id = await draft()
      const [a, b] = householdsOf(V2)
      if (!a || !b) throw new Error('no households')
      const lines = [
        ...householdsOf(V1),
        { village: '360999999999', name: '外村户', no: '901', area: 1, yuan: '125.00' },
        { ...a, yuan: '12a4.50' },
        { ...b, village: '不存在村' },
      ]
      const started = await upload(id, rosterCsv(lines))
      expect(started.status).toBe(202)
      expect(started.body).toMatchObject({
        kind: 'government_item',
        governmentItemId: id,
        status: 'processing',
      })
      const done = await waitDone(started.body.id)
      expect(done.status).toBe('failed')
      expect(done.errorCount).toBe(3)
      expect(done.errors.map((e) => [e.row, e.column, e.code])).toEqual([
        [5, 'village', 'unknown_village'],
        [6, 'amount', 'invalid_amount'],
        [7, 'village', 'unknown_village'],
      ])
      expect(done.errors[1]?.message).toContain('第 6 行 E 列（补贴金额）')

      const applied = await request(server)
        .post(`/api/v1/table-imports/${done.id}/apply`)
        .set('Authorization', as('demo-county'))
        .send({})
      expect(applied.status).toBe(422)
      expect(applied.body.error.code).toBe('government_rows_invalid')
      expect(applied.body.error.details.errorCount).toBe(3)
      expect(applied.body.error.details.errors[0]).toMatchObject({
        row: 5,
        column: 'village',
        label: '所属村',
      })
      const item = await request(server)
        .get(`/api/v1/government-items/${id}`)
        .set('Authorization', as('demo-county'))
      expect(item.body).toMatchObject({ rowCount: 0, villageCodes: [], table: null })
    })

    it('should let the officer choose the village column, then apply all rows in one step', async () => {
      const id = await draft()
      // 所在 is not a known village header: the import asks which column names the village.
      const lines = [...householdsOf(V1), ...householdsOf(sibling.code, sibling.name), ...householdsOf(V2)]
      const started = await upload(id, rosterCsv(lines, '所在'))
      const first = await waitDone(started.body.id)
      expect(first.status).toBe('failed')
      expect(first.villageColumn).toBeNull()
      expect(first.unmappedRequired).toEqual(['village'])

      const fixed = await request(server)
        .post(`/api/v1/table-imports/${first.id}/mapping`)
        .set('Authorization', as('demo-county'))
        .send({ headerRow: 0, mapping: first.mapping, villageColumn: 0 })
      expect(fixed.status).toBe(200)
      expect(fixed.body).toMatchObject({
        status: 'ready',
        rowCount: 9,
        villageCount: 3,
        errorCount: 0,
        unmappedRequired: [],
      })
      expect(fixed.body.preview[0]).toMatchObject({ name: lines[0]?.name, amount: 50_000 })

      // Applying a staged roster parses nothing, so it is not held back by the officer's other running import.
      const me = await request(server).get('/api/v1/me').set('Authorization', as('demo-county'))
      const running = await t.services?.tableImports.reserveSlot(me.body.id)
      const applied = await request(server)
        .post(`/api/v1/table-imports/${first.id}/apply`)
        .set('Authorization', as('demo-county'))
        .send({})
      await running?.release()
      expect(applied.status).toBe(200)
      expect(applied.body).toMatchObject({ id, rowCount: 9, villageCodes: [V1, sibling.code, V2].sort() })
      const again = await request(server)
        .post(`/api/v1/table-imports/${first.id}/apply`)
        .set('Authorization', as('demo-county'))
        .send({})
      expect(again.status).toBe(409)
      const view = await request(server)
        .get(`/api/v1/government-items/${id}?village=${sibling.code}`)
        .set('Authorization', as('demo-county'))
      expect(view.body.table.rows.map((r: { name: string }) => r.name)).toEqual(
        householdsOf(sibling.code).map((l) => l.name),
      )
    })

    it('should read villages from a 村组 column and resolve 云溪村 to 云溪村委会, listing candidates when ambiguous', async () => {
      const id = await draft()
      const short = (name: string) => name.replace(/村委会$/, '村')
      const v1Name = (await request(server).get(`/api/v1/regions/${V1}`)).body.name as string
      const lines = [
        ...householdsOf(V1, `${short(v1Name)}1组`),
        ...householdsOf(sibling.code, `${short(sibling.name)}第3组`),
      ]
      const done = await waitDone((await upload(id, rosterCsv(lines, '村组'))).body.id)
      expect(done).toMatchObject({ status: 'ready', rowCount: 6, villageCount: 2, villageColumn: 0 })

      const bare = v1Name.replace(/村委会$/, '')
      const ambiguous = await waitDone(
        (await upload(await draft(), rosterCsv(householdsOf(V1, `${bare}2组`, 1), '村组'))).body.id,
      )
      expect(ambiguous.status).toBe('failed')
      expect(ambiguous.errors[0]).toMatchObject({ row: 2, column: 'village', code: 'unknown_village' })
      expect(ambiguous.errors[0]?.message).toContain(`（${V1}）`)
    })

    it('should keep imports to the regions and roles that own them', async () => {
      const id = await draft()
      // The county's draft is not the township's to see: its id answers as unknown (middlewares/auth.ts).
      const foreign = await upload(id, rosterCsv(householdsOf(V1)), '名册.csv', 'demo-township')
      expect(foreign.status).toBe(404)
      const started = await upload(id, rosterCsv(householdsOf(V1)))
      await waitDone(started.body.id)
      const bySecretary = await request(server)
        .get(`/api/v1/table-imports/${started.body.id}`)
        .set('Authorization', as('demo-secretary'))
      expect(bySecretary.status).toBe(404)
      const byTownship = await request(server)
        .post(`/api/v1/table-imports/${started.body.id}/apply`)
        .set('Authorization', as('demo-township'))
        .send({})
      expect(byTownship.status).toBe(404)
    })

    describe('bad input', () => {
      it('should answer a file that is not a spreadsheet with 415 and a JSON body with 415', async () => {
        const id = await draft()
        const pdf = await request(server)
          .post(`/api/v1/government-items/${id}/table-imports`)
          .set('Authorization', as('demo-county'))
          .attach('file', Buffer.from('%PDF-1.4 x'), { filename: 'a.pdf', contentType: 'application/pdf' })
        expect(pdf.status).toBe(415)
        expect(pdf.body.error.code).toBe('unsupported_file_type')
        const json = await request(server)
          .post(`/api/v1/government-items/${id}/table-imports`)
          .set('Authorization', as('demo-county'))
          .send({ rows: [] })
        expect(json.status).toBe(415)
      })

      it('should refuse a bad id (400), an unknown item (404) and a published item (409)', async () => {
        const bad = await upload('not-an-id', rosterCsv(householdsOf(V1)))
        expect(bad.status).toBe(400)
        expect(bad.body.error.code).toBe('validation_error')
        const unknown = await upload('0123456789abcdef01234567', rosterCsv(householdsOf(V1)))
        expect(unknown.status).toBe(404)
        const id = await draft()
        const started = await upload(id, rosterCsv(householdsOf(V1)))
        await waitDone(started.body.id)
        await request(server)
          .post(`/api/v1/table-imports/${started.body.id}/apply`)
          .set('Authorization', as('demo-county'))
          .send({})
          .expect(200)
        await request(server)
          .post(`/api/v1/government-items/${id}/publish`)
          .set('Authorization', as('demo-county'))
          .expect(200)
        const published = await upload(id, rosterCsv(householdsOf(V1)))
        expect(published.status).toBe(409)
        expect(published.body.error.code).toBe('invalid_transition')
      })

      it('should refuse a village column out of range or shared with another column, and a disclosureId (400)', async () => {
        const id = await draft()
        const started = await upload(id, rosterCsv(householdsOf(V1)))
        const done = await waitDone(started.body.id)
        const remap = (body: object) =>
          request(server)
            .post(`/api/v1/table-imports/${done.id}/mapping`)
            .set('Authorization', as('demo-county'))
            .send(body)
        const out = await remap({ headerRow: 0, mapping: done.mapping, villageColumn: 40 })
        expect(out.status).toBe(400)
        expect(out.body.error.code).toBe('validation_error')
        const twin = await remap({ headerRow: 0, mapping: done.mapping, villageColumn: done.mapping.name })
        expect(twin.status).toBe(400)
        expect(twin.body.error.message).toContain('户主姓名')
        const negative = await remap({ headerRow: 0, mapping: done.mapping, villageColumn: -1 })
        expect(negative.status).toBe(400)
        const apply = await request(server)
          .post(`/api/v1/table-imports/${done.id}/apply`)
          .set('Authorization', as('demo-county'))
          .send({ disclosureId: '0123456789abcdef01234567' })
        expect(apply.status).toBe(400)
      })
    })
  })

  describe('GET /api/v1/government-items/:id', () => {
    it('should serve a roster of 2,400 rows page by page, across chunk boundaries, through the privacy presenter', async () => {
      const id = await draft(TOWNSHIP)
      const big = Array.from({ length: 2200 }, (_, i) => ({
        village: V1,
        name: `户主${i}`,
        no: String(i + 1),
        area: 1,
        yuan: '125.00',
        id: buildIdNumber('1970-01-01', (i % 998) + 1),
      }))
      const small = householdsOf(sibling.code, sibling.code, 200)
      const started = await upload(id, rosterCsv([...small, ...big]), '名册.csv', 'demo-township')
      const done = await waitDone(started.body.id, 'demo-township')
      expect(done, JSON.stringify(done.errors.slice(0, 3))).toMatchObject({
        status: 'ready',
        rowCount: 2200 + small.length,
      })
      await request(server)
        .post(`/api/v1/table-imports/${done.id}/apply`)
        .set('Authorization', as('demo-township'))
        .send({})
        .expect(200)
      await request(server)
        .post(`/api/v1/government-items/${id}/publish`)
        .set('Authorization', as('demo-township'))
        .expect(200)

      const page = await request(server).get(
        `/api/v1/government-items/${id}?village=${V1}&offset=950&limit=100`,
      )
      expect(page.status).toBe(200)
      expect(page.body.rowsPage).toEqual({ offset: 950, limit: 100, total: 2200, nextOffset: 1050 })
      expect(page.body.table.rows.map((r: { name: string }) => r.name)).toEqual(
        Array.from({ length: 100 }, (_, i) => `户主${950 + i}`),
      )
      expect(JSON.stringify(page.body)).not.toMatch(/\d{17}[\dX]/)
      const last = await request(server).get(`/api/v1/government-items/${id}?village=${V1}&offset=2150`)
      expect(last.body.rowsPage).toMatchObject({ total: 2200, nextOffset: null })
      expect(last.body.table.rows).toHaveLength(50)
      // Every village in division code order, each village's rows in file order.
      const inOrder = (V1 < sibling.code ? [...big, ...small] : [...small, ...big]).map((l) => l.name)
      const all = await request(server).get(
        `/api/v1/government-items/${id}?offset=${small.length + 1990}&limit=20`,
      )
      expect(all.body.table.rows.map((r: { name: string }) => r.name)).toEqual(
        inOrder.slice(small.length + 1990, small.length + 2010),
      )
      expect(all.body.rowsPage.total).toBe(done.rowCount)
      const staff = await request(server)
        .get(`/api/v1/government-items/${id}?village=${V1}&limit=1`)
        .set('Authorization', as('demo-township'))
      expect(staff.body.table.rows[0].id_number).toMatch(/^\d{17}[\dX]$/)
    })

    it('should refuse a page larger than 500 rows and a bad offset (400)', async () => {
      const id = await draft()
      const big = await request(server)
        .get(`/api/v1/government-items/${id}?limit=501`)
        .set('Authorization', as('demo-county'))
      expect(big.status).toBe(400)
      expect(big.body.error.code).toBe('validation_error')
      const negative = await request(server)
        .get(`/api/v1/government-items/${id}?offset=-1`)
        .set('Authorization', as('demo-county'))
      expect(negative.status).toBe(400)
    })
  })

  describe('POST /api/v1/government-items/:id/versions', () => {
    it('should share the roster with the new version until its rows are replaced, leaving the published rows alone', async () => {
      const id = await draft()
      const started = await upload(id, rosterCsv(householdsOf(V1)))
      await waitDone(started.body.id)
      await request(server)
        .post(`/api/v1/table-imports/${started.body.id}/apply`)
        .set('Authorization', as('demo-county'))
        .send({})
        .expect(200)
      await request(server)
        .post(`/api/v1/government-items/${id}/publish`)
        .set('Authorization', as('demo-county'))
        .expect(200)
      // Published once: a second publish is refused in words the county's staff know.
      const twice = await request(server)
        .post(`/api/v1/government-items/${id}/publish`)
        .set('Authorization', as('demo-county'))
      expect(twice.status).toBe(409)
      expect(twice.body.error).toEqual({
        code: 'invalid_transition',
        message: '这条内容现在是「已公开」状态，不能发布',
      })
      const next = await request(server)
        .post(`/api/v1/government-items/${id}/versions`)
        .set('Authorization', as('demo-county'))
        .send({ changeNote: '补充第二个村' })
      expect(next.status).toBe(201)
      expect(next.body.rowCount).toBe(3)
      const models = t.services?.models
      if (!models) throw new Error('no database')
      const [v1, v2] = await Promise.all([
        models.GovernmentItem.findById(id).lean(),
        models.GovernmentItem.findById(next.body.id).lean(),
      ])
      expect(String(v2?.rosterId)).toBe(String(v1?.rosterId))

      const replaced = await upload(next.body.id, rosterCsv([...householdsOf(V1), ...householdsOf(V2)]))
      await waitDone(replaced.body.id)
      await request(server)
        .post(`/api/v1/table-imports/${replaced.body.id}/apply`)
        .set('Authorization', as('demo-county'))
        .send({})
        .expect(200)
      const old = await request(server).get(`/api/v1/government-items/${id}`)
      expect(old.body).toMatchObject({ rowCount: 3, villageCodes: [V1] })
      expect(old.body.table.rows).toHaveLength(3)
      const draftView = await request(server)
        .get(`/api/v1/government-items/${next.body.id}`)
        .set('Authorization', as('demo-county'))
      expect(draftView.body).toMatchObject({ rowCount: 6, villageCodes: [V1, V2].sort() })
    })
  })
})
