/**
 * The import limits (one running import per person, two in all) hold across BFF instances on one database, as
 * node:cluster's workers are (tester t1, D3: each worker counted its own, so two workers let a person run two and
 * the service four). A second instance here is a second runtime and app on its own connection to the same database.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../app'
import { databaseFromConnection } from '../../db'
import { DEFAULT_IMPORT_SLOTS } from '../../imports/table-import-slots'
import { createLogger } from '../../logger'
import { createRuntime } from '../../runtime'
import type { Runtime } from '../../runtime'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')

describe('import limits across instances on one database', () => {
  let t: TestApp
  let other: Runtime
  let a: ReturnType<TestApp['app']['callback']>
  let b: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let secretaryId = ''
  const item = dibaoItem()
  const csv = Buffer.from('申请人姓名,家庭成员数量,保障金额\n张三,2,600')
  const upload = (server: typeof a) =>
    request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', csv, { filename: 'a.csv', contentType: 'text/csv' })

  beforeAll(async () => {
    t = await buildTestApp()
    a = t.app.callback()
    const connection = t.db.connection
    if (!connection) throw new Error('no database')
    // The second instance: its own connection, services and app, on the first one's database.
    const db = databaseFromConnection(connection.useDb(connection.name, { useCache: false }), 'embedded')
    const logger = createLogger(t.config)
    other = await createRuntime({ ...t.config, SEED_DEMO: false }, logger, db)
    b = createApp({
      config: t.config,
      logger,
      db,
      services: other.services,
      devLogin: other.devLogin,
    }).callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    secretaryId = (await request(a).get('/api/v1/me').set('Authorization', secretary)).body.id
  })
  afterAll(async () => {
    await other.close()
    await t.close()
  })

  const servicesOf = (runtime: Runtime | TestApp) => {
    const imports = runtime.services?.tableImports
    if (!imports) throw new Error('no services')
    return imports
  }

  it("should refuse a person's second import on the other instance while the first runs", async () => {
    const running = await servicesOf(t).reserveSlot(secretaryId)
    try {
      const res = await upload(b)
      expect(res.status).toBe(429)
      expect(res.body.error).toMatchObject({
        code: 'too_many_imports',
        message: '你有一个表格正在导入，请等它完成后再试',
      })
      expect(res.headers['retry-after']).toBe('5')
    } finally {
      await running.release()
    }
    const started = await upload(b)
    expect(started.status).toBe(202)
  })

  it('should hold the service-wide cap over both instances, whoever asks', async () => {
    // Wait for the import above to end (its slot goes with it).
    for (let i = 0; i < 600 && servicesOf(other).slots.running > 0; i++)
      await new Promise((r) => setTimeout(r, 50))
    const held = [await servicesOf(t).reserveSlot('other-a'), await servicesOf(other).reserveSlot('other-b')]
    try {
      for (const server of [a, b]) {
        const res = await upload(server)
        expect(res.status).toBe(429)
        expect(res.body.error.message).toBe('正在导入的表格较多，请稍后再试')
      }
    } finally {
      for (const slot of held) await slot.release()
    }
    // Four people asking at once on the two instances: exactly two get a slot.
    const asked = await Promise.allSettled(
      ['p1', 'p2', 'p3', 'p4'].map((p, i) => servicesOf(i % 2 ? other : t).reserveSlot(p)),
    )
    const got = asked.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    expect(got).toHaveLength(DEFAULT_IMPORT_SLOTS.global)
    for (const slot of got) await slot.release()
  })

  it('should free the slots of an instance that died once their lease has lapsed', async () => {
    // What an instance killed while the secretary's import ran leaves: its places, renewed no more.
    const leaseUntil = new Date(Date.now() + 600)
    const leases = t.services?.models.JobLease
    if (!leases) throw new Error('no services')
    await leases.create([
      { _id: `import-slot:user:${secretaryId}#0`, owner: 'killed', leaseUntil },
      { _id: 'import-slot:all#0', owner: 'killed', leaseUntil },
    ])
    expect((await upload(b)).status).toBe(429)
    await new Promise((r) => setTimeout(r, 800))
    const started = await upload(b)
    expect(started.status).toBe(202)
  })
})
