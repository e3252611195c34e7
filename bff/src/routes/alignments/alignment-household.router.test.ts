import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlignmentDtoSchema, DisclosureDtoSchema, findSensitiveNumbers } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { subsidyRows } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure, publishGovernmentItem } from '../../testing/publish'

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const PERIOD = '2026'
const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')
const households = demoHouseholds(V1)

/**
 * A household is told when the county's list has a different figure for its own row (docs/households.md): on the
 * item's 对照 page and under 与我相关, with both figures and who is checking. Everyone else still sees the count only.
 */
describe('the government list’s differences on one’s own row', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''
  let disclosureId = ''
  let townshipName = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary', 'demo-villager', 'outsider'])
      auth.set(key, (await signIn(t.app, key)).auth)
    townshipName = (await request(server).get(`/api/v1/regions/${TOWNSHIP}`)).body.name
    await publishGovernmentItem(server, as('demo-county'), COUNTY, {
      catalogItemId: ITEM,
      period: PERIOD,
      title: '2026年耕地地力保护补贴发放名册',
      rows: subsidyRows(V1).map((r) => ({ ...r, village: V1 })),
    })
    // The village's list: the demo villager's own row (001) says 510.00 元 where the county says 500.00 元, and a
    // neighbour's (002) 5.5 亩 where the county says 5 亩.
    const rows = subsidyRows(V1).map((r, i) =>
      i === 0 ? { ...r, amount: 51_000 } : i === 1 ? { ...r, area_mu: 5.5 } : r,
    )
    disclosureId = await publishDisclosure(
      server,
      V1,
      { catalogItemId: ITEM, period: PERIOD, title: '2026年耕地地力保护补贴公示', rows },
      { secretary: as('demo-secretary'), reviewer: as('demo-township') },
    )
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  const expectedOwn = () => ({
    office: '县里',
    checkedBy: townshipName,
    state: 'checking',
    note: null,
    discrepancies: [
      {
        kind: 'amount_differs',
        row: 0,
        name: households[0]?.headName,
        column: expect.objectContaining({ key: 'amount', type: 'amount_fen' }),
        village: 51_000,
        government: 50_000,
      },
    ],
  })

  it('should show a signed-in household the difference on its own row only, with both figures and who checks', async () => {
    const res = await request(server)
      .get(`/api/v1/disclosures/${disclosureId}/alignment`)
      .set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    const a = AlignmentDtoSchema.parse(res.body)
    expect(a.household).toMatchObject(expectedOwn())
    expect(a.household?.discrepancies).toHaveLength(1)
    expect(res.headers['cache-control']).toBe('private, no-cache')
    // The neighbour's row, its name and the county's other figures are not given.
    expect(JSON.stringify(res.body)).not.toContain(households[1]?.headName)
    expect(findSensitiveNumbers(JSON.stringify(res.body))).toEqual([])
    // The public part is what everyone sees.
    const pub = await request(server).get(`/api/v1/disclosures/${disclosureId}/alignment`)
    expect({ ...a, household: undefined }).toEqual({ ...pub.body, household: undefined })
  })

  it('should show anyone else, signed out or not on the list, only the count', async () => {
    const anonymous = await request(server).get(`/api/v1/disclosures/${disclosureId}/alignment`)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.household).toBeUndefined()
    expect(anonymous.body.hiddenDiscrepancies).toBeGreaterThanOrEqual(2)
    const outsider = await request(server)
      .get(`/api/v1/disclosures/${disclosureId}/alignment`)
      .set('Authorization', as('outsider'))
    expect(outsider.status).toBe(200)
    expect(outsider.body.household).toBeUndefined()
  })

  it('should tell the household under 与我相关 too', async () => {
    const res = await request(server).get('/api/v1/me/related').set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    const entry = DisclosureDtoSchema.parse(
      res.body.disclosures.find((d: { id: string }) => d.id === disclosureId),
    )
    expect(entry.householdAlignment).toMatchObject(expectedOwn())
    expect(entry.table?.rows[0]?.amount).toBe(51_000)
  })
})
