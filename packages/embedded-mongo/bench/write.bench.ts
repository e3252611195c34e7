// Write speed of the embedded engine: insertMany with the _id index and 3 secondary indexes (one
// unique), in memory and durable (LMDB), through the driver; prints a markdown table. With
// --engine-only it also runs the same insert commands (bytes as the driver sends them) straight
// through the engine's command table, without TCP or driver, which shows the engine's own cost.
// Usage (from the repo root):
//   npx tsx packages/embedded-mongo/bench/write.bench.ts [--count N] [--memory-only] [--engine-only]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serialize } from 'bson'
import { MongoClient, ObjectId, type Collection } from 'mongodb'
import { CommandContext } from '../src/commands/context'
import { COMMANDS } from '../src/commands/index'
import { dispatch } from '../src/commands/registry'
import { Engine } from '../src/engine/engine'
import { startEmbeddedMongo } from '../src/index'
import { createLogger } from '../src/log'
import { LmdbStore } from '../src/storage/lmdb-store'
import { MemoryStore } from '../src/storage/store'

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const COUNT = arg('--count', 200_000)
const BATCH = 10_000
const memoryOnly = process.argv.includes('--memory-only')
const engineOnly = process.argv.includes('--engine-only')
const rows: [string, string][] = []

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** Documents shaped like the BFF's outbox messages: ObjectId `_id`, a unique (event, user) key. */
function batch(start: number, size: number): object[] {
  const now = Date.now()
  return Array.from({ length: size }, (_, j) => {
    const i = start + j
    return {
      _id: new ObjectId(),
      eventId: `event-${Math.floor(i / 100_000)}`,
      userId: `user-${String(i).padStart(8, '0')}`,
      status: 'pending',
      templateId: 'tpl-disclosure-published',
      page: 'pages/inbox/index',
      data: { thing1: { value: '2026年12月低保公示' }, time2: { value: '2026-12-06' } },
      nextAttemptAt: new Date(now + (i % 1000)),
      attempts: 0,
      createdAt: new Date(now),
    }
  })
}

async function run(label: string, dbPath?: string): Promise<void> {
  const server = await startEmbeddedMongo({ ...(dbPath ? { dbPath } : {}), log: false })
  const client = await MongoClient.connect(server.uri)
  const c: Collection = client.db('write').collection('outbox')
  await c.createIndex({ eventId: 1, userId: 1 }, { unique: true })
  await c.createIndex({ status: 1, nextAttemptAt: 1 })
  await c.createIndex({ userId: 1, createdAt: -1 })
  // Warm-up in a separate collection with the same indexes.
  const w = client.db('write').collection('warm')
  await w.createIndex({ eventId: 1, userId: 1 }, { unique: true })
  await w.createIndex({ status: 1, nextAttemptAt: 1 })
  await w.createIndex({ userId: 1, createdAt: -1 })
  for (let s = 0; s < 20_000; s += BATCH) await w.insertMany(batch(s, BATCH) as never[], { ordered: false })
  const t = performance.now()
  const cpu0 = process.cpuUsage()
  for (let s = 0; s < COUNT; s += BATCH) {
    await c.insertMany(batch(s, Math.min(BATCH, COUNT - s)) as never[], { ordered: true })
  }
  const ms = performance.now() - t
  // CPU time of the whole process (every thread: GC helpers, LMDB's writer): less sensitive than the wall
  // clock to other processes sharing the cores.
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  rows.push([
    `\`insertMany\` (batches of ${fmt(BATCH)}, _id + 3 secondary indexes, ${label}), ${fmt(COUNT)} docs`,
    `${fmt((COUNT / ms) * 1000)} docs/s (${fmt(ms / 1000, 2)} s); ${fmt((COUNT / cpuMs) * 1000)} docs per CPU second`,
  ])
  if ((await c.countDocuments()) !== COUNT) throw new Error('count mismatch')
  await client.close()
  await server.stop()
}

/** The same inserts as `run`, as OP_MSG bodies (documents in the body) run through the command table. */
async function runEngineOnly(label: string, dbPath?: string): Promise<void> {
  const engine = new Engine(dbPath ? new LmdbStore(dbPath) : new MemoryStore(), createLogger(false))
  const command = async (body: object): Promise<void> => {
    const reply = await dispatch(
      COMMANDS,
      new CommandContext(engine, Buffer.from(serialize(body)), new Map(), 1),
    )
    if (reply.includes(Buffer.from('writeErrors'))) throw new Error('insert failed')
  }
  const indexes = [
    { key: { eventId: 1, userId: 1 }, name: 'eventId_1_userId_1', unique: true },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'status_1_nextAttemptAt_1' },
    { key: { userId: 1, createdAt: -1 }, name: 'userId_1_createdAt_-1' },
  ]
  for (const c of ['warm', 'outbox']) await command({ createIndexes: c, indexes, $db: 'write' })
  for (let s = 0; s < 20_000; s += BATCH)
    await command({ insert: 'warm', documents: batch(s, BATCH), ordered: false, $db: 'write' })
  const bodies: Buffer[] = []
  for (let s = 0; s < COUNT; s += BATCH) {
    const docs = batch(s, Math.min(BATCH, COUNT - s))
    bodies.push(Buffer.from(serialize({ insert: 'outbox', documents: docs, ordered: true, $db: 'write' })))
  }
  const t = performance.now()
  const cpu0 = process.cpuUsage()
  for (const body of bodies) await dispatch(COMMANDS, new CommandContext(engine, body, new Map(), 1))
  const ms = performance.now() - t
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  if (engine.get('write', 'outbox')?.docs.size !== COUNT) throw new Error('count mismatch')
  rows.push([
    `engine alone, the same insert commands (${label}), ${fmt(COUNT)} docs`,
    `${fmt((COUNT / ms) * 1000)} docs/s (${fmt(ms / 1000, 2)} s); ${fmt((COUNT / cpuMs) * 1000)} docs per CPU second`,
  ])
  await engine.close()
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-write-bench-'))
try {
  await run('in memory')
  if (!memoryOnly) await run('durable, LMDB', path.join(tmp, 'db'))
  if (engineOnly) {
    await runEngineOnly('in memory')
    if (!memoryOnly) await runEngineOnly('durable, LMDB', path.join(tmp, 'engine-db'))
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}
console.log(`\n## Engine writes (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)\n`)
console.log('| Measure | Result |')
console.log('| --- | --- |')
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
