import mongoose, { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@cunwu/embedded-mongo/testing'
import type { TestDatabase } from '@cunwu/embedded-mongo/testing'
import { createModels, syncIndexes } from './index'

describe('syncIndexes on a database from an earlier version', () => {
  let testDb: TestDatabase
  let conn: mongoose.Connection

  beforeAll(async () => {
    testDb = await createTestDatabase()
    conn = await mongoose.createConnection(testDb.uri, { dbName: testDb.dbName }).asPromise()
  })
  afterAll(async () => {
    await testDb.drop()
    await conn.close()
  })

  it('should drop the retired subscription indexes and key the old subscriptions as active', async () => {
    const subscriptions = conn.db?.collection('subscriptions')
    if (!subscriptions) throw new Error('no database')
    // What the earlier version left: its unique index, and subscriptions without lifetimes.
    await subscriptions.createIndex(
      { userId: 1, villageCode: 1, kind: 1, targetId: 1 },
      { unique: true, name: 'userId_1_villageCode_1_kind_1_targetId_1' },
    )
    const userId = new Types.ObjectId()
    const old = {
      userId,
      villageCode: '360999001001',
      kind: 'category' as const,
      targetId: 'social-assistance',
    }
    await subscriptions.insertOne({ ...old, createdAt: new Date('2026-01-01') })

    const models = createModels(conn)
    await syncIndexes(models)
    const names = (await subscriptions.indexes()).map((i) => i.name)
    expect(names).not.toContain('userId_1_villageCode_1_kind_1_targetId_1')
    expect(await models.Subscription.findOne({ userId }).lean()).toMatchObject({
      endedAt: null,
      activeKey: `${userId.toHexString()}|360999001001|category|social-assistance`,
    })
    // Ending it and following again now works (the old unique index would refuse the second lifetime).
    await models.Subscription.updateOne({ userId }, { $set: { endedAt: new Date(), activeKey: null } })
    await models.Subscription.create({ ...old, createdAt: new Date(), endedAt: null, activeKey: 'again' })
    expect(await models.Subscription.countDocuments({ userId })).toBe(2)
    // Running it again changes nothing.
    await syncIndexes(models)
    expect(await models.Subscription.countDocuments({ userId, endedAt: null })).toBe(1)
  })
})
