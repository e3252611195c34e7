/**
 * Child process of the crash test: runs a durable engine and, until it is killed, rounds of 1,000
 * concurrent inserts and updates; prints one line per acknowledged write ("I id" / "U id version").
 * usage: node --import tsx crash-child.ts <dbPath> <idOffset>
 */
import { MongoClient } from 'mongodb'
import { startEmbeddedMongo } from '../../src/index'

const [dbPath, offsetArg] = process.argv.slice(2)
if (!dbPath || !offsetArg) throw new Error('usage: crash-child.ts <dbPath> <idOffset>')
const server = await startEmbeddedMongo({ dbPath, log: false })
const client = await MongoClient.connect(server.uri, { maxPoolSize: 50 })
const c = client.db('crash').collection<{ _id: number; u: string; v: number; pad: string }>('docs')
await c.createIndex({ u: 1 }, { unique: true })

let next = Number(offsetArg)
const inserted: number[] = []
const versions = new Map<number, number>()
const pad = 'p'.repeat(200)
// Seed documents to update, and a warm connection pool, before the killable phase starts.
const seed = Array.from({ length: 200 }, () => next++)
await c.insertMany(seed.map((id) => ({ _id: id, u: `u${id}`, v: 0, pad })))
for (const id of seed) {
  inserted.push(id)
  process.stdout.write(`I ${id}\n`)
}
await Promise.all(Array.from({ length: 50 }, () => c.findOne({ _id: seed[0] as number })))
process.stdout.write('READY\n')
for (;;) {
  const ops: Promise<void>[] = []
  for (let i = 0; i < 1000; i++) {
    if (i % 2 === 0 || inserted.length === 0) {
      const id = next++
      ops.push(
        c.insertOne({ _id: id, u: `u${id}`, v: 0, pad }).then(() => {
          inserted.push(id)
          process.stdout.write(`I ${id}\n`)
        }),
      )
    } else {
      const id = inserted[Math.floor(Math.random() * inserted.length)] as number
      const version = (versions.get(id) ?? 0) + 1
      versions.set(id, version)
      // Versions only grow, so the stored value is at least the last acknowledged one.
      ops.push(
        c.updateOne({ _id: id }, { $max: { v: version } }).then(() => {
          process.stdout.write(`U ${id} ${version}\n`)
        }),
      )
    }
  }
  await Promise.all(ops)
}
