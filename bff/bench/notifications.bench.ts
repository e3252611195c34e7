/**
 * Notifications bench: enqueue fan-out, sending throughput against the simulator's rate limit, and
 * duplicates across a SIGKILL of the worker. Prints a markdown table.
 * usage (from the repo root): npx tsx bff/bench/notifications.bench.ts [--quick] [--only=enqueue|enqueue-durable|throughput-default|throughput|crash]
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose, { Types } from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { DEFAULT_APP, startWechatSim } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { createSimDeliveryChecker, createSubscribeClient } from '../src/clients/wechat-subscribe.client'
import { createTokenManager } from '../src/clients/wechat-token'
import { buildConfig } from '../src/config'
import { createOutboxSender } from '../src/jobs/outbox-sender.job'
import { createLogger } from '../src/logger'
import { createModels, syncIndexes } from '../src/models'
import type { Models } from '../src/models'
import { NotificationsService } from '../src/services/notifications.service'
import { InboxService } from '../src/services/inbox.service'
import { createEventExpander } from '../src/jobs/event-expander'
import { subscriptionActiveKey } from '../src/models/Subscription.model'
import { buildVillagers } from '../src/testing/notifications'

const quick = process.argv.includes('--quick')
const VILLAGE = '360999001001'
const SEND = '/cgi-bin/message/subscribe/send'
const CHILD = path.join(import.meta.dirname, '../src/jobs/outbox-sender.crash-child.ts')
const rows: string[][] = []
const silent = createLogger({ LOG_LEVEL: 'silent' })

async function openDb(dbPath?: string) {
  const server = await startEmbeddedMongo({ dbPath, log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'crash' }).asPromise()
  const models = createModels(conn)
  await syncIndexes(models)
  return {
    models,
    async close() {
      await conn.close()
      await server.stop()
    },
  }
}

function event(id: string, category = 'social-assistance') {
  return {
    id,
    type: 'disclosure.published' as const,
    villageCode: VILLAGE,
    title: '2024年第三季度低保名单',
    disclosureId: 'a'.repeat(24),
    category,
    itemId: 'social-assistance.dibao.policy',
  }
}

/** Followers of the category, each with one send credit (what accepting the WeChat prompt leaves behind). */
async function seedSubscribers(models: Models, n: number): Promise<Types.ObjectId[]> {
  const now = new Date(Date.now() - 1000)
  const ids: Types.ObjectId[] = []
  for (let i = 0; i < n; i += 5000) {
    const chunk = Array.from({ length: Math.min(5000, n - i) }, () => new Types.ObjectId())
    ids.push(...chunk)
    await models.Subscription.collection.insertMany(
      chunk.map((userId) => {
        const s = { userId, villageCode: VILLAGE, kind: 'category' as const, targetId: 'social-assistance' }
        return { ...s, createdAt: now, endedAt: null, activeKey: subscriptionActiveKey(s) }
      }),
      { ordered: false },
    )
    await models.SubscriptionCredit.collection.insertMany(
      chunk.map((userId) => ({
        userId,
        templateId: 'tmpl_disclosure_published',
        credits: 1,
        unlimited: false,
        grantIds: [],
        updatedAt: now,
      })),
      { ordered: false },
    )
  }
  return ids
}

async function benchEnqueue(n: number, durable: boolean): Promise<void> {
  const dir = durable ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-notify-')) : undefined
  const db = await openDb(dir)
  try {
    const followers = await seedSubscribers(db.models, n)
    const notifications = new NotificationsService({ models: db.models, config: buildConfig() })
    const inbox = new InboxService({ models: db.models })
    const t0 = performance.now()
    const first = await notifications.publishEvent(event('bench:enqueue:v1'))
    const ms = performance.now() - t0
    const t1 = performance.now()
    const again = await notifications.publishEvent(event('bench:enqueue:v1'))
    const retryMs = performance.now() - t1
    // The event is in every follower's inbox as soon as it is recorded: read one follower's inbox.
    const someone = followers[Math.floor(n / 2)] ?? followers[0]
    if (!someone) throw new Error('no followers')
    const t2 = performance.now()
    const page = await inbox.list(someone, { limit: 20 })
    const unread = await inbox.unreadCount(someone)
    const inboxMs = performance.now() - t2
    if (page.entries.length !== 1 || unread !== 1)
      throw new Error(`inbox of a follower: ${page.entries.length} entries, ${unread} unread`)
    // Then the sender writes one outbox message per follower, 2,000 followers per step.
    const t3 = performance.now()
    const cpu3 = process.cpuUsage()
    const written = await createEventExpander({ models: db.models }).drain()
    const expandMs = performance.now() - t3
    // CPU time of the whole process (every thread), less sensitive than the wall clock to a shared machine.
    const expandCpu = process.cpuUsage(cpu3)
    const expandCpuS = (expandCpu.user + expandCpu.system) / 1e6
    rows.push([
      `enqueue ${n.toLocaleString('en')} recipients (${durable ? 'durable' : 'in-memory'} engine)`,
      `**${ms.toFixed(1)} ms** to record the event (${first.recorded ? 'recorded' : 'NOT recorded'}); a follower's inbox page + unread count ${inboxMs.toFixed(1)} ms`,
      `republish (retry): ${retryMs.toFixed(1)} ms, ${again.recorded ? 'recorded again (wrong)' : 'nothing added'}; the sender then wrote ${written.toLocaleString('en')} outbox messages in ${(expandMs / 1000).toFixed(2)} s (${Math.round(written / (expandMs / 1000)).toLocaleString('en')}/s; ${expandCpuS.toFixed(2)} s of CPU)`,
    ])
  } finally {
    await db.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function benchThroughput(n: number, rate: number): Promise<void> {
  const sim = await startWechatSim({ port: 0 })
  const db = await openDb()
  try {
    sim.control.setRateLimit({ match: SEND, perSecond: rate })
    const { userKeys } = await buildVillagers(db.models, sim, 'tp', n, { villageCode: VILLAGE })
    const notifications = new NotificationsService({ models: db.models, config: buildConfig() })
    await notifications.publishEvent(event('bench:throughput:v1'))
    const tokens = createTokenManager({
      baseUrl: sim.baseUrl,
      appid: DEFAULT_APP.appid,
      secret: DEFAULT_APP.secret,
    })
    await tokens.get()
    const sender = createOutboxSender({
      models: db.models,
      client: createSubscribeClient({ baseUrl: sim.baseUrl, tokens }),
      logger: silent,
      ratePerSecond: rate,
      // Each message costs a few database writes; enough lanes keep the simulator's limit the bottleneck.
      concurrency: 32,
      backoffMs: 200,
      ambiguity: 'verify_sim',
      checkDelivery: createSimDeliveryChecker(sim.baseUrl),
      miniprogramState: 'formal',
    })
    const t0 = performance.now()
    // Includes writing the messages from the event (the expander runs inside the sender's rounds).
    while (await busy(db.models)) {
      await sender.drain()
      await new Promise((r) => setTimeout(r, 20))
    }
    const s = (performance.now() - t0) / 1000
    const retries = (await db.models.Outbox.find({}, { attempts: 1 }).lean()).reduce(
      (a, m) => a + m.attempts - 1,
      0,
    )
    const dups = userKeys.filter((k) => sim.control.sentMessages({ userKey: k }).length !== 1).length
    rows.push([
      `send ${n} messages, simulator limit ${rate}/s, sender rate ${rate}/s, 32 lanes`,
      `${s.toFixed(2)} s = **${(n / s).toFixed(1)} msg/s** (${((n / s / rate) * 100).toFixed(0)} % of the limit)`,
      `${retries} retries after 45009, ${dups} users without exactly one message`,
    ])
  } finally {
    await db.close()
    await sim.stop()
  }
}

/** Messages still to send, or still to be written from an event. */
async function busy(models: Models): Promise<boolean> {
  return (
    (await models.Outbox.countDocuments({ status: 'pending' })) > 0 ||
    (await models.NotificationEvent.countDocuments({ 'expansion.state': 'pending' })) > 0
  )
}

function runAndKill(dbPath: string, sim: WechatSim, killAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Pages of 20 followers: the kill lands while messages are still being written from the event.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, sim.baseUrl, '1000', '20'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let timer: NodeJS.Timeout | undefined
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('READY') || timer) return
      timer = setInterval(() => {
        if (sim.control.sentMessages({}).length >= killAt) child.kill('SIGKILL')
      }, 2)
    })
    child.on('exit', (code, signal) => {
      clearInterval(timer)
      if (signal === 'SIGKILL') resolve(sim.control.sentMessages({}).length)
      else reject(new Error(`worker exited with ${String(code)}: ${stderr}`))
    })
  })
}

async function benchCrash(n: number): Promise<void> {
  const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-crash-'))
  const sim = await startWechatSim({ port: 0 })
  sim.control.setLatency({ match: SEND, ms: 8 })
  try {
    let db = await openDb(dbPath)
    const { userKeys } = await buildVillagers(db.models, sim, 'crash', n, { villageCode: VILLAGE })
    const notifications = new NotificationsService({ models: db.models, config: buildConfig() })
    await notifications.publishEvent(event('bench:crash:v1'))
    await db.close()
    const kills: number[] = []
    for (const share of [0.25, 0.5]) kills.push(await runAndKill(dbPath, sim, Math.floor(n * share)))
    db = await openDb(dbPath)
    const inflight = await db.models.Outbox.countDocuments({ inflight: true })
    const tokens = createTokenManager({
      baseUrl: sim.baseUrl,
      appid: DEFAULT_APP.appid,
      secret: DEFAULT_APP.secret,
    })
    const sender = createOutboxSender({
      models: db.models,
      client: createSubscribeClient({ baseUrl: sim.baseUrl, tokens }),
      logger: silent,
      ratePerSecond: 1000,
      ambiguity: 'verify_sim',
      checkDelivery: createSimDeliveryChecker(sim.baseUrl),
      miniprogramState: 'formal',
    })
    while (await busy(db.models)) {
      await sender.drain()
      await new Promise((r) => setTimeout(r, 50))
    }
    const counts = userKeys.map((k) => sim.control.sentMessages({ userKey: k }).length)
    await db.close()
    rows.push([
      `${n} messages, worker SIGKILLed twice (durable engine)`,
      `killed at ${kills.join(' and ')} sent; ${inflight} in flight at the last kill`,
      `**${counts.filter((c) => c > 1).length} duplicates, ${counts.filter((c) => c === 0).length} lost**`,
    ])
  } finally {
    await sim.stop()
    fs.rmSync(dbPath, { recursive: true, force: true })
  }
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)
const parts: [string, () => Promise<void>][] = [
  ['enqueue', () => benchEnqueue(quick ? 10_000 : 100_000, false)],
  ['enqueue-durable', () => benchEnqueue(quick ? 2_000 : 10_000, true)],
  ['throughput-default', () => benchThroughput(quick ? 100 : 300, 20)],
  ['throughput', () => benchThroughput(quick ? 200 : 1000, quick ? 50 : 100)],
  ['crash', () => benchCrash(quick ? 150 : 300)],
]
for (const [name, run] of parts) {
  if (only && only !== name) continue
  const t0 = performance.now()
  await run()
  console.error(
    `${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rows[rows.length - 1]?.join(' | ')}`,
  )
}

console.log(
  `\n### Notifications bench${quick ? ' (--quick)' : ''}, ${new Date().toISOString()}, load ${os.loadavg()[0]?.toFixed(1)}\n`,
)
console.log('| case | result | notes |')
console.log('| --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
process.exit(0)
