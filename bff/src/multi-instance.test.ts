/**
 * Two BFF processes on one database (the embedded engine over the wire protocol, as a real deployment has two
 * instances on one MongoDB) and one WeChat simulator: a disclosure published through one instance is in the
 * village feed of the other within a second, though the other had the feed cached just before; with both outbox
 * senders and both upkeep jobs running, every follower gets each message exactly once.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@cunwu/embedded-mongo/testing'
import type { TestDatabase } from '@cunwu/embedded-mongo/testing'
import { findServiceGuideTemplate } from '@cunwu/domain'
import { startWechatSim } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { buildConfig } from './config'
import { createModels } from './models'
import { NotificationsService } from './services/notifications.service'
import { buildVillagers } from './testing/notifications'
import { buildIdNumber } from './testing/factories'
import { demoHouseholds } from './services/seed.service'
import { demoRegionOf } from './testing/demo'

const ENTRY = path.join(import.meta.dirname, 'index.ts')
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoRegionOf('demo-secretary')

interface Instance {
  child: ChildProcessWithoutNullStreams
  url: string
  stop(): Promise<void>
}

/** Starts one BFF process on the shared database and waits until it listens. */
async function startInstance(
  db: TestDatabase,
  sim: WechatSim,
  dataDir: string,
  seed: boolean,
): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      LOG_LEVEL: 'info',
      SEED_DEMO: String(seed),
      WECHAT_API_BASE: sim.baseUrl,
      // Both run the upkeep and the outbox sender, often, so their passes overlap.
      MAINTENANCE_INTERVAL_MS: '500',
      NOTIFICATIONS_WORKER: 'true',
      OUTBOX_RATE_PER_SECOND: '200',
      OUTBOX_POLL_MS: '100',
      PAY_WORKER: 'false',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
  }
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    const url = /"url":"(http:\/\/[^"]+)","msg":"cunwu BFF listening"/.exec(out)?.[1]
    if (url) return { child, url, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`the BFF did not start; output:\n${out}`)
}

async function call(
  base: string,
  method: string,
  route: string,
  auth?: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const json: unknown = await res.json()
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** Signs a demo person in on an instance the way the H5 app does (a code from its WeChat simulator). */
async function signIn(base: string, userKey: string): Promise<string> {
  const { code } = (await call(base, 'POST', '/dev/login-code', undefined, { userKey })) as { code: string }
  const { accessToken } = (await call(base, 'POST', '/auth/wechat', undefined, { code })) as {
    accessToken: string
  }
  return `Bearer ${accessToken}`
}

const feedIds = async (base: string): Promise<string[]> =>
  ((await call(base, 'GET', `/villages/${V1}/feed`)) as { disclosures: { id: string }[] }).disclosures.map(
    (d) => d.id,
  )

describe('two BFF instances on one database', () => {
  let db: TestDatabase
  let sim: WechatSim
  const dataDirs: string[] = []
  const instances: Instance[] = []

  beforeAll(async () => {
    db = await createTestDatabase()
    sim = await startWechatSim({ port: 0 })
    for (let i = 0; i < 2; i++) dataDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `cunwu-instance-${i}-`)))
    // One seeds the demo county first; the second starts on the seeded database.
    instances.push(await startInstance(db, sim, dataDirs[0] as string, true))
    instances.push(await startInstance(db, sim, dataDirs[1] as string, false))
  }, 150_000)

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()))
    await db?.drop()
    await sim?.stop()
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it('should show a disclosure published through one instance in the other instance feed within a second', async () => {
    const [a, b] = instances.map((i) => i.url) as [string, string]
    const secretary = await signIn(a, 'demo-secretary')
    const township = await signIn(a, 'demo-township')
    // The second instance has the village feed in its cache (whatever the demo data published already).
    expect(await feedIds(b)).toEqual(expect.any(Array))

    const rows = demoHouseholds(V1)
      .slice(0, 2)
      .map((h, i) => ({
        name: h.headName,
        area_mu: 4 + i,
        amount: (4 + i) * 12_500,
        household_no: h.householdNo,
        id_number: buildIdNumber(`1960-0${1 + i}-1${i}`, i + 1),
      }))
    const created = (await call(a, 'POST', `/villages/${V1}/disclosures`, secretary, {
      catalogItemId: ITEM,
      period: '2042',
      title: '耕地地力保护补贴公示',
      rows,
    })) as { id: string }
    const submitted = (await call(a, 'POST', `/disclosures/${created.id}/submit`, secretary, {})) as {
      revision: number
    }
    // The revision the township's queue shows: the one the submit answered.
    await call(a, 'POST', `/disclosures/${created.id}/review`, township, {
      decision: 'approve',
      revision: submitted.revision,
    })
    const publishedAt = Date.now()

    // A request arriving at the second instance within 1 s of the publish must see it.
    let seenAfter: number | null = null
    for (let started = Date.now(); started - publishedAt < 1_000; started = Date.now()) {
      if ((await feedIds(b)).includes(created.id)) {
        seenAfter = started - publishedAt
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(seenAfter, 'the second instance did not serve the publication within 1 s').not.toBeNull()
  }, 120_000)

  it('should show a county’s edit of a service guide in the other instance’s search within a second', async () => {
    const [a, b] = instances.map((i) => i.url) as [string, string]
    const county = await signIn(a, 'demo-county')
    const search = `/search?q=${encodeURIComponent('怎么申请低保')}&regionCode=${V1}`
    const firstGuide = async (base: string) =>
      ((await call(base, 'GET', search)) as { guides: { id: string; name: string }[] }).guides[0]
    // The second instance has the search in its cache before the edit.
    expect(await firstGuide(b)).toMatchObject({ id: 'dibao' })
    const template = findServiceGuideTemplate('dibao')
    if (!template) throw new Error('no dibao guide')
    const name = `${template.content.name}（两个实例）`
    await call(a, 'PUT', `/regions/${V1.slice(0, 6)}000000/service-guides/dibao`, county, {
      content: { ...structuredClone(template.content), name },
      baseVersion: 0,
    })
    const editedAt = Date.now()
    let seenAfter: number | null = null
    for (let started = Date.now(); started - editedAt < 1_000; started = Date.now()) {
      if ((await firstGuide(b))?.name === name) {
        seenAfter = started - editedAt
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(seenAfter, 'the second instance did not serve the edited guide within 1 s').not.toBeNull()
  }, 60_000)

  it('should send every follower each message exactly once with both senders and both upkeep jobs running', async () => {
    const conn = await mongoose.createConnection(db.uri, { dbName: db.dbName }).asPromise()
    try {
      const models = createModels(conn)
      const n = 200
      // Each send takes a little while, so the two senders' rounds overlap.
      sim.control.setLatency({ match: '/cgi-bin/message/subscribe/send', ms: 8 })
      const { userKeys } = await buildVillagers(models, sim, 'multi', n, { villageCode: '360999001001' })
      const notifications = new NotificationsService({ models, config: buildConfig() })
      const published = await notifications.publishEvent({
        id: 'disclosure.published:multi:v1',
        type: 'disclosure.published',
        villageCode: '360999001001',
        title: '低保名单',
        disclosureId: 'd'.repeat(24),
        category: 'social-assistance',
        itemId: 'social-assistance.dibao',
      })
      expect(published).toMatchObject({ delivery: 'followers', recorded: true })
      const deadline = Date.now() + 60_000
      const busy = async () =>
        (await models.Outbox.countDocuments({ status: 'pending' })) > 0 ||
        (await models.NotificationEvent.countDocuments({ 'expansion.state': 'pending' })) > 0
      while (await busy()) {
        if (Date.now() > deadline) throw new Error('the queue did not drain')
        await new Promise((r) => setTimeout(r, 200))
      }
      // Two more upkeep passes of each instance (every 500 ms): their sweeps add nothing.
      await new Promise((r) => setTimeout(r, 1_500))
      const perUser = userKeys.map((k) => sim.control.sentMessages({ userKey: k }).length)
      expect(perUser.filter((c) => c !== 1)).toEqual([])
      expect(await models.Outbox.countDocuments({ status: 'sent' })).toBeGreaterThanOrEqual(n)
      // Every message the simulator received across the run (the feed test's publication included) came once.
      const all = sim.control
        .sentMessages({})
        .map((m) => JSON.stringify([m.touser, m.templateId, m.page, m.data]))
      expect(all.length - new Set(all).size).toBe(0)
    } finally {
      await conn.close()
    }
  }, 120_000)
})
