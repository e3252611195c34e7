// Benchmarks reads of medium documents (~4 KB: 30 sub-documents, 50 strings) through the driver and
// mongoose `.lean()`, with and without an exclusion projection; also the engine alone (no client).
// Usage (from the repo root): npx tsx packages/embedded-mongo/bench/read.bench.ts [--quick]
import { deserialize, serialize } from 'bson'
import { MongoClient, ObjectId } from 'mongodb'
import mongoose, { Schema } from 'mongoose'
import { CommandContext } from '../src/commands/context'
import { COMMANDS } from '../src/commands/index'
import { dispatch } from '../src/commands/registry'
import { Engine } from '../src/engine/engine'
import { createLogger } from '../src/log'
import { projectDocs } from '../src/query/mingo'
import { compileRawProjection, projectRaw } from '../src/wire/raw-project'
import { startEmbeddedMongo } from '../src/index'
import { MemoryStore } from '../src/storage/store'

const quick = process.argv.includes('--quick')
const DOCS = 2000
const VILLAGES = 10
const ITER = quick ? 300 : 1500
const WARM = quick ? 200 : 600
const PROJECTION = { rows: 0, searchTokens: 0 }

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** One ~4 KB document: a compound key, some scalars, 30 small sub-documents and 50 strings. */
function makeDoc(i: number): Record<string, unknown> {
  return {
    _id: new ObjectId(),
    villageId: `village-${i % VILLAGES}`,
    status: Math.floor(i / VILLAGES) % 2 === 0 ? 'open' : 'closed',
    createdAt: new Date(1_700_000_000_000 + i * 60_000),
    title: `Item number ${i} with a moderately long title`,
    amount: i * 3,
    summary: 'x'.repeat(900),
    rows: Array.from({ length: 30 }, (_, j) => ({
      code: `r${j}`,
      label: `Row ${j} of ${i}`,
      qty: j,
      price: j * 1.5,
    })),
    searchTokens: Array.from({ length: 50 }, (_, j) => `token${(i * 31 + j) % 997}`),
  }
}

interface Stat {
  median: number
  mean: number
}

async function measure(fn: (i: number) => Promise<unknown>): Promise<Stat> {
  for (let i = 0; i < WARM; i++) await fn(i)
  const times: number[] = []
  for (let i = 0; i < ITER; i++) {
    const t = performance.now()
    await fn(i)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { median: times[ITER >> 1] as number, mean: times.reduce((x, y) => x + y, 0) / ITER }
}

function filterOf(i: number): Record<string, unknown> {
  return { villageId: `village-${i % VILLAGES}`, status: i % 3 === 0 ? 'closed' : 'open' }
}

const rows: [string, Stat][] = []

async function check(n: number, what: string): Promise<void> {
  if (n !== 20) throw new Error(`${what}: expected 20 documents, got ${n}`)
}

/** The engine alone: a find command dispatched in-process, reply bytes built but not parsed. */
async function benchEngineOnly(): Promise<void> {
  const engine = new Engine(new MemoryStore(), createLogger(false))
  const docs = Array.from({ length: DOCS }, (_, i) => makeDoc(i))
  const insert = (cmd: Record<string, unknown>): Promise<Buffer> =>
    dispatch(COMMANDS, new CommandContext(engine, Buffer.from(serialize(cmd)), new Map(), 1))
  await insert({ insert: 'items', documents: docs, $db: 'bench' })
  await insert({
    createIndexes: 'items',
    indexes: [{ key: { villageId: 1, status: 1, createdAt: -1 }, name: 'vsc' }],
    $db: 'bench',
  })
  for (const projection of [undefined, PROJECTION]) {
    const cmds = Array.from({ length: 30 }, (_, i) =>
      Buffer.from(
        serialize({
          find: 'items',
          filter: filterOf(i),
          sort: { createdAt: -1 },
          limit: 20,
          ...(projection ? { projection } : {}),
          $db: 'bench',
        }),
      ),
    )
    const stat = await measure((i) =>
      dispatch(COMMANDS, new CommandContext(engine, cmds[i % cmds.length] as Buffer, new Map(), 1)),
    )
    rows.push([`engine only (find command, no client)${projection ? ', projection' : ''}`, stat])
  }
  await engine.close()
  // The projection step alone on 20 stored documents, both ways, in this same run.
  const raws = docs.slice(0, 20).map((d) => Buffer.from(serialize(d)))
  const decoded = await measure(async () => {
    for (const raw of raws) {
      const exact = deserialize(raw, { promoteValues: false })
      serialize(projectDocs([exact], PROJECTION)[0] as Record<string, unknown>)
    }
  })
  rows.push(['projection of 20 documents: decode, project, encode (previous path)', decoded])
  const compiled = compileRawProjection(PROJECTION)
  if (!compiled) throw new Error('projection not handled at the byte level')
  const bytes = await measure(async () => {
    for (const raw of raws) projectRaw(raw, compiled)
  })
  rows.push(['projection of 20 documents: byte level (current path)', bytes])
}

async function benchClients(): Promise<void> {
  const server = await startEmbeddedMongo({ log: false })
  const client = await MongoClient.connect(server.uri)
  const c = client.db('bench').collection('items')
  await c.insertMany(Array.from({ length: DOCS }, (_, i) => makeDoc(i)))
  await c.createIndex({ villageId: 1, status: 1, createdAt: -1 })
  const avg = (await c.find({}).limit(50).toArray()).map((d) => serialize(d).length)
  console.error(`document size ≈ ${fmt(avg.reduce((a, b) => a + b, 0) / avg.length)} bytes`)

  for (const projection of [undefined, PROJECTION]) {
    const stat = await measure(async (i) => {
      const out = await c
        .find(filterOf(i), { sort: { createdAt: -1 }, limit: 20, ...(projection ? { projection } : {}) })
        .toArray()
      await check(out.length, 'driver')
    })
    rows.push([`driver \`find().toArray()\`${projection ? ', projection' : ''}`, stat])
  }

  const conn = await mongoose.createConnection(`${server.uri}bench`).asPromise()
  const Item = conn.model(
    'Item',
    new Schema(
      {
        villageId: String,
        status: String,
        createdAt: Date,
        title: String,
        amount: Number,
        summary: String,
        rows: [{ code: String, label: String, qty: Number, price: Number }],
        searchTokens: [String],
      },
      { autoIndex: false },
    ),
    'items',
  )
  for (const projection of [undefined, PROJECTION]) {
    const stat = await measure(async (i) => {
      const q = Item.find(filterOf(i)).sort({ createdAt: -1 }).limit(20)
      const out = await (projection ? q.select(projection) : q).lean()
      await check(out.length, 'mongoose')
    })
    rows.push([`mongoose \`find().lean()\`${projection ? ', projection' : ''}`, stat])
  }
  await conn.close()
  await client.close()
  await server.stop()
}

await benchEngineOnly()
await benchClients()

console.log(
  `\n## Reads of medium documents (${quick ? 'quick run' : 'full run'}; ${fmt(DOCS)} docs, 20 per query, ${fmt(ITER)} queries per row)\n`,
)
console.log('| Measure | median | mean |')
console.log('| --- | --- | --- |')
for (const [k, v] of rows) console.log(`| ${k} | ${fmt(v.median, 2)} ms | ${fmt(v.mean, 2)} ms |`)
