import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureDtoSchema, findSensitiveNumbers, type TableRow } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, buildIdNumber, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure, submitAndApprove } from '../../testing/publish'
import type { Publishers } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')

/** The demo secretary publishes and the township approves; the lists' rows need not be on the roster. */
const publishers = (as: (key: string) => string): Publishers => ({
  secretary: as('demo-secretary'),
  reviewer: as('demo-township'),
  submit: { confirmRosterMismatches: true },
})

/**
 * 与我相关 after a correction: the household's own row that the new version changed is marked, with each changed
 * cell's old and new value as the household sees its rows (numbers masked), and nobody else's change is counted.
 */
describe('与我相关: what a new version changed in one’s own rows', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  let v1 = ''
  let v2 = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
    // Row 0 is the demo villager's household (户号 001 and its head's name).
    const rows: TableRow[] = buildDibaoRows(V1, 4).map((r, i) => (i === 0 ? { ...r, amount: 135_000 } : r))
    v1 = await publishDisclosure(
      server,
      V1,
      { catalogItemId: dibaoItem().id, period: '2024-05', title: '2024年5月低保名单公示', rows },
      publishers(as),
    )
    const next = await request(server)
      .post(`/api/v1/disclosures/${v1}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正保障金额' })
    expect(next.status).toBe(201)
    v2 = next.body.id
    const corrected = rows.map((r, i) =>
      i === 0 ? { ...r, amount: 120_000, phone: '13912345678' } : i === 1 ? { ...r, amount: 1_000 } : r,
    )
    await request(server)
      .patch(`/api/v1/disclosures/${v2}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: corrected })
      .expect(200)
    await submitAndApprove(server, v2, publishers(as))
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should mark the household’s changed row with each changed cell’s old and new value, masked', async () => {
    const res = await request(server).get('/api/v1/me/related').set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    const found = res.body.disclosures.find((d: { id: string }) => d.id === v2)
    const entry = DisclosureDtoSchema.parse(found)
    expect(entry.table?.rows).toHaveLength(1)
    expect(entry.rowChanges).toMatchObject({
      sinceVersion: 1,
      marks: ['changed'],
      changed: 1,
      added: 0,
      removed: 0,
    })
    const cells = entry.rowChanges?.cells?.[0] ?? []
    expect(cells.find((c) => c.column === 'amount')).toEqual({
      column: 'amount',
      before: 135_000,
      after: 120_000,
    })
    // The phone number changed too: both values are given masked, as the household's table shows its column.
    const phone = cells.find((c) => c.column === 'phone')
    expect(phone?.after).toBe(entry.table?.rows[0]?.phone)
    expect(String(phone?.before)).toMatch(/\*/)
    expect(phone?.before).not.toBe(phone?.after)
    expect(findSensitiveNumbers(JSON.stringify(res.body))).toEqual([])
  })
})

/**
 * Tester r2 N1: a correction that also filled in or corrected the row's ID number made the household's row read
 * 新列入 with its old row 已经没有了 (its rows were paired on the masked ID too); they pair as the public's do.
 */
describe('与我相关: a correction that also fills in or corrects the ID number', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  async function correct(id: string, rows: TableRow[]): Promise<string> {
    const next = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正保障金额和身份证号码' })
    expect(next.status).toBe(201)
    await request(server)
      .patch(`/api/v1/disclosures/${next.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows })
      .expect(200)
    await submitAndApprove(server, next.body.id, publishers(as))
    return next.body.id
  }

  async function ownChanges(id: string) {
    const res = await request(server).get('/api/v1/me/related').set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    expect(findSensitiveNumbers(JSON.stringify(res.body))).toEqual([])
    return DisclosureDtoSchema.parse(res.body.disclosures.find((d: { id: string }) => d.id === id))
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should read 修改 with the old and new amount and the ID masked, when the ID was filled in and when corrected', async () => {
    // Row 0 is the demo villager's household; its ID number was left out of the first version.
    const base = buildDibaoRows(V1, 4)
    const { id_number: firstId, ...withoutId } = base[0] ?? {}
    const v1Rows: TableRow[] = [{ ...withoutId, amount: 120_000 }, ...base.slice(1)]
    const first = await publishDisclosure(
      server,
      V1,
      { catalogItemId: dibaoItem().id, period: '2024-06', title: '2024年6月低保名单公示', rows: v1Rows },
      publishers(as),
    )

    // Amount and ID number filled in.
    const v2Rows = v1Rows.map((r, i) => (i === 0 ? { ...r, amount: 110_000, id_number: firstId } : r))
    const v2 = await correct(first, v2Rows)
    const filled = await ownChanges(v2)
    expect(filled.rowChanges).toMatchObject({ marks: ['changed'], changed: 1, added: 0, removed: 0 })
    const filledCells = filled.rowChanges?.cells?.[0] ?? []
    expect(filledCells.find((c) => c.column === 'amount')).toEqual({
      column: 'amount',
      before: 120_000,
      after: 110_000,
    })
    const filledId = filledCells.find((c) => c.column === 'id_number')
    expect(filledId?.before).toBeNull()
    expect(filledId?.after).toBe(filled.table?.rows[0]?.id_number)
    expect(String(filledId?.after)).toMatch(/\*/)

    // Amount and ID number corrected.
    const correctedId = buildIdNumber('1956-03-12', 7)
    const v3Rows = v2Rows.map((r, i) => (i === 0 ? { ...r, amount: 100_000, id_number: correctedId } : r))
    const v3 = await correct(v2, v3Rows)
    const fixed = await ownChanges(v3)
    expect(fixed.rowChanges).toMatchObject({ marks: ['changed'], changed: 1, added: 0, removed: 0 })
    const fixedCells = fixed.rowChanges?.cells?.[0] ?? []
    expect(fixedCells.find((c) => c.column === 'amount')).toEqual({
      column: 'amount',
      before: 110_000,
      after: 100_000,
    })
    const fixedId = fixedCells.find((c) => c.column === 'id_number')
    expect(fixedId?.before).toBe(filledId?.after)
    expect(fixedId?.after).toBe(fixed.table?.rows[0]?.id_number)
    expect(fixedId?.after).not.toBe(fixedId?.before)
  }, 60_000)
})
