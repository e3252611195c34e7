/**
 * Runs MongoDB's driver specification tests in the unified test format (CRUD, GridFS and
 * run-command suites) against the embedded engine, or against the server given by --uri, as a
 * MongoDB 7.0 standalone would select them. The tests are read from a checkout of
 * mongodb/specifications (licensed CC BY-NC-SA 4.0, so never copied into this repository).
 * Command-monitoring expectations (`expectEvents`) are not checked: they test the driver, not the
 * server. Operations this runner does not implement are counted as skipped, with the reason.
 *
 * Usage (from the repo root):
 *   npx tsx packages/embedded-mongo/test/spec/unified-runner.ts <specifications checkout> [--uri mongodb://…]
 */
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { pipeline } from 'node:stream/promises'
import { EJSON } from 'bson'
import { Collection, Db, GridFSBucket, MongoClient, MongoServerError, type Document } from 'mongodb'
import { startEmbeddedMongo } from '../../src/index'
import { match } from './match'

type Doc = Record<string, unknown>
type Entities = Record<string, unknown>

const SUITES = ['source/crud/tests/unified', 'source/gridfs/tests', 'source/run-command/tests/unified']
const SERVER_VERSION = [7, 0, 0]

class Unsupported extends Error {}

function version(s: unknown): number[] {
  return [...String(s).split('.').map(Number), 0, 0, 0].slice(0, 3)
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  return 0
}

/** True when one of the requirements fits a MongoDB 7.0 standalone without authentication. */
function runsHere(requirements: unknown): boolean {
  if (!Array.isArray(requirements)) return true
  return requirements.some((r: Doc) => {
    if (r.minServerVersion && compareVersions(SERVER_VERSION, version(r.minServerVersion)) < 0) return false
    if (r.maxServerVersion && compareVersions(SERVER_VERSION, version(r.maxServerVersion)) > 0) return false
    if (Array.isArray(r.topologies) && !r.topologies.includes('single')) return false
    return r.serverless !== 'require' && r.auth !== true && !r.csfle && !r.serverParameters
  })
}

/** Operation options: the arguments minus those passed positionally. */
function options(args: Doc, positional: string[]): Document {
  const out: Document = {}
  for (const [k, v] of Object.entries(args)) if (!positional.includes(k)) out[k] = v
  if (typeof out.returnDocument === 'string') out.returnDocument = out.returnDocument.toLowerCase()
  return out
}

async function onBucket(bucket: GridFSBucket, name: string, a: Doc): Promise<unknown> {
  switch (name) {
    case 'delete':
      return bucket.delete(a.id as never)
    case 'download':
      return buffer(bucket.openDownloadStream(a.id as never))
    case 'downloadByName':
      return buffer(bucket.openDownloadStreamByName(String(a.filename), options(a, ['filename'])))
    case 'rename':
      return bucket.rename(a.id as never, String(a.newFilename))
    case 'drop':
      return bucket.drop()
    case 'upload': {
      const source = Buffer.from(String((a.source as Doc).$$hexBytes), 'hex')
      const upload = bucket.openUploadStream(String(a.filename), options(a, ['filename', 'source']))
      await pipeline(Readable.from([source]), upload)
      return upload.id
    }
    default:
      throw new Unsupported(`bucket.${name}`)
  }
}

async function onDatabase(db: Db, name: string, a: Doc): Promise<unknown> {
  const command = a.command as Document
  switch (name) {
    case 'runCommand':
      return db.command(command, options(a, ['command', 'commandName']))
    case 'runCursorCommand':
      return db.runCursorCommand(command, options(a, ['command', 'commandName'])).toArray()
    case 'aggregate':
      return db.aggregate(a.pipeline as Document[], options(a, ['pipeline'])).toArray()
    case 'createCollection':
      return db.createCollection(String(a.collection), options(a, ['collection']))
    case 'dropCollection':
      return db.dropCollection(String(a.collection))
    default:
      throw new Unsupported(`database.${name}`)
  }
}

async function onCollection(c: Collection, name: string, a: Doc): Promise<unknown> {
  const filter = (a.filter ?? {}) as Document
  const update = a.update as Document
  switch (name) {
    case 'insertOne':
      return c.insertOne(a.document as Document, options(a, ['document']))
    case 'insertMany':
      return c.insertMany(a.documents as Document[], options(a, ['documents']))
    case 'find':
      return c.find(filter, options(a, ['filter'])).toArray()
    case 'findOne':
      return c.findOne(filter, options(a, ['filter']))
    case 'aggregate':
      return c.aggregate(a.pipeline as Document[], options(a, ['pipeline'])).toArray()
    case 'count':
      return c.count(filter, options(a, ['filter']))
    case 'countDocuments':
      return c.countDocuments(filter, options(a, ['filter']))
    case 'estimatedDocumentCount':
      return c.estimatedDocumentCount(options(a, []))
    case 'distinct':
      return c.distinct(String(a.fieldName), filter, options(a, ['fieldName', 'filter']))
    case 'updateOne':
      return c.updateOne(filter, update, options(a, ['filter', 'update']))
    case 'updateMany':
      return c.updateMany(filter, update, options(a, ['filter', 'update']))
    case 'replaceOne':
      return c.replaceOne(filter, a.replacement as Document, options(a, ['filter', 'replacement']))
    case 'deleteOne':
      return c.deleteOne(filter, options(a, ['filter']))
    case 'deleteMany':
      return c.deleteMany(filter, options(a, ['filter']))
    case 'findOneAndUpdate':
      return c.findOneAndUpdate(filter, update, options(a, ['filter', 'update']))
    case 'findOneAndReplace':
      return c.findOneAndReplace(filter, a.replacement as Document, options(a, ['filter', 'replacement']))
    case 'findOneAndDelete':
      return c.findOneAndDelete(filter, options(a, ['filter']))
    case 'bulkWrite':
      return c.bulkWrite(a.requests as never, options(a, ['requests']))
    case 'createIndex':
      return c.createIndex(a.keys as Document, options(a, ['keys']))
    default:
      throw new Unsupported(`collection.${name}`)
  }
}

async function runOperation(op: Doc, entities: Entities): Promise<unknown> {
  const name = String(op.name)
  const a = { ...((op.arguments ?? {}) as Doc) }
  if (typeof a.session === 'string') a.session = entities[a.session]
  if (op.object === 'testRunner') {
    if (name !== 'failPoint') throw new Unsupported(`testRunner.${name}`)
    return (entities[String(a.client)] as MongoClient).db('admin').command(a.failPoint as Document)
  }
  const target = entities[String(op.object)]
  if (target instanceof GridFSBucket) return onBucket(target, name, a)
  if (target instanceof Db) return onDatabase(target, name, a)
  if (target instanceof Collection) return onCollection(target, name, a)
  throw new Unsupported(`${String(op.object)}.${name}`)
}

async function createEntities(uri: string, spec: Doc, clients: MongoClient[]): Promise<Entities> {
  const entities: Entities = {}
  for (const entry of (spec.createEntities ?? []) as Doc[]) {
    const [kind, d] = Object.entries(entry)[0] as [string, Doc]
    const id = String(d.id)
    if (kind === 'client') {
      const client = await MongoClient.connect(uri, (d.uriOptions ?? {}) as Document)
      clients.push(client)
      entities[id] = client
    } else if (kind === 'database') {
      entities[id] = (entities[String(d.client)] as MongoClient).db(
        String(d.databaseName),
        d.databaseOptions as never,
      )
    } else if (kind === 'collection') {
      entities[id] = (entities[String(d.database)] as Db).collection(
        String(d.collectionName),
        d.collectionOptions as never,
      )
    } else if (kind === 'bucket') {
      entities[id] = new GridFSBucket(entities[String(d.database)] as Db, d.bucketOptions as never)
    } else if (kind === 'session') {
      entities[id] = (entities[String(d.client)] as MongoClient).startSession(d.sessionOptions as never)
    } else {
      throw new Unsupported(`entity ${kind}`)
    }
  }
  return entities
}

async function loadInitialData(client: MongoClient, data: unknown): Promise<void> {
  for (const d of (data ?? []) as Doc[]) {
    const db = client.db(String(d.databaseName))
    const name = String(d.collectionName)
    await db
      .collection(name)
      .drop()
      .catch(() => undefined)
    await db.createCollection(name, (d.createOptions ?? {}) as Document).catch(() => undefined)
    const docs = d.documents as Document[]
    if (docs.length) await db.collection(name).insertMany(docs)
  }
}

function checkError(expected: Doc, err: unknown): string | undefined {
  const e = err as { message?: string; code?: unknown; codeName?: unknown; errorResponse?: unknown }
  const fromServer = err instanceof MongoServerError || e.errorResponse !== undefined
  if (expected.isClientError === true && fromServer) return `expected a client error, got ${e.message}`
  if (expected.isClientError === false && !fromServer) return `expected a server error, got ${e.message}`
  const contains = expected.errorContains
  if (typeof contains === 'string' && !String(e.message).toLowerCase().includes(contains.toLowerCase())) {
    return `error "${e.message}" lacks "${contains}"`
  }
  if (expected.errorCode !== undefined && e.code !== expected.errorCode)
    return `code ${String(e.code)}: ${e.message}`
  if (expected.errorCodeName !== undefined && e.codeName !== expected.errorCodeName)
    return `codeName ${String(e.codeName)}`
  return undefined
}

/** Runs one test; returns undefined when it passes, else why it failed. */
async function runTest(uri: string, admin: MongoClient, spec: Doc, test: Doc): Promise<string | undefined> {
  const clients: MongoClient[] = []
  try {
    await loadInitialData(admin, spec.initialData)
    const entities = await createEntities(uri, spec, clients)
    for (const op of test.operations as Doc[]) {
      let result: unknown
      let error: unknown
      try {
        result = await runOperation(op, entities)
      } catch (err) {
        if (err instanceof Unsupported) throw err
        error = err
      }
      if (op.expectError) {
        if (error === undefined)
          return `${String(op.name)}: expected an error, got ${EJSON.stringify(result)}`
        const miss = checkError(op.expectError as Doc, error)
        if (miss) return `${String(op.name)}: ${miss}`
        continue
      }
      if (error !== undefined) {
        const e = error as { code?: unknown; message?: string }
        return `${String(op.name)}: ${String(e.code ?? '')} ${String(e.message)}`
      }
      if (typeof op.saveResultAsEntity === 'string') entities[op.saveResultAsEntity] = result
      if ('expectResult' in op) {
        const miss = match(op.expectResult, result, entities, true, 'result')
        if (miss) return `${String(op.name)}: ${miss}`
      }
    }
    for (const o of (test.outcome ?? []) as Doc[]) {
      const coll = admin.db(String(o.databaseName)).collection(String(o.collectionName))
      const docs = await coll.find({}, { sort: { _id: 1 } }).toArray()
      const miss = match(o.documents, docs, {}, false, `outcome ${String(o.collectionName)}`)
      if (miss) return miss
    }
    return undefined
  } finally {
    for (const c of clients) await c.close()
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const uriAt = args.indexOf('--uri')
  const checkout = args.find((a, i) => !a.startsWith('--') && (uriAt < 0 || i !== uriAt + 1))
  if (!checkout) throw new Error('usage: unified-runner.ts <specifications checkout> [--uri mongodb://…]')
  const server = uriAt >= 0 ? undefined : await startEmbeddedMongo({ log: false })
  const uri = uriAt >= 0 ? String(args[uriAt + 1]) : (server?.uri as string)
  const admin = await MongoClient.connect(uri)
  const counts = { pass: 0, fail: 0, skip: 0 }
  const report: string[] = []
  try {
    for (const suite of SUITES) {
      const dir = path.join(checkout, suite)
      for (const file of fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        const spec = EJSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'), { relaxed: true }) as Doc
        for (const test of spec.tests as Doc[]) {
          if (!runsHere(spec.runOnRequirements) || test.skipReason || !runsHere(test.runOnRequirements)) {
            counts.skip++
            continue
          }
          const label = `${file.replace(/\.json$/, '')} :: ${String(test.description)}`
          try {
            const miss = await runTest(uri, admin, spec, test)
            if (miss === undefined) counts.pass++
            else {
              counts.fail++
              report.push(`FAIL ${label} :: ${miss.slice(0, 300)}`)
            }
          } catch (err) {
            if (!(err instanceof Unsupported)) throw err
            counts.skip++
            report.push(`SKIP ${label} :: not implemented by this runner: ${err.message}`)
          }
        }
      }
    }
  } finally {
    await admin.close()
    await server?.stop()
  }
  process.stdout.write(
    `${report.join('\n')}\npassed ${counts.pass}, failed ${counts.fail}, skipped ${counts.skip}\n`,
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
