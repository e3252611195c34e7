/** TTL indexes: the monitor deletes documents whose date is older than expireAfterSeconds. */
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { startEmbeddedMongo } from '../../src/index'

describe('TTL indexes', () => {
  it('should delete expired documents and keep the others', async () => {
    const server = await startEmbeddedMongo({ log: false, ttlMonitorIntervalMs: 50 })
    const client = await MongoClient.connect(server.uri)
    try {
      const c = client.db('ttl').collection('sessions')
      await c.createIndex({ at: 1 }, { expireAfterSeconds: 60 })
      const now = Date.now()
      await c.insertMany([
        { name: 'old', at: new Date(now - 120_000) },
        { name: 'fresh', at: new Date(now) },
        { name: 'no-date', at: 'not a date' },
        { name: 'old-array', at: [new Date(now - 90_000), new Date(now + 600_000)] },
      ])
      const deadline = Date.now() + 5000
      while ((await c.countDocuments()) > 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect((await c.find({}, { sort: { name: 1 } }).toArray()).map((d) => d.name)).toEqual([
        'fresh',
        'no-date',
      ])
    } finally {
      await client.close()
      await server.stop()
    }
  })
})
