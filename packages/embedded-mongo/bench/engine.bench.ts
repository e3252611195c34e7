// Benchmarks the embedded engine through mongoose and the driver; prints a markdown table.
// Usage (from the repo root): npx tsx packages/embedded-mongo/bench/engine.bench.ts [--quick]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MongoClient, type Collection } from 'mongodb'
import mongoose, { Schema } from 'mongoose'
import { startEmbeddedMongo } from '../src/index'

const quick = process.argv.includes('--quick')
const BIG = quick ? 100_000 : 1_000_000
const SMALL = 10_000
const rows: [string, string][] = []

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return performance.now() - t
}

async function concurrent(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++)
    }),
  )
  return performance.now() - t
}

async function benchMongoose(label: string, dbPath?: string): Promise<void> {
  const server = await startEmbeddedMongo({ ...(dbPath ? { dbPath } : {}), log: false })
  const conn = await mongoose.createConnection(`${server.uri}bench`).asPromise()
  const User = conn.model(
    'User',
    new Schema({
      email: { type: String, unique: true },
      name: String,
      village: { type: String, index: true },
      age: Number,
    }),
  )
  await User.init()
  const n = quick ? 1000 : 5000
  // Warm the JIT (engine and driver share this process) before measuring.
  await timed(2000, (i) => User.create({ email: `warm${i}@x`, name: 'w', village: 'v', age: i }))
  const createMs = await timed(n, (i) =>
    User.create({ email: `u${i}@x`, name: `User ${i}`, village: `v${i % 50}`, age: i % 90 }),
  )
  rows.push([`mongoose \`Model.create\`, sequential (${label})`, `${fmt((n / createMs) * 1000)} /s`])
  await concurrent(2000, 16, (i) => User.findById(`${i}`.padStart(24, '0')).lean())
  const createConcMs = await concurrent(n, 16, (i) =>
    User.create({ email: `c${i}@x`, name: `C ${i}`, village: 'v', age: 1 }),
  )
  rows.push([`mongoose \`Model.create\`, 16 concurrent (${label})`, `${fmt((n / createConcMs) * 1000)} /s`])
  const ids = (await User.find({}, { _id: 1 }).lean()).map((d) => d._id)
  await timed(2000, (i) => User.findById(ids[i % ids.length]).lean())
  const findMs = await timed(n, (i) => User.findById(ids[(i * 7919) % ids.length]).lean())
  rows.push([`mongoose \`findById().lean()\`, sequential (${label})`, `${fmt((n / findMs) * 1000)} /s`])
  const findConcMs = await concurrent(n, 16, (i) => User.findById(ids[(i * 7919) % ids.length]).lean())
  rows.push([
    `mongoose \`findById().lean()\`, 16 concurrent (${label})`,
    `${fmt((n / findConcMs) * 1000)} /s`,
  ])
  await conn.close()
  await server.stop()
}

async function insertMany(c: Collection, count: number, offset = 0): Promise<number> {
  const batch = 10_000
  const t = performance.now()
  for (let start = 0; start < count; start += batch) {
    const docs = Array.from({ length: Math.min(batch, count - start) }, (_, j) => {
      const i = offset + start + j
      return {
        _id: i,
        email: `user${i}@example.org`,
        village: `v${i % 700}`,
        n: i,
        name: `Name ${i}`,
        tags: ['a', 'b'],
      }
    })
    await c.insertMany(docs as never[], { ordered: false })
  }
  return performance.now() - t
}

/** Median and mean time of an indexed equality lookup (findOne by a unique field), in microseconds. */
async function lookupMicros(c: Collection, size: number): Promise<{ median: number; mean: number }> {
  const n = quick ? 2000 : 5000
  await timed(3000, (i) => c.findOne({ email: `user${(i * 7919) % size}@example.org` }))
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    const doc = await c.findOne({ email: `user${(i * 104729) % size}@example.org` })
    times.push((performance.now() - t) * 1000)
    if (!doc) throw new Error('lookup missed')
  }
  times.sort((a, b) => a - b)
  return { median: times[n >> 1] as number, mean: times.reduce((x, y) => x + y, 0) / n }
}

async function benchLookups(): Promise<void> {
  const server = await startEmbeddedMongo({ log: false })
  const client = await MongoClient.connect(server.uri)
  const db = client.db('lookups')
  const small = db.collection('small')
  const big = db.collection('big')
  await small.createIndex({ email: 1 }, { unique: true })
  await big.createIndex({ email: 1 }, { unique: true })
  const smallMs = await insertMany(small, SMALL)
  rows.push([
    `\`insertMany\` (batches of 10,000, unique index, in memory), ${fmt(SMALL)} docs`,
    `${fmt((SMALL / smallMs) * 1000)} docs/s`,
  ])
  const bigMs = await insertMany(big, BIG)
  rows.push([
    `\`insertMany\` (batches of 10,000, unique index, in memory), ${fmt(BIG)} docs`,
    `${fmt((BIG / bigMs) * 1000)} docs/s`,
  ])
  const tSmall = await lookupMicros(small, SMALL)
  const tBig = await lookupMicros(big, BIG)
  rows.push([
    `indexed equality \`findOne({ email })\`, ${fmt(SMALL)} docs: median / mean`,
    `${fmt(tSmall.median)} / ${fmt(tSmall.mean)} µs`,
  ])
  rows.push([
    `indexed equality \`findOne({ email })\`, ${fmt(BIG)} docs: median / mean`,
    `${fmt(tBig.median)} / ${fmt(tBig.mean)} µs`,
  ])
  rows.push([
    `lookup ratio ${fmt(BIG)} / ${fmt(SMALL)}: median / mean (target ≤ 2)`,
    `${fmt(tBig.median / tSmall.median, 2)} / ${fmt(tBig.mean / tSmall.mean, 2)}`,
  ])
  const scanN = 200
  const scanMs = await timed(scanN, (i) => small.findOne({ name: `Name ${(i * 7919) % SMALL}` }))
  rows.push([
    `unindexed \`findOne({ name })\` (full scan), ${fmt(SMALL)} docs`,
    `${fmt((scanMs / scanN) * 1000)} µs`,
  ])
  await client.close()
  await server.stop()
}

async function benchDurableInsertMany(dbPath: string): Promise<void> {
  const server = await startEmbeddedMongo({ dbPath, log: false })
  const client = await MongoClient.connect(server.uri)
  const c = client.db('durable').collection('docs')
  await c.createIndex({ email: 1 }, { unique: true })
  const count = quick ? 20_000 : 100_000
  const ms = await insertMany(c, count)
  rows.push([
    `\`insertMany\` (batches of 10,000, unique index, durable), ${fmt(count)} docs`,
    `${fmt((count / ms) * 1000)} docs/s`,
  ])
  await client.close()
  await server.stop()
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-engine-bench-'))
try {
  await benchMongoose('in memory')
  await benchMongoose('durable, LMDB', path.join(tmp, 'mongoose'))
  await benchDurableInsertMany(path.join(tmp, 'insert'))
  await benchLookups()
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}

console.log(`\n## Embedded engine (${quick ? 'quick run' : 'full run'}; client and engine in one process)\n`)
console.log('| Measure | Result |')
console.log('| --- | --- |')
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`)
