/** Conformance: CRUD through the plain MongoDB driver, as documented in the MongoDB manual. */
import { Decimal128, Double, Int32, Long, ObjectId, UUID } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

describe('insert', () => {
  it('should generate an ObjectId _id and store it first', async () => {
    const c = conn.db.collection('ins')
    const r = await c.insertOne({ a: 1 })
    expect(r.insertedId).toBeInstanceOf(ObjectId)
    const doc = await c.findOne({ _id: r.insertedId })
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'a'])
  })

  it('should move a given _id to the front', async () => {
    const c = conn.db.collection('ins_order')
    await c.insertOne({ a: 1, _id: 'x' } as never)
    expect(Object.keys((await c.findOne({ _id: 'x' } as never)) ?? {})).toEqual(['_id', 'a'])
  })

  it('should insert many and report ids', async () => {
    const c = conn.db.collection('ins_many')
    const r = await c.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }])
    expect(r.insertedCount).toBe(3)
    expect(await c.countDocuments()).toBe(3)
  })

  it('should refuse an array _id with code 53', async () => {
    const err = await rejection(conn.db.collection('ins_bad').insertOne({ _id: [1, 2] } as never))
    expect(err.code).toBe(53)
  })

  it("should refuse '$'-prefixed fields inside _id with code 52", async () => {
    const err = await rejection(conn.db.collection('ins_bad').insertOne({ _id: { $x: 1 } } as never))
    expect(err.code).toBe(52)
  })

  it('should accept $-prefixed field names outside _id (MongoDB 5.0+)', async () => {
    const c = conn.db.collection('ins_dollar')
    await c.insertOne({ _id: 1, $price: 5, nested: { $inc: true } } as never)
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, $price: 5, nested: { $inc: true } })
  })

  it('should refuse invalid collection names with code 73', async () => {
    expect((await rejection(conn.db.collection('a$b').insertOne({ x: 1 }))).code).toBe(73)
    expect((await rejection(conn.db.createCollection('bad$name'))).code).toBe(73)
  })
})

describe('find', () => {
  const people = [
    { _id: 1, name: 'ann', age: 31, tags: ['a', 'b'], addr: { city: 'x' } },
    { _id: 2, name: 'bob', age: 25, tags: ['b'], addr: { city: 'y' } },
    { _id: 3, name: 'cid', age: 40, tags: [], addr: { city: 'x' } },
    { _id: 4, name: 'dan', tags: ['c'], scores: [{ s: 5 }, { s: 9 }] },
  ]
  beforeAll(async () => {
    await conn.db.collection('people').insertMany(people as never[])
  })
  const ids = async (filter: object, opts: object = {}): Promise<unknown[]> =>
    (await conn.db.collection('people').find(filter, opts).toArray()).map((d) => d._id)

  it('should match comparison, logical and element operators', async () => {
    expect(await ids({ age: { $gt: 30 } }, { sort: { _id: 1 } })).toEqual([1, 3])
    expect(await ids({ age: { $in: [25, 40] } }, { sort: { _id: 1 } })).toEqual([2, 3])
    expect(await ids({ age: { $exists: false } })).toEqual([4])
    expect(await ids({ $or: [{ name: 'ann' }, { age: 25 }] }, { sort: { _id: 1 } })).toEqual([1, 2])
    expect(await ids({ name: { $regex: '^c' } })).toEqual([3])
    expect(await ids({ age: { $ne: 25 } }, { sort: { _id: 1 } })).toEqual([1, 3, 4])
  })

  it('should match array elements, $all, $size and $elemMatch', async () => {
    expect(await ids({ tags: 'b' }, { sort: { _id: 1 } })).toEqual([1, 2])
    expect(await ids({ tags: { $all: ['a', 'b'] } })).toEqual([1])
    expect(await ids({ tags: { $size: 0 } })).toEqual([3])
    expect(await ids({ scores: { $elemMatch: { s: { $gt: 8 } } } })).toEqual([4])
    expect(await ids({ 'scores.s': 5 })).toEqual([4])
    expect(await ids({ 'addr.city': 'x' }, { sort: { _id: -1 } })).toEqual([3, 1])
  })

  it('should sort, skip, limit and project', async () => {
    expect(await ids({}, { sort: { age: -1 } })).toEqual([3, 1, 2, 4])
    expect(await ids({}, { sort: { age: 1 }, skip: 1, limit: 2 })).toEqual([2, 1])
    const docs = await conn.db
      .collection('people')
      .find({ _id: 1 } as never, { projection: { name: 1, _id: 0 } })
      .toArray()
    expect(docs).toEqual([{ name: 'ann' }])
    const excl = await conn.db
      .collection('people')
      .findOne({ _id: 2 } as never, { projection: { tags: 0, addr: 0 } })
    expect(excl).toEqual({ _id: 2, name: 'bob', age: 25 })
    const sliced = await conn.db
      .collection('people')
      .findOne({ _id: 1 } as never, { projection: { tags: { $slice: 1 } } })
    expect(sliced?.tags).toEqual(['a'])
  })

  it('should keep stored field order and exact types in projected documents', async () => {
    const c = conn.db.collection('proj_order')
    await c.insertOne({ _id: 1, a: new Int32(1), b: 'x', c: Long.fromNumber(3), d: new Double(4) } as never)
    const opts = { promoteValues: false, projection: {} }
    const inc = await c.findOne({}, { ...opts, projection: { d: 1, a: 1 } })
    expect(Object.keys(inc ?? {})).toEqual(['_id', 'a', 'd'])
    expect(inc?.a).toBeInstanceOf(Int32)
    expect(inc?.d).toBeInstanceOf(Double)
    const exc = await c.findOne({}, { ...opts, projection: { b: 0, _id: 0 } })
    expect(Object.keys(exc ?? {})).toEqual(['a', 'c', 'd'])
    expect(exc?.c).toBeInstanceOf(Long)
    const onlyId = await c.find({}, { projection: { _id: 1 } }).toArray()
    expect(onlyId).toEqual([{ _id: 1 }])
  })

  it('should sort across BSON types in MongoDB order', async () => {
    const c = conn.db.collection('mixed')
    const oid = new ObjectId()
    const date = new Date(0)
    await c.insertMany([
      { _id: 'date', v: date },
      { _id: 'bool', v: true },
      { _id: 'oid', v: oid },
      { _id: 'obj', v: { a: 1 } },
      { _id: 'str', v: 'abc' },
      { _id: 'num', v: 5 },
      { _id: 'null', v: null },
    ] as never[])
    const order = (await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id)
    expect(order).toEqual(['null', 'num', 'str', 'obj', 'oid', 'bool', 'date'])
  })

  it('should find nothing in a missing collection', async () => {
    expect(await conn.db.collection('nope').find({}).toArray()).toEqual([])
  })
})

describe('BSON numeric types', () => {
  it('should keep int, double, long and decimal as their BSON types', async () => {
    const c = conn.db.collection('nums')
    await c.insertOne({
      _id: 1,
      i: new Int32(1),
      d: new Double(1),
      l: Long.fromNumber(5),
      m: Decimal128.fromString('1.50'),
    } as never)
    const doc = await c.findOne({ _id: 1 } as never, { promoteValues: false })
    expect(doc?.i).toBeInstanceOf(Int32)
    expect(doc?.d).toBeInstanceOf(Double)
    expect(doc?.l).toBeInstanceOf(Long)
    expect(doc?.m).toBeInstanceOf(Decimal128)
    expect(String(doc?.m)).toBe('1.50')
  })

  it('should match $type by BSON type', async () => {
    const c = conn.db.collection('nums')
    expect(await c.countDocuments({ i: { $type: 'int' } })).toBe(1)
    expect(await c.countDocuments({ d: { $type: 'double' } })).toBe(1)
    expect(await c.countDocuments({ d: { $type: 'int' } })).toBe(0)
    expect(await c.countDocuments({ l: { $type: 'long' } })).toBe(1)
    expect(await c.countDocuments({ m: { $type: 'decimal' } })).toBe(1)
    expect(await c.countDocuments({ m: { $type: 'number' } })).toBe(1)
    expect(await c.countDocuments({ _id: { $type: 16 } })).toBe(1)
  })

  it('should compare numbers across types by value', async () => {
    const c = conn.db.collection('nums')
    expect(await c.countDocuments({ m: 1.5 })).toBe(1)
    expect(await c.countDocuments({ l: { $gt: 4, $lt: 6 } })).toBe(1)
    expect(await c.countDocuments({ d: 1 })).toBe(1)
  })

  it('should keep a Long a Long through $inc and a double a double', async () => {
    const c = conn.db.collection('nums')
    await c.updateOne({ _id: 1 } as never, { $inc: { l: 1, d: 2 } })
    const doc = await c.findOne({ _id: 1 } as never, { promoteValues: false })
    expect(doc?.l).toBeInstanceOf(Long)
    expect(Number(doc?.l)).toBe(6)
    expect(doc?.d).toBeInstanceOf(Double)
    expect(Number(doc?.d)).toBe(3)
    expect(doc?.i).toBeInstanceOf(Int32)
  })

  it('should keep the types of fields an update does not touch', async () => {
    const c = conn.db.collection('nums_keep')
    await c.insertOne({ _id: 1, a: 1, d: new Double(2), l: Long.fromNumber(3) } as never)
    expect((await c.updateOne({ _id: 1 } as never, { $set: { a: 1 } })).modifiedCount).toBe(0)
    expect((await c.updateOne({ _id: 1 } as never, { $set: { a: 5, x: new Double(4) } })).modifiedCount).toBe(
      1,
    )
    const doc = await c.findOne({ _id: 1 } as never, { promoteValues: false })
    expect(doc?.d).toBeInstanceOf(Double)
    expect(doc?.l).toBeInstanceOf(Long)
    expect(doc?.x).toBeInstanceOf(Double)
    expect(doc?.a).toBeInstanceOf(Int32)
  })

  it('should match $type objectId, date, string, bool, null and array', async () => {
    const c = conn.db.collection('types')
    await c.insertOne({ o: new ObjectId(), dt: new Date(), s: 's', b: false, n: null, a: [1] })
    for (const [field, type] of [
      ['o', 'objectId'],
      ['dt', 'date'],
      ['s', 'string'],
      ['b', 'bool'],
      ['n', 'null'],
      ['a', 'array'],
      ['_id', 7],
    ] as const) {
      expect(await c.countDocuments({ [field]: { $type: type } })).toBe(1)
    }
  })
})

describe('update', () => {
  it('should apply the update operators', async () => {
    const c = conn.db.collection('upd')
    await c.insertOne({ _id: 1, n: 1, arr: [1, 2, 3], s: 'a', old: 1, lo: 5, hi: 5 } as never)
    const r = await c.updateOne(
      { _id: 1 } as never,
      {
        $inc: { n: 2 },
        $push: { arr: 4 },
        $set: { 'sub.x': true },
        $unset: { s: '' },
        $rename: { old: 'renamed' },
        $min: { lo: 1 },
        $max: { hi: 9 },
        $mul: { m: 3 },
        $currentDate: { at: true },
      } as never,
    )
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 })
    const doc = await c.findOne({ _id: 1 } as never)
    expect(doc).toMatchObject({ n: 3, arr: [1, 2, 3, 4], sub: { x: true }, renamed: 1, lo: 1, hi: 9, m: 0 })
    expect(doc?.s).toBeUndefined()
    expect(doc?.at).toBeInstanceOf(Date)
    await c.updateOne({ _id: 1 } as never, { $addToSet: { arr: { $each: [4, 5] } } } as never)
    await c.updateOne({ _id: 1 } as never, { $pull: { arr: 1 } } as never)
    expect((await c.findOne({ _id: 1 } as never))?.arr).toEqual([2, 3, 4, 5])
    const conflict = await rejection(
      c.updateOne({ _id: 1 } as never, { $addToSet: { arr: 6 }, $pull: { arr: 2 } } as never),
    )
    expect(conflict.code).toBe(40)
  })

  it('should count modified documents only when they change', async () => {
    const c = conn.db.collection('upd_same')
    await c.insertMany([
      { g: 1, v: 1 },
      { g: 1, v: 2 },
      { g: 2, v: 1 },
    ])
    const r = await c.updateMany({ g: 1 }, { $set: { v: 1 } })
    expect(r).toMatchObject({ matchedCount: 2, modifiedCount: 1 })
  })

  it('should update with the positional operator and arrayFilters', async () => {
    const c = conn.db.collection('upd_pos')
    await c.insertOne({ _id: 1, grades: [80, 95, 100], items: [{ q: 1 }, { q: 5 }] } as never)
    await c.updateOne({ _id: 1, grades: 95 } as never, { $set: { 'grades.$': 96 } })
    await c.updateOne(
      { _id: 1 } as never,
      { $inc: { 'items.$[it].q': 10 } },
      { arrayFilters: [{ 'it.q': { $gt: 2 } }] },
    )
    expect(await c.findOne({ _id: 1 } as never)).toEqual({
      _id: 1,
      grades: [80, 96, 100],
      items: [{ q: 1 }, { q: 15 }],
    })
  })

  it('should replace a document and keep its _id', async () => {
    const c = conn.db.collection('upd_repl')
    const { insertedId } = await c.insertOne({ a: 1, b: 2 })
    await c.replaceOne({ _id: insertedId }, { c: 3 })
    expect(await c.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 })
  })

  it('should upsert a document built from the equality fields of the filter', async () => {
    const c = conn.db.collection('upd_upsert')
    const r = await c.updateOne(
      { name: 'x', 'meta.kind': 'k', age: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    )
    expect(r.upsertedCount).toBe(1)
    const doc = await c.findOne({ _id: r.upsertedId } as never)
    expect(doc).toEqual({ _id: r.upsertedId, name: 'x', meta: { kind: 'k' }, v: 1, created: true })
    const again = await c.updateOne(
      { name: 'x' },
      { $set: { v: 2 }, $setOnInsert: { created: false } },
      { upsert: true },
    )
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 })
    expect((await c.findOne({ name: 'x' }))?.created).toBe(true)
  })

  it('should take an upserted _id from the filter', async () => {
    const c = conn.db.collection('upd_upsert_id')
    const r = await c.updateOne({ _id: 'fixed' } as never, { $set: { v: 1 } }, { upsert: true })
    expect(r.upsertedId).toBe('fixed')
    const rr = await c.replaceOne({ _id: 'other' } as never, { v: 2 }, { upsert: true })
    expect(rr.upsertedId).toBe('other')
    expect(await c.findOne({ _id: 'other' } as never)).toEqual({ _id: 'other', v: 2 })
  })

  it("should raise MongoDB's errors for invalid updates", async () => {
    const c = conn.db.collection('upd_err')
    await c.insertOne({ _id: 1, s: 'text', n: 1, arr: [] } as never)
    const id = { _id: 1 } as never
    expect((await rejection(c.updateOne(id, { $inc: { s: 1 } }))).code).toBe(14)
    expect((await rejection(c.updateOne(id, { $push: { s: 1 } } as never))).code).toBe(2)
    expect((await rejection(c.updateOne(id, { $set: { 'n.x': 1 } }))).code).toBe(28)
    expect((await rejection(c.updateOne(id, { $set: { n: 1 }, $inc: { n: 1 } }))).code).toBe(40)
    expect((await rejection(c.updateOne(id, { $set: { _id: 2 } } as never))).code).toBe(66)
    expect((await rejection(c.updateOne(id, { $foo: { n: 1 } } as never))).code).toBe(9)
    expect((await rejection(c.updateOne(id, { $inc: { n: 'x' } } as never))).code).toBe(14)
    expect(await c.findOne(id)).toEqual({ _id: 1, s: 'text', n: 1, arr: [] })
  })

  it('should support pipeline-style updates', async () => {
    const c = conn.db.collection('upd_pipe')
    await c.insertOne({ _id: 1, a: 2, b: 3 } as never)
    await c.updateOne({ _id: 1 } as never, [{ $set: { sum: { $add: ['$a', '$b'] } } }])
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, a: 2, b: 3, sum: 5 })
  })
})

describe('delete', () => {
  it('should delete one or many', async () => {
    const c = conn.db.collection('del')
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 3 }])
    expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1)
    expect((await c.deleteMany({ k: { $gte: 1 } })).deletedCount).toBe(3)
    expect(await c.countDocuments()).toBe(0)
  })
})

describe('findAndModify', () => {
  it('should return the document before or after the update', async () => {
    const c = conn.db.collection('fam')
    await c.insertMany([
      { k: 'a', n: 1 },
      { k: 'a', n: 2 },
    ])
    const before = await c.findOneAndUpdate({ k: 'a' }, { $inc: { n: 10 } }, { sort: { n: -1 } })
    expect(before?.n).toBe(2)
    const after = await c.findOneAndUpdate(
      { k: 'a', n: 1 },
      { $inc: { n: 10 } },
      { returnDocument: 'after', projection: { _id: 0, n: 1 } },
    )
    expect(after).toEqual({ n: 11 })
  })

  it('should upsert and report it', async () => {
    const c = conn.db.collection('fam_upsert')
    const res = await c.findOneAndUpdate(
      { k: 'new' },
      { $set: { n: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    )
    expect(res.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false })
    expect(res.value).toMatchObject({ k: 'new', n: 1 })
    const none = await c.findOneAndUpdate({ k: 'missing' }, { $set: { n: 1 } })
    expect(none).toBeNull()
  })

  it('should delete and replace', async () => {
    const c = conn.db.collection('fam_del')
    await c.insertMany([{ k: 1 }, { k: 2 }])
    expect((await c.findOneAndDelete({ k: 1 }))?.k).toBe(1)
    expect(await c.countDocuments()).toBe(1)
    const replaced = await c.findOneAndReplace({ k: 2 }, { k: 3 }, { returnDocument: 'after' })
    expect(replaced?.k).toBe(3)
  })
})

describe('count, distinct and bulkWrite', () => {
  it('should count documents and estimate the collection size', async () => {
    const c = conn.db.collection('cnt')
    await c.insertMany(Array.from({ length: 25 }, (_, i) => ({ i, even: i % 2 === 0 })))
    expect(await c.countDocuments({ even: true })).toBe(13)
    expect(await c.countDocuments({}, { skip: 5, limit: 10 })).toBe(10)
    expect(await c.estimatedDocumentCount()).toBe(25)
    expect(await conn.db.collection('cnt_missing').countDocuments()).toBe(0)
  })

  it('should return distinct values with arrays unwound', async () => {
    const c = conn.db.collection('dist')
    await c.insertMany([{ t: ['a', 'b'], g: 1 }, { t: 'b', g: 1 }, { t: 'c', g: 2 }, { g: 1 }])
    expect((await c.distinct('t')).sort()).toEqual(['a', 'b', 'c'])
    expect((await c.distinct('t', { g: 1 })).sort()).toEqual(['a', 'b'])
  })

  it('should run a bulk write of mixed operations', async () => {
    const c = conn.db.collection('bulk')
    const r = await c.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } } },
      { insertOne: { document: { _id: 2, v: 2 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { v: 10 } } } },
      { updateMany: { filter: {}, update: { $inc: { v: 1 } } } },
      { replaceOne: { filter: { _id: 3 }, replacement: { v: 3 }, upsert: true } },
      { deleteOne: { filter: { _id: 2 } } },
    ] as never)
    expect(r.insertedCount).toBe(2)
    expect(r.matchedCount).toBe(3)
    expect(r.modifiedCount).toBe(3)
    expect(r.upsertedCount).toBe(1)
    expect(r.deletedCount).toBe(1)
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, v: 11 },
      { _id: 3, v: 3 },
    ])
  })
})

describe('sessions and transactions', () => {
  it('should run operations in an explicit session', async () => {
    const session = conn.client.startSession()
    try {
      const c = conn.db.collection('sess')
      await c.insertOne({ a: 1 }, { session })
      expect(await c.countDocuments({}, { session })).toBe(1)
    } finally {
      await session.endSession()
    }
  })

  it('should refuse multi-document transactions on a standalone server with code 20', async (ctx) => {
    const hello = await conn.db.admin().command({ hello: 1 })
    if (hello.setName || hello.msg === 'isdbgrid') ctx.skip()
    const session = conn.client.startSession()
    try {
      // The driver reports mongod's code 20 as "does not support retryable writes", keeping the original.
      const viaDriver = await rejection(
        session.withTransaction(async () => {
          await conn.db.collection('txn').insertOne({ a: 1 }, { session })
        }),
      )
      const original = (viaDriver.errorResponse as { originalError?: { code?: number } } | undefined)
        ?.originalError
      expect(original?.code).toBe(20)
      const raw = await rejection(
        conn.db.command({
          insert: 'txn',
          documents: [{ a: 1 }],
          lsid: { id: new UUID() },
          txnNumber: Long.fromNumber(1),
          startTransaction: true,
          autocommit: false,
        }),
      )
      expect(raw.code).toBe(20)
      expect(raw.message).toBe('Transaction numbers are only allowed on a replica set member or mongos')
      expect(await conn.db.collection('txn').countDocuments()).toBe(0)
    } finally {
      await session.endSession()
    }
  })
})

describe('admin commands', () => {
  it('should answer ping, buildInfo, listDatabases and listCollections', async () => {
    const admin = conn.db.admin()
    expect((await admin.ping()).ok).toBe(1)
    expect(typeof (await admin.buildInfo()).version).toBe('string')
    await conn.db.collection('listed').insertOne({ a: 1 })
    const dbs = await admin.listDatabases()
    expect(dbs.databases.map((d) => d.name)).toContain(conn.test.dbName)
    const names = (await conn.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
    expect(names).toContain('listed')
    const one = await conn.db.listCollections({ name: 'listed' }).toArray()
    expect(one).toHaveLength(1)
  })

  it('should create and drop collections', async () => {
    await conn.db.createCollection('made')
    expect((await rejection(conn.db.createCollection('made'))).code).toBe(48)
    expect(await conn.db.collection('made').drop()).toBe(true)
    const names = (await conn.db.listCollections().toArray()).map((c) => c.name)
    expect(names).not.toContain('made')
  })

  it('should answer unknown commands with code 59', async () => {
    const err = await rejection(conn.db.command({ noSuchCommandHere: 1 }))
    expect(err.code).toBe(59)
  })
})
