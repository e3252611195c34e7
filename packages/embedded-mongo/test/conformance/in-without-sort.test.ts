import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../src/testing'

describe('find with $in on _id and no sort', () => {
  let client: MongoClient
  let drop: () => Promise<void>
  let dbName = ''
  beforeAll(async () => {
    const db = await createTestDatabase()
    drop = db.drop
    dbName = db.dbName
    client = await MongoClient.connect(db.uri)
  })
  afterAll(async () => {
    await drop()
    await client.close()
  })

  it('should return every listed document, with and without a projection', async () => {
    const col = client.db(dbName).collection<{ _id: string; name: string }>('regions')
    await col.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `r${i}`, name: `n${i}` })))
    const plain = await col.find({ _id: { $in: ['r1', 'r2', 'missing'] } }).toArray()
    expect(plain.map((d) => d._id).sort()).toEqual(['r1', 'r2'])
    const projected = await col.find({ _id: { $in: ['r3', 'r4'] } }, { projection: { name: 1 } }).toArray()
    expect(projected).toEqual(
      expect.arrayContaining([
        { _id: 'r3', name: 'n3' },
        { _id: 'r4', name: 'n4' },
      ]),
    )
    expect(projected).toHaveLength(2)
  })
})
