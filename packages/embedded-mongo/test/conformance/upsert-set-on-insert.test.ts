/**
 * Conformance: `_id` in `$setOnInsert`. The manual's "$setOnInsert" page: when an update with `upsert: true`
 * inserts a document, `$setOnInsert` assigns the specified values; when it updates an existing document it does
 * nothing. So `_id` may be given there: it becomes the new document's `_id` on an insert and is ignored on an
 * update, never "would modify the immutable field '_id'".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

type Item = { _id: string; key: string; n?: number; seen?: number }

describe('_id in $setOnInsert', () => {
  it('should give the inserted document that _id when the upsert inserts (updateOne)', async () => {
    const c = conn.db.collection<Item>('soi_insert')
    const r = await c.updateOne(
      { key: 'a' },
      { $setOnInsert: { _id: 'chosen-a', n: 1 }, $inc: { seen: 1 } },
      { upsert: true },
    )
    expect([r.matchedCount, r.upsertedCount, r.upsertedId]).toEqual([0, 1, 'chosen-a'])
    expect(await c.find({}).toArray()).toEqual([{ _id: 'chosen-a', key: 'a', n: 1, seen: 1 }])
  })

  it('should ignore it when the upsert finds a document (updateOne)', async () => {
    const c = conn.db.collection<Item>('soi_update')
    await c.insertOne({ _id: 'first', key: 'b', seen: 1 })
    const r = await c.updateOne(
      { key: 'b' },
      { $setOnInsert: { _id: 'other', n: 1 }, $inc: { seen: 1 } },
      { upsert: true },
    )
    expect([r.matchedCount, r.modifiedCount, r.upsertedCount]).toEqual([1, 1, 0])
    expect(await c.find({}).toArray()).toEqual([{ _id: 'first', key: 'b', seen: 2 }])
  })

  it('should do the same through findOneAndUpdate', async () => {
    const c = conn.db.collection<Item>('soi_find_and_modify')
    const inserted = await c.findOneAndUpdate(
      { key: 'c' },
      { $setOnInsert: { _id: 'chosen-c' } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(inserted).toEqual({ _id: 'chosen-c', key: 'c' })
    const again = await c.findOneAndUpdate(
      { key: 'c' },
      { $setOnInsert: { _id: 'ignored' }, $set: { n: 2 } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(again).toEqual({ _id: 'chosen-c', key: 'c', n: 2 })
  })
})
