import request from 'supertest'
import { expect } from 'vitest'
import { buildTestApp } from './build-app'
import type { TestApp } from './build-app'
import { signIn } from './sign-in'
import { subsidyRow } from './factories'
import { demoRegionOf } from './demo'
import { publishDisclosure, publishGovernmentItem } from './publish'
import { demoHouseholds } from '../services/seed.service'

/** The item, year and village of the case: the county's subsidy list names a household the village's list lacks. */
export const ITEM = 'agricultural-subsidies.cultivated-land-protection'
export const PERIOD = '2026'
export const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
/** The demo roster of V1: own (the demo villager's, 001), neighbour (002), third (003), unproved and other. */
export const households = demoHouseholds(V1)

export interface HouseholdOnlyInGovernment {
  t: TestApp
  server: ReturnType<TestApp['app']['callback']>
  /** The Authorization header of a signed-in demo user (county, township, secretary, villager, newcomer). */
  as: (key: string) => string
  /** The village's published disclosure, which the comparison is about. */
  disclosureId: string
}

/**
 * The app with the case set up through the API (routes/alignments/alignment-household-*.test.ts): the newcomer joins
 * as the neighbour's household, the county publishes 001, 002, 003 and a row nobody provably owns (the unproved
 * name under the other household's 户号), and the village publishes 002 and 003 only.
 */
export async function publishHouseholdOnlyInGovernment(): Promise<HouseholdOnlyInGovernment> {
  const [own, neighbour, third, unproved, other] = households
  if (!own || !neighbour || !third || !unproved || !other)
    throw new Error('the demo roster has 30 households')
  const t = await buildTestApp()
  const server = t.app.callback()
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''
  for (const key of ['demo-county', 'demo-township', 'demo-secretary', 'demo-villager', 'demo-newcomer'])
    auth.set(key, (await signIn(t.app, key)).auth)
  // The newcomer joins as the neighbour's household (002), whose row both lists have alike.
  const applied = await request(server)
    .post(`/api/v1/villages/${V1}/memberships`)
    .set('Authorization', as('demo-newcomer'))
    .send({ name: neighbour.headName, householdNo: neighbour.householdNo })
  expect(applied.status).toBe(201)
  await request(server)
    .post(`/api/v1/memberships/${applied.body.id}/approve`)
    .set('Authorization', as('demo-secretary'))
    .expect(200)
  // The county's list: the demo villager's household (001), 002, 003, and a row whose name is not on the roster
  // for its 户号 (nobody's provably).
  await publishGovernmentItem(server, as('demo-county'), COUNTY, {
    catalogItemId: ITEM,
    period: PERIOD,
    title: '2026年耕地地力保护补贴发放名册',
    rows: [
      subsidyRow(own, 0),
      subsidyRow(neighbour, 1),
      subsidyRow(third, 2),
      { ...subsidyRow(unproved, 3), household_no: other.householdNo },
    ].map((r) => ({ ...r, village: V1 })),
  })
  // The village's list has no row for 001 (nor for the unproved row).
  const disclosureId = await publishDisclosure(
    server,
    V1,
    {
      catalogItemId: ITEM,
      period: PERIOD,
      title: '2026年耕地地力保护补贴公示',
      rows: [subsidyRow(neighbour, 1), subsidyRow(third, 2)],
    },
    { secretary: as('demo-secretary'), reviewer: as('demo-township') },
  )
  return { t, server, as, disclosureId }
}
