/**
 * Conformance: MongoDB 7.0 parses its commands strictly. A field that a command (or one of its
 * update or delete statements) does not define is refused with code 40415 (IDLUnknownField),
 * "BSON field '<command>.<field>' is an unknown field.", before anything is written; generic
 * arguments (session, read and write concern, comment, maxTimeMS, …) are accepted by every command.
 * `sort` in an update statement arrived in MongoDB 8.0, and `hint` in `distinct` in 7.1, so 7.0
 * refuses both that way. A `hint` that names no index of an existing collection is refused with
 * code 2 (BadValue), "hint provided does not correspond to an existing index".
 */
import { MongoServerError } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
  const c = conn.db.collection('strict')
  await c.insertMany([
    { _id: 1, v: 1 },
    { _id: 2, v: 2 },
  ] as never[])
  await c.createIndex({ v: 1 }, { name: 'by_v' })
})
afterAll(async () => {
  await conn.close()
})

const coll = () => conn.db.collection<{ _id: number; v: number }>('strict')
const unchanged = async () =>
  expect(
    await coll()
      .find({}, { sort: { _id: 1 } })
      .toArray(),
  ).toEqual([
    { _id: 1, v: 1 },
    { _id: 2, v: 2 },
  ])

async function unknownField(command: Record<string, unknown>, path: string): Promise<void> {
  const err = await rejection(conn.db.command(command))
  expect(err).toBeInstanceOf(MongoServerError)
  expect(err.code).toBe(40415)
  expect(err.codeName).toBe('IDLUnknownField')
  expect(err.message).toBe(`BSON field '${path}' is an unknown field.`)
}

describe('unknown fields', () => {
  it('should refuse an unknown field in find, aggregate, count and distinct', async () => {
    await unknownField({ find: 'strict', filter: {}, bogus: true }, 'find.bogus')
    await unknownField({ aggregate: 'strict', pipeline: [], cursor: {}, bogus: 1 }, 'aggregate.bogus')
    await unknownField({ count: 'strict', query: {}, bogus: 1 }, 'count.bogus')
    await unknownField({ distinct: 'strict', key: 'v', bogus: 1 }, 'distinct.bogus')
  })

  it('should refuse an unknown field in a write command and write nothing', async () => {
    await unknownField({ insert: 'strict', documents: [{ _id: 3 }], bogus: 1 }, 'insert.bogus')
    await unknownField(
      { update: 'strict', updates: [{ q: {}, u: { $set: { v: 0 } }, multi: true }], bogus: 1 },
      'update.bogus',
    )
    await unknownField({ delete: 'strict', deletes: [{ q: {}, limit: 0 }], bogus: 1 }, 'delete.bogus')
    await unknownField({ findAndModify: 'strict', query: {}, remove: true, bogus: 1 }, 'findAndModify.bogus')
    await unchanged()
  })

  it('should refuse an unknown field in any update or delete statement before running the others', async () => {
    await unknownField(
      {
        update: 'strict',
        updates: [
          { q: { _id: 1 }, u: { $set: { v: 10 } } },
          { q: { _id: 2 }, u: { $set: { v: 20 } }, bogus: true },
        ],
      },
      'update.updates.bogus',
    )
    await unknownField(
      { delete: 'strict', deletes: [{ q: { _id: 1 }, limit: 1, extra: 1 }] },
      'delete.deletes.extra',
    )
    await unchanged()
  })

  it('should refuse a statement or write command without its required fields (40414)', async () => {
    const missing = async (command: Record<string, unknown>, path: string) => {
      const err = await rejection(conn.db.command(command))
      expect(err.code).toBe(40414)
      expect(err.message).toBe(`BSON field '${path}' is missing but a required field`)
    }
    await missing({ update: 'strict', updates: [{ q: {} }] }, 'update.updates.u')
    await missing({ delete: 'strict', deletes: [{ q: {} }] }, 'delete.deletes.limit')
    await missing({ insert: 'strict' }, 'insert.documents')
    await unchanged()
  })

  it('should refuse hint in distinct (added in MongoDB 7.1)', async () => {
    await unknownField({ distinct: 'strict', key: 'v', hint: 'by_v' }, 'distinct.hint')
  })

  it('should accept the generic arguments and the options the driver sends', async () => {
    const opts = { comment: 'checked', maxTimeMS: 5000 }
    expect(
      await coll()
        .find({ v: 1 }, { ...opts, readConcern: { level: 'local' }, allowDiskUse: true })
        .toArray(),
    ).toHaveLength(1)
    expect(await coll().countDocuments({}, opts)).toBe(2)
    expect(await coll().estimatedDocumentCount(opts)).toBe(2)
    expect(await coll().distinct('v', {}, opts)).toEqual([1, 2])
    expect(
      await coll()
        .aggregate([{ $match: {} }], { ...opts, allowDiskUse: true, batchSize: 1 })
        .toArray(),
    ).toHaveLength(2)
    const w = { ...opts, writeConcern: { w: 1 }, bypassDocumentValidation: false }
    await coll().insertOne({ _id: 3, v: 3 }, w)
    await coll().updateOne({ _id: 3 }, { $set: { v: 3 } }, { ...w, upsert: false })
    await coll().findOneAndUpdate(
      { _id: 3 },
      { $set: { v: 3 } },
      { ...w, projection: { v: 1 }, sort: { _id: 1 } },
    )
    await coll().deleteOne({ _id: 3 }, w)
    const session = conn.client.startSession()
    try {
      expect(await coll().findOne({ _id: 1 }, { session })).toEqual({ _id: 1, v: 1 })
    } finally {
      await session.endSession()
    }
    await unchanged()
  })
})

describe('sort in update statements (MongoDB 8.0)', () => {
  it('should be refused by updateOne, replaceOne and bulkWrite', async () => {
    const check = (err: Record<string, unknown> & Error) => {
      expect(err.code).toBe(40415)
      expect(err.message).toContain("'update.updates.sort' is an unknown field")
    }
    check(await rejection(coll().updateOne({ _id: { $gt: 0 } }, { $inc: { v: 1 } }, { sort: { _id: -1 } })))
    check(await rejection(coll().replaceOne({ _id: { $gt: 0 } }, { v: 9 }, { sort: { _id: -1 } })))
    check(
      await rejection(
        coll().bulkWrite([{ updateOne: { filter: {}, update: { $inc: { v: 1 } }, sort: { v: 1 } } }]),
      ),
    )
    await unchanged()
  })
})

describe('hint', () => {
  const badHint = (err: Record<string, unknown> & Error) => {
    expect(err.code).toBe(2)
    expect(err.message).toContain('hint provided does not correspond to an existing index')
  }

  it('should accept a hint naming an index by name, by key pattern, or $natural', async () => {
    expect(await coll().find({ v: 2 }, { hint: 'by_v' }).toArray()).toEqual([{ _id: 2, v: 2 }])
    expect(
      await coll()
        .find({ v: 2 }, { hint: { v: 1 } })
        .toArray(),
    ).toEqual([{ _id: 2, v: 2 }])
    expect(
      await coll()
        .find({}, { hint: { $natural: 1 } })
        .toArray(),
    ).toHaveLength(2)
    expect(await coll().find({ _id: 1 }, { hint: '_id_' }).toArray()).toHaveLength(1)
    expect(await coll().countDocuments({ v: 1 }, { hint: 'by_v' })).toBe(1)
    expect((await coll().updateOne({ v: 1 }, { $set: { v: 1 } }, { hint: { v: 1 } })).matchedCount).toBe(1)
  })

  it('should refuse a hint naming no index in find, aggregate and count', async () => {
    badHint(await rejection(coll().find({ v: 1 }, { hint: 'no_such_index' }).toArray()))
    badHint(
      await rejection(
        coll()
          .find({ v: 1 }, { hint: { v: -1 } })
          .toArray(),
      ),
    )
    badHint(
      await rejection(
        coll()
          .aggregate([{ $match: { v: 1 } }], { hint: { w: 1 } })
          .toArray(),
      ),
    )
    badHint(await rejection(conn.db.command({ count: 'strict', query: {}, hint: 'missing' })))
  })

  it('should refuse a hint naming no index in update, delete and findAndModify, changing nothing', async () => {
    badHint(await rejection(coll().updateOne({ v: 1 }, { $set: { v: 5 } }, { hint: 'missing' })))
    badHint(await rejection(coll().updateMany({}, { $set: { v: 5 } }, { hint: { missing: 1 } })))
    badHint(await rejection(coll().replaceOne({ v: 1 }, { v: 5 }, { hint: 'missing' })))
    badHint(await rejection(coll().deleteOne({ v: 1 }, { hint: 'missing' })))
    badHint(await rejection(coll().deleteMany({}, { hint: { missing: 1 } })))
    badHint(await rejection(coll().findOneAndUpdate({ v: 1 }, { $set: { v: 5 } }, { hint: { missing: 1 } })))
    badHint(await rejection(coll().findOneAndDelete({ v: 1 }, { hint: { missing: -1 } })))
    await unchanged()
  })

  it('should read only the documents a hinted sparse index holds', async () => {
    // The manual's "Sparse Indexes" page: a hinted sparse index gives the documents it indexes only.
    const c = conn.db.collection<{ _id: number; code?: string }>('strict_sparse')
    await c.insertMany([{ _id: 1, code: 'a' }, { _id: 2 }, { _id: 3, code: 'c' }])
    await c.createIndex({ code: 1 }, { sparse: true, name: 'code_sparse' })
    expect(await c.countDocuments({})).toBe(3)
    expect((await c.find({}, { hint: 'code_sparse', sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual(
      [1, 3],
    )
    expect(await c.countDocuments({}, { hint: 'code_sparse' })).toBe(2)
    expect((await c.find({ code: { $exists: false } }, { hint: { code: 1 } }).toArray()).length).toBe(0)
    expect((await c.deleteMany({}, { hint: 'code_sparse' })).deletedCount).toBe(2)
    expect(await c.find({}).toArray()).toEqual([{ _id: 2 }])
  })

  it('should check the hint of an upsert on a collection that does not exist yet', async () => {
    // An upsert creates its collection before planning, so only the _id index can be hinted.
    const c = conn.db.collection<{ _id: number; v?: number }>('strict_upsert_hint')
    badHint(await rejection(c.updateOne({ _id: 1 }, { $set: { v: 1 } }, { upsert: true, hint: 'v_1' })))
    badHint(
      await rejection(c.findOneAndUpdate({ _id: 1 }, { $set: { v: 1 } }, { upsert: true, hint: { v: 1 } })),
    )
    expect(await c.countDocuments()).toBe(0)
    const r = await conn.db
      .collection<{ _id: number; v?: number }>('strict_upsert_hint2')
      .updateOne({ _id: 1 }, { $set: { v: 1 } }, { upsert: true, hint: '_id_' })
    expect(r.upsertedCount).toBe(1)
  })

  it('should not check a hint on a collection that does not exist', async () => {
    const none = conn.db.collection('strict_missing')
    expect(await none.find({}, { hint: 'anything' }).toArray()).toEqual([])
    expect((await none.deleteOne({}, { hint: 'anything' })).deletedCount).toBe(0)
  })
})
