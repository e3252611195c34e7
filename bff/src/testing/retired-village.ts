import request from 'supertest'
import { expect } from 'vitest'
import { buildTestApp } from './build-app'
import type { TestApp } from './build-app'
import { signIn } from './sign-in'
import { demoRegionOf } from './demo'

/** The successor village (demo-secretary's) and the retired one (demo-secretary-2's). */
export const V1 = demoRegionOf('demo-secretary')
export const V2 = demoRegionOf('demo-secretary-2')
/** V2 is merged into V1 from 1 October 2026: its third quarter, due in October, is still owed. */
export const RETIRED_ON = '2026-10-01'

/**
 * The app for publishing in place of a retired village (routes/regions/retirement-in-place*.test.ts): `users` signed
 * in (demo-admin among them), the clock on 20 December 2026, and V2 retired into V1 from RETIRED_ON by the admin.
 */
export async function startRetiredVillageApp(users: readonly string[]): Promise<{
  t: TestApp
  server: ReturnType<TestApp['app']['callback']>
  as: (who: string) => string
}> {
  const t = await buildTestApp()
  const server = t.app.callback()
  const auth: Record<string, string> = {}
  const as = (who: string) => auth[who] ?? ''
  for (const key of users) auth[key] = (await signIn(t.app, key)).auth
  t.services?.clock.setTo(new Date('2026-12-20T02:00:00Z'))
  const res = await request(server)
    .put(`/api/v1/regions/${V2}/retirement`)
    .set('Authorization', as('demo-admin'))
    .send({ retiredOn: RETIRED_ON, mergedInto: V1, reason: '依据县政府撤并行政村的批复' })
  expect(res.status).toBe(200)
  return { t, server, as }
}
