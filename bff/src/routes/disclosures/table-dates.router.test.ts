import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')

/**
 * A table's date cells in a draft's rows are read as people type a day, by the meeting date's rule (readTypedDate):
 * tester r1, N4 (they were refused unless written 2026-12-07).
 */
describe('the date cells of typed rows', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let auth = ''
  const row = (date: string) => ({ date, summary: '购买垃圾桶', amount: 12_000 })

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    auth = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should store 2026-12-7, full-width digits, 年月日, / and . as 2026-12-07, and refuse the rest in Chinese', async () => {
    const typed = [
      '２０２６-１２-０７',
      '2026-12-7',
      '2026年12月7日',
      '2026/12/7',
      '2026.12.7',
      ' 2026-12-07',
    ]
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth)
      .send({
        catalogItemId: 'village-finance.expense',
        period: '2026-11',
        title: '十一月支出明细',
        rows: typed.map(row),
      })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.table.rows.map((r: { date: string }) => r.date)).toEqual(
      typed.map(() => '2026-12-07'),
    )

    const patched = await request(server)
      .patch(`/api/v1/disclosures/${created.body.id}`)
      .set('Authorization', auth)
      .send({ rows: [row('2026-02-30'), row('12月7日')] })
    expect(patched.status).toBe(422)
    expect(patched.body.error.code).toBe('table_rows_invalid')
    expect(
      patched.body.error.details.errors.map((e: { row: number; message: string }) => [e.row, e.message]),
    ).toEqual([
      [1, '日期不存在（2026-02-30）'],
      [2, '日期请写成 2026-11-10 或 2026年11月10日 这样'],
    ])
  })
})
