import ExcelJS from 'exceljs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeCsv, parseCsv } from '@cunwu/tables/src/csv'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const INJECTED = '=HYPERLINK("http://evil.example/","点我")'

/** Reads a binary response body as a Buffer (supertest buffers text types only). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

describe('open data', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  let published = ''
  let draft = ''
  const rows = buildDibaoRows(V1, 30).map((r, i) => (i === 2 ? { ...r, group: INJECTED } : r))

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township']) auth[key] = (await signIn(t.app, key)).auth
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ catalogItemId: dibaoItem().id, period: '2026-Q1', title: '2026年第一季度低保名单', rows })
    expect(created.status).toBe(201)
    published = created.body.id
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${published}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${published}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({
        decision: 'approve',
        revision: await seenRevision(server, published, auth['demo-township'] ?? ''),
      })
    expect(approved.status).toBe(200)
    const other = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ catalogItemId: dibaoItem().id, period: '2026-Q2', title: '草稿', rows: rows.slice(0, 2) })
    expect(other.status).toBe(201)
    draft = other.body.id
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should export the public table as CSV with a BOM that exceljs reads, formulas neutralised, no full ID', async () => {
    const res = await request(server)
      .get(`/api/v1/disclosures/${published}/table.csv`)
      .buffer(true)
      .parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="table-[0-9a-f]{24}\.csv"; filename\*=UTF-8''/,
    )
    const body = res.body as Buffer
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // RFC 4180: every record ends with CRLF, the last one too.
    const lines = body.toString('utf8').split('\r\n')
    expect(lines).toHaveLength(32)
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).every((l) => !l.includes('\n'))).toBe(true)

    const workbook = new ExcelJS.Workbook()
    const sheet = await workbook.csv.read(
      (await import('node:stream')).Readable.from([body.subarray(3).toString('utf8')]),
    )
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][]
    expect(values).toHaveLength(31)
    const header = values[0]?.slice(1).map(String) ?? []
    expect(header).toContain('申请人姓名')
    const names = values.slice(1).map((r) => r[header.indexOf('申请人姓名') + 1])
    expect(names).toEqual(rows.map((r) => r.name))
    const cells = values.flatMap((r) => r.slice(1)).map((c) => String(c ?? ''))
    expect(cells).toContain(`'${INJECTED}`)
    expect(cells.some((c) => c.startsWith('='))).toBe(false)

    const text = body.toString('utf8')
    for (const r of rows) {
      expect(text).not.toContain(String(r.id_number))
      expect(text).not.toContain(String(r.phone))
    }
    expect(text).not.toContain('6217001234567890123')
    // Amounts in 元 as numbers.
    expect(text).toContain(String((rows[0]?.amount as number) / 100))
  })

  it('should export the same table as .xlsx with the formula text neutralised', async () => {
    const res = await request(server)
      .get(`/api/v1/disclosures/${published}/table.xlsx`)
      .buffer(true)
      .parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer)
    const sheet = workbook.worksheets[0]
    expect(sheet?.rowCount).toBe(31)
    const cells: unknown[] = []
    sheet?.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)))
    expect(cells).toContain(`'${INJECTED}`)
    expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false)
  })

  it('should answer 304 to a client holding the current ETag', async () => {
    const first = await request(server).get(`/api/v1/disclosures/${published}/table.csv`)
    const again = await request(server)
      .get(`/api/v1/disclosures/${published}/table.csv`)
      .set('If-None-Match', String(first.headers.etag))
    expect(again.status).toBe(304)
  })

  it('should refuse a draft (404), an unknown format (400) and a malformed id (400)', async () => {
    const ofDraft = await request(server).get(`/api/v1/disclosures/${draft}/table.csv`)
    expect(ofDraft.status).toBe(404)
    expect(ofDraft.body.error.code).toBe('not_found')
    // Even its own secretary gets no file: downloads are the public view only.
    const asSecretary = await request(server)
      .get(`/api/v1/disclosures/${draft}/table.xlsx`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(asSecretary.status).toBe(404)
    const pdf = await request(server).get(`/api/v1/disclosures/${published}/table.pdf`)
    expect(pdf.status).toBe(400)
    expect(pdf.body.error.code).toBe('validation_error')
    const bad = await request(server).get('/api/v1/disclosures/nope/table.csv')
    expect(bad.status).toBe(400)
  })

  it('should list the township dataset in the index with rows, licence and a CSV download, with an ETag', async () => {
    const res = await request(server).get(`/api/v1/regions/${TOWNSHIP}/open-data`)
    expect(res.status).toBe(200)
    const ds = res.body.datasets.find(
      (d: { catalogItemId: string; period: string }) =>
        d.catalogItemId === dibaoItem().id && d.period === '2026-Q1',
    )
    expect(ds).toMatchObject({ villages: 1, rows: 30, license: { id: 'CC-BY-4.0' } })
    expect(res.body.datasets.some((d: { period: string }) => d.period === '2026-Q2')).toBe(false)
    expect(res.headers.etag).toMatch(/^"/)
    const again = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/open-data`)
      .set('If-None-Match', String(res.headers.etag))
    expect(again.status).toBe(304)

    const file = await request(server).get(ds.distributions[0].downloadURL).buffer(true).parse(binary)
    expect(file.status).toBe(200)
    const { text } = decodeCsv(file.body as Buffer)
    const table = parseCsv(text)
    expect(table[0]?.slice(0, 2)).toEqual(['区划代码', '村（社区）'])
    expect(table).toHaveLength(31)
    expect(table.slice(1).every((r) => r[0] === V1)).toBe(true)
    expect(table.flat()).toContain(`'${INJECTED}`)
    expect(text).not.toContain(String(rows[0]?.id_number))

    // The .xlsx of the same dataset, for Excel and WPS: the 12-digit codes stay text.
    expect(ds.distributions[1]).toMatchObject({ format: 'XLSX' })
    const xlsx = await request(server).get(ds.distributions[1].downloadURL).buffer(true).parse(binary)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers['content-disposition']).toMatch(/filename\*=UTF-8''.*\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer)
    const sheet = workbook.worksheets[0]
    expect(sheet?.rowCount).toBe(31)
    expect(sheet?.getRow(2).getCell(1).value).toBe(V1)
  })

  it('should refuse a bad period (400), an unknown item or region (404) and a file that is not .csv (400)', async () => {
    const item = dibaoItem().id
    expect(
      (await request(server).get(`/api/v1/regions/${TOWNSHIP}/open-data/${item}.csv?period=soon`)).status,
    ).toBe(400)
    expect((await request(server).get(`/api/v1/regions/${TOWNSHIP}/open-data/${item}.csv`)).status).toBe(400)
    expect(
      (await request(server).get(`/api/v1/regions/${TOWNSHIP}/open-data/${item}.xml?period=2026-Q1`)).status,
    ).toBe(400)
    const unknown = await request(server).get(
      `/api/v1/regions/${TOWNSHIP}/open-data/no.such.item.csv?period=2026-Q1`,
    )
    expect(unknown.status).toBe(404)
    const empty = await request(server).get(
      `/api/v1/regions/${TOWNSHIP}/open-data/${item}.csv?period=2020-Q1`,
    )
    expect(empty.status).toBe(404)
    expect((await request(server).get('/api/v1/regions/123/open-data')).status).toBe(400)
  })
})
