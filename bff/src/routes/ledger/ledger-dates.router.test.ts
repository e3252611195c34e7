import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LedgerEntryDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const entry = { section: 'expense', amountFen: 12_000, summary: '购买垃圾桶', category: '公益事业支出' }

/**
 * A ledger date is read as every typed date in the product (TypedDateSchema: the meeting date, a table's date cells):
 * 2025-3-5, full-width digits, 2025年3月5日 and 2025/3/5 were 400 日期应写成 2026-03-05 这样.
 */
describe('ledger dates as people type them', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  const post = (path: string, body: object) =>
    request(server).post(`/api/v1/villages/${V1}/ledger${path}`).set('Authorization', secretary).send(body)

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should book an entry on the day typed, stored as YYYY-MM-DD', async () => {
    for (const [typed, day] of [
      ['2025-3-5', '2025-03-05'],
      ['２０２５-０３-０６', '2025-03-06'],
      ['2025年3月7日', '2025-03-07'],
      ['2025/3/8', '2025-03-08'],
    ]) {
      const res = await post('', { ...entry, date: typed })
      expect([typed, res.status]).toEqual([typed, 201])
      expect(LedgerEntryDtoSchema.parse(res.body).date).toBe(day)
    }
  })

  it('should read an import’s rows the same way', async () => {
    const res = await post('/import', {
      batchId: 'typed-dates-1',
      entries: [
        { ...entry, date: '2025年4月1日' },
        { ...entry, date: '2025/4/2' },
      ],
    })
    expect(res.body).toEqual({ created: 2, skipped: 0, warnings: [] })
    const list = await request(server)
      .get(`/api/v1/villages/${V1}/ledger?month=2025-04`)
      .set('Authorization', secretary)
    expect(list.body.entries.map((e: { date: string }) => e.date).sort()).toEqual([
      '2025-04-01',
      '2025-04-02',
    ])
  })

  it('should say a day does not exist, or how to write a date', async () => {
    const impossible = await post('', { ...entry, date: '2025年2月29日' })
    expect([impossible.status, impossible.body.error.details]).toEqual([
      400,
      { 'body.date': '日期不存在（2025年2月29日），请核对' },
    ])
    const unreadable = await post('', { ...entry, date: '三月五日' })
    expect([unreadable.status, unreadable.body.error.details]).toEqual([
      400,
      { 'body.date': '日期请写成 2026-11-10 或 2026年11月10日 这样' },
    ])
    const row = await post('/import', {
      batchId: 'typed-dates-2',
      entries: [{ ...entry, date: '2025-13-01' }],
    })
    expect([row.status, row.body.error.details]).toEqual([
      400,
      { 'body.entries.0.date': '日期不存在（2025-13-01），请核对' },
    ])
  })
})
