import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@cunwu/embedded-mongo/testing'
import type { TestDatabase } from '@cunwu/embedded-mongo/testing'
import { insertIgnoringDuplicates } from './db-writes'

describe('insertIgnoringDuplicates', () => {
  let testDb: TestDatabase
  let conn: mongoose.Connection

  beforeAll(async () => {
    testDb = await createTestDatabase()
    conn = await mongoose.createConnection(testDb.uri, { dbName: testDb.dbName }).asPromise()
  })
  afterAll(async () => {
    await conn.close()
    await testDb.drop()
  })

  it('should count every new document when chunks are written side by side, and none on a repeat', async () => {
    const collection = conn.db?.collection('writes')
    if (!collection) throw new Error('no database')
    await collection.createIndex({ key: 1 }, { unique: true })
    // 5,000 documents: three chunks (2,000, 2,000, 1,000) in flight at once.
    const docs = () => Array.from({ length: 5000 }, (_, i) => ({ key: i }))
    expect(await insertIgnoringDuplicates(collection, docs())).toBe(5000)
    expect(await collection.countDocuments()).toBe(5000)
    expect(await insertIgnoringDuplicates(collection, docs())).toBe(0)
  })
})
