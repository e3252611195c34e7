/** Features the engine does not implement answer with a MongoDB error naming them, never a wrong result. */
import { MongoClient, type Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/index'

let server: EmbeddedMongo
let client: MongoClient
let db: Db

beforeAll(async () => {
  server = await startEmbeddedMongo({ log: false })
  client = await MongoClient.connect(server.uri)
  db = client.db('unsupported')
  await db.collection('c').insertOne({ a: 'hello world', loc: [0, 0] })
})
afterAll(async () => {
  await client.close()
  await server.stop()
})

async function notImplemented(p: Promise<unknown>, feature: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code: 238 })
  await p.catch((err: Error) => expect(err.message).toContain(feature))
}

describe('unsupported features', () => {
  it('should name unsupported query operators', async () => {
    await notImplemented(
      db
        .collection('c')
        .find({ $text: { $search: 'hello' } })
        .toArray(),
      '$text',
    )
    await notImplemented(db.collection('c').find({ $where: 'this.a' }).toArray(), '$where')
    await notImplemented(db.collection('c').countDocuments({ loc: { $near: [0, 0] } }), '$near')
  })

  it('should name unsupported stages, index types and options', async () => {
    await notImplemented(
      db
        .collection('c')
        .aggregate([{ $out: 'x' }])
        .toArray(),
      '$out',
    )
    await notImplemented(
      db
        .collection('c')
        .aggregate([{ $merge: { into: 'x' } }])
        .toArray(),
      '$merge',
    )
    await notImplemented(db.collection('c').createIndex({ a: 'text' }), "'text' indexes")
    await notImplemented(db.collection('c').createIndex({ loc: '2dsphere' }), "'2dsphere' indexes")
    await notImplemented(
      db
        .collection('c')
        .find({}, { collation: { locale: 'fr' } })
        .toArray(),
      'collation',
    )
    await notImplemented(db.createCollection('capped', { capped: true, size: 1000 }), 'capped')
    await notImplemented(db.createCollection('valid', { validator: { a: { $exists: true } } }), 'validator')
    await notImplemented(db.createCollection('ts', { timeseries: { timeField: 't' } }), 'time series')
    await notImplemented(db.collection('c').find({}).explain(), 'explain')
  })

  it('should refuse credentials', async () => {
    const withAuth = new MongoClient(server.uri.replace('mongodb://', 'mongodb://user:pw@'), {
      serverSelectionTimeoutMS: 2000,
    })
    await expect(withAuth.connect()).rejects.toThrow(/authentication is not supported/)
    await withAuth.close()
  })
})
