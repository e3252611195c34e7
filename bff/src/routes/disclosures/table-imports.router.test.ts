import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeTableXlsx } from '@cunwu/tables'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem, dibaoTable } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

// Every import is parsed in a new worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('table imports', () => {
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

  async function waitDone(id: string) {
    for (let i = 0; i < 1200; i++) {
      const res = await request(server).get(`/api/v1/table-imports/${id}`).set('Authorization', secretary)
      if (res.body.status !== 'processing') return res
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  it('should import a 30-household 低保 roster from .xlsx and apply it to a draft in one step', async () => {
    const rows = buildDibaoRows(V1, 30)
    const file = await writeTableXlsx(dibaoTable(), rows, { title: '云溪村2026年低保对象名单' })
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', file, { filename: '低保名单.xlsx', contentType: XLSX })
    expect(started.status).toBe(202)
    expect(started.body).toMatchObject({ kind: 'disclosure', status: 'processing', stage: 'reading' })
    const done = await waitDone(started.body.id)
    expect(done.body.status).toBe('ready')
    expect(done.body.progress.total).toBeGreaterThanOrEqual(30)
    expect(done.body.rowCount).toBe(30)
    expect(done.body.sums.amount).toBe(rows.reduce((s, r) => s + Number(r.amount), 0))

    const draft = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period: '2026-02', title: '二月低保名单' })
    const applied = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', secretary)
      .send({ disclosureId: draft.body.id })
    expect(applied.status).toBe(200)
    expect(applied.body.table.rowCount).toBe(30)
    expect(applied.body.table.rows[0].id_number).toBe(rows[0]?.id_number)
    const again = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', secretary)
      .send({ disclosureId: draft.body.id })
    expect(again.status).toBe(409)
  })

  it('should report bad cells by row and column and keep nothing', async () => {
    const rows = buildDibaoRows(V1, 5).map((r, i) => (i === 2 ? { ...r, id_number: '123' } : r))
    const file = await writeTableXlsx(dibaoTable(), rows, { title: '有错的名单' })
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', file, { filename: 'bad.xlsx', contentType: XLSX })
    const done = await waitDone(started.body.id)
    expect(done.body.status).toBe('failed')
    expect(done.body.rowCount).toBe(0)
    expect(done.body.errorCount).toBeGreaterThanOrEqual(1)
    expect(done.body.errors[0].message).toMatch(/第 \d+ 行/)

    // Applying it answers the same row/column errors as a government roster does (422, not a bare 409).
    const draft = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period: '2026-04', title: '四月低保名单' })
    const applied = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', secretary)
      .send({ disclosureId: draft.body.id })
    expect(applied.status).toBe(422)
    expect(applied.body.error.code).toBe('table_rows_invalid')
    expect(applied.body.error.details.errorCount).toBe(done.body.errorCount)
    expect(applied.body.error.details.errors[0]).toMatchObject({
      row: done.body.errors[0].row,
      column: 'id_number',
      label: '身份证号码',
      code: done.body.errors[0].code,
    })
  })

  describe('running imports', () => {
    const csv = Buffer.from('申请人姓名,家庭成员数量,保障金额\n张三,2,600')
    const upload = (auth: string) =>
      request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
        .set('Authorization', auth)
        .attach('file', csv, { filename: 'a.csv', contentType: 'text/csv' })

    it('should refuse a second running import of the same person with 429 and Retry-After', async () => {
      const me = await request(server).get('/api/v1/me').set('Authorization', secretary)
      const imports = t.services?.tableImports
      if (!imports) throw new Error('no services')
      // The person's slot is taken, as by an upload still being checked.
      const running = await imports.reserveSlot(me.body.id)
      try {
        const res = await upload(secretary)
        expect(res.status).toBe(429)
        expect(res.body.error.code).toBe('too_many_imports')
        expect(res.headers['retry-after']).toBe('5')
        const remap = await request(server)
          .post('/api/v1/table-imports/000000000000000000000000/mapping')
          .set('Authorization', secretary)
          .send({ headerRow: 0, mapping: {} })
        expect(remap.status).toBe(404)
      } finally {
        await running.release()
      }
      const started = await upload(secretary)
      expect(started.status).toBe(202)
      await waitDone(started.body.id)
      expect(imports.slots.running).toBe(0)
    })

    it('should refuse imports past the server-wide cap with 429, whoever asks', async () => {
      const imports = t.services?.tableImports
      if (!imports) throw new Error('no services')
      const others = await Promise.all(
        Array.from({ length: imports.slots.limits.global }, (_, i) => imports.reserveSlot(`other-${i}`)),
      )
      try {
        const res = await upload(secretary)
        expect(res.status).toBe(429)
        expect(res.body.error.code).toBe('too_many_imports')
        expect(res.headers['retry-after']).toBeDefined()
      } finally {
        for (const slot of others) await slot.release()
      }
      const started = await upload(secretary)
      expect(started.status).toBe(202)
      await waitDone(started.body.id)
    })
  })

  it('should let the secretary map a column the header did not name', async () => {
    const csv = ['姓名,人口,金额,户口本号', '王建国,3,580.00,001', '李秀英,2,600.50,002'].join('\n')
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' })
    expect(started.status).toBe(202)
    const first = await waitDone(started.body.id)
    const mapping = { ...first.body.mapping, name: 0, household_size: 1, amount: 2, household_no: 3 }
    const fixed = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ headerRow: 0, mapping })
    expect(fixed.status).toBe(200)
    expect(fixed.body.status).toBe('ready')
    expect(fixed.body.preview[1]).toMatchObject({ name: '李秀英', amount: 60050 })
    const bad = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ headerRow: 0, mapping: { nope: 1 } })
    expect(bad.status).toBe(400)
    // A village table has no village column, and its rows go into a named draft.
    const village = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ headerRow: 0, mapping, villageColumn: 0 })
    expect(village.status).toBe(400)
    const noDraft = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', secretary)
      .send({})
    expect(noDraft.status).toBe(400)
    expect(noDraft.body.error.code).toBe('validation_error')
  })

  describe('bad input', () => {
    it('should answer a file that is not a spreadsheet with 415', async () => {
      const res = await request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
        .set('Authorization', secretary)
        .attach('file', Buffer.from('%PDF-1.4 x'), { filename: 'a.pdf', contentType: 'application/pdf' })
      expect(res.status).toBe(415)
    })
    it("should take a UTF-16 CSV and answer a renamed old .xls with the reader's advice, not a bare 415", async () => {
      const text = '户主姓名\t家庭成员数量\t保障金额（月）\t户号\r\n王建国\t2\t1200\t001\r\n'
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
      const csv = await request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
        .set('Authorization', secretary)
        .attach('file', utf16, { filename: 'unicode.csv', contentType: 'text/csv' })
      expect(csv.status).toBe(202)
      expect((await waitDone(csv.body.id)).body).toMatchObject({ status: 'ready', rowCount: 1 })
      const ole = Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(1024),
      ])
      const xls = await request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
        .set('Authorization', secretary)
        .attach('file', ole, { filename: '名册.xlsx', contentType: XLSX })
      expect(xls.status).toBe(202)
      const done = await waitDone(xls.body.id)
      expect(done.body.status).toBe('failed')
      expect(done.body.failure).toContain('旧版 .xls 文件改了扩展名')
    })
    it('should answer an unknown catalog item with 404 and another village with 403', async () => {
      const res = await request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=no.such`)
        .set('Authorization', secretary)
        .attach('file', Buffer.from('a,b\n1,2'), 'a.csv')
      expect(res.status).toBe(404)
      const other = (await signIn(t.app, 'demo-secretary-2')).auth
      const foreign = await request(server)
        .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
        .set('Authorization', other)
        .attach('file', Buffer.from('a,b\n1,2'), 'a.csv')
      expect(foreign.status).toBe(403)
    })
  })
})
