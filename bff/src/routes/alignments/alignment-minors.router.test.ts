import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, buildIdNumber, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
const PERIOD = '2024'

/**
 * A row about a minor is left out of the public table and its totals; the public alignment must not count it either,
 * or its totals less the public table's would give the child's row (docs/catalog.md, section 3).
 */
describe('GET /disclosures/:id/alignment with a row about a minor', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-county']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const post = (path: string, who: string, body: object = {}) =>
    request(server).post(`/api/v1${path}`).set('Authorization', as(who)).send(body)

  it('should compute the public figures, counts and badge over the public rows only', async () => {
    const adults = buildDibaoRows(V1, 2)
    const child = {
      name: '小宝',
      household_size: 1,
      amount: 41_700,
      group: '第2组',
      id_number: buildIdNumber('2017-03-03', 9),
      household_no: '029',
      bank_account: null,
      phone: null,
    }
    const draft = await post(`/villages/${V1}/disclosures`, 'demo-secretary', {
      catalogItemId: dibaoItem().id,
      period: PERIOD,
      title: `${PERIOD} 低保对象名单公示`,
      body: '现予公示。',
      rows: [...adults, child],
    })
    expect(draft.status).toBe(201)
    const id = String(draft.body.id)
    let submitted = await post(`/disclosures/${id}/submit`, 'demo-secretary')
    if (submitted.status === 422) {
      submitted = await post(`/disclosures/${id}/submit`, 'demo-secretary', { confirmRosterMismatches: true })
    }
    expect(submitted.status).toBe(200)
    expect(
      (
        await post(`/disclosures/${id}/review`, 'demo-township', {
          decision: 'approve',
          revision: await seenRevision(server, id, as('demo-township')),
        })
      ).status,
    ).toBe(200)
    // The county's list has the two adults only.
    const gov = await post(`/regions/${COUNTY}/government-items`, 'demo-county', {
      catalogItemId: dibaoItem().id,
      period: PERIOD,
      title: `${PERIOD}年低保名单`,
      rows: adults.map((r) => ({ ...r, village: V1 })),
    })
    expect(gov.status).toBe(201)
    expect((await post(`/government-items/${gov.body.id}/publish`, 'demo-county')).status).toBe(200)

    const publicTable = (await request(server).get(`/api/v1/disclosures/${id}`)).body.table
    expect(publicTable).toMatchObject({ rowCount: 2, omittedRowCount: 1 })
    let staff = await request(server)
      .get(`/api/v1/disclosures/${id}/alignment`)
      .set('Authorization', as('demo-township'))
    for (let i = 0; i < 100 && staff.status === 404; i += 1) {
      await new Promise((r) => setTimeout(r, 50))
      staff = await request(server)
        .get(`/api/v1/disclosures/${id}/alignment`)
        .set('Authorization', as('demo-township'))
    }
    // Staff see the full comparison: the child's row is on the village list only.
    expect(staff.status).toBe(200)
    expect(staff.body.status).toBe('inconsistent')
    expect(staff.body.summary).toMatchObject({ villageRows: 3, governmentRows: 2, matched: 2 })

    const anonymous = await request(server).get(`/api/v1/disclosures/${id}/alignment`)
    expect(anonymous.status).toBe(200)
    const a = anonymous.body
    // The public sees the comparison of what it can see: two rows on each side, in agreement.
    expect(a.summary).toMatchObject({ villageRows: 2, governmentRows: 2, matched: 2, discrepancies: 0 })
    expect(a.status).toBe('consistent')
    expect(a.discrepancies).toEqual([])
    expect(a.hiddenDiscrepancies).toBe(0)
    expect(a.label).not.toMatch(/差异/)
    // Record ids are random hex and may hold the digits 417 by chance: only what else the view says is read.
    const text = JSON.stringify(a).replace(/[0-9a-f]{24}/g, '')
    expect(text).not.toContain('417')
    expect(text).not.toMatch(/共 3 条|3 户/)
    // The feed's badge is the public one too.
    const feed = await request(server).get(`/api/v1/villages/${V1}/feed`)
    const card = (
      feed.body.disclosures as { id: string; alignment?: { status: string; label: string } }[]
    ).find((d) => d.id === id)
    expect(card?.alignment).toMatchObject({ status: 'consistent' })
  })
})
