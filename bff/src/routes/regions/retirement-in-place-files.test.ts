import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { findCatalogItem } from '@cunwu/domain'
import { writeTableXlsx } from '@cunwu/tables'
import type { TestApp } from '../../testing/build-app'
import { startRetiredVillageApp, V1, V2 } from '../../testing/retired-village'
import { PDF } from '../../testing/upload-files'

// An import is parsed in a worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const INCOME = 'village-finance.income'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * The files of what a retired (撤并) village still owes, published in its place by the village it merged into
 * (docs/catalog.md "A retired village"): its September accounts imported from a spreadsheet into a new draft, and a
 * voucher attached, by the successor's secretary; the old village's own secretary can do neither. Real engine.
 */
describe('files of a disclosure published in place of a retired village', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let as: (who: string) => string
  const startImport = async (who: string) => {
    const table = findCatalogItem(INCOME)?.table
    if (!table) throw new Error('no income table')
    const rows = [{ date: '2026-09-10', summary: '租金收入', category: '发包收入', amount: 500_000 }]
    const file = await writeTableXlsx(table, rows, { title: '九月收入明细' })
    return request(server)
      .post(`/api/v1/villages/${V2}/table-imports?catalogItemId=${INCOME}`)
      .set('Authorization', as(who))
      .attach('file', file, { filename: '九月收入明细.xlsx', contentType: XLSX })
  }
  const ready = async (id: string, who: string) => {
    for (let i = 0; i < 1200; i++) {
      const res = await request(server).get(`/api/v1/table-imports/${id}`).set('Authorization', as(who))
      if (res.body.status === 'ready') return
      if (res.body.status !== 'processing') throw new Error(`import ${String(res.body.status)}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  beforeAll(async () => {
    ;({ t, server, as } = await startRetiredVillageApp(['demo-admin', 'demo-secretary', 'demo-secretary-2']))
  })
  afterAll(async () => {
    await t.close()
  })

  it("should import the old village's September accounts into a new draft of it, and attach a file", async () => {
    expect((await startImport('demo-secretary-2')).status).toBe(403)
    const started = await startImport('demo-secretary')
    expect(started.status).toBe(202)
    await ready(String(started.body.id), 'demo-secretary')
    // October began on the merger day: not the successor's to publish.
    const late = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', as('demo-secretary'))
      .send({ draft: { period: '2026-10', title: '2026年10月收入明细' } })
    expect([late.status, late.body.error?.code]).toEqual([422, 'village_retired'])
    const applied = await request(server)
      .post(`/api/v1/table-imports/${started.body.id}/apply`)
      .set('Authorization', as('demo-secretary'))
      .send({ draft: { period: '2026-09', title: '2026年9月收入明细' } })
    expect(applied.status).toBe(200)
    expect(applied.body).toMatchObject({ regionCode: V2, period: '2026-09', successor: { regionCode: V1 } })
    expect(applied.body.table.rowCount).toBe(1)

    const id = String(applied.body.id)
    const attach = (who: string) =>
      request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', as(who))
        .attach('file', PDF, { filename: '九月收入凭证.pdf', contentType: 'application/pdf' })
    expect((await attach('demo-secretary-2')).status).toBe(403)
    const added = await attach('demo-secretary')
    expect(added.status).toBe(201)
    // The draft's file opens for the secretary who attached it (a draft's files are its staff's).
    const file = await request(server).get(String(added.body.url)).set('Authorization', as('demo-secretary'))
    expect(file.status).toBe(200)
  })
})
