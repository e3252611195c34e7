/** Conformance: index management and constraints through the plain driver. */
import { MongoBulkWriteError, MongoServerError } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

describe('createIndexes / listIndexes / dropIndexes', () => {
  it('should create, list and drop indexes', async () => {
    const c = conn.db.collection('ix_manage')
    expect(await c.createIndex({ a: 1 })).toBe('a_1')
    expect(await c.createIndex({ b: -1, c: 1 }, { name: 'bc' })).toBe('bc')
    expect(await c.createIndex({ a: 1 })).toBe('a_1')
    const names = (await c.listIndexes().toArray()).map((i) => i.name)
    expect(names).toEqual(['_id_', 'a_1', 'bc'])
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === 'bc')
    expect(spec).toMatchObject({ v: 2, key: { b: -1, c: 1 }, name: 'bc' })
    await c.dropIndex('a_1')
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'bc'])
    await c.dropIndexes()
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('should refuse dropping a missing index (27) and listing a missing collection (26)', async () => {
    const c = conn.db.collection('ix_manage2')
    await c.insertOne({ a: 1 })
    expect((await rejection(c.dropIndex('nope_1'))).code).toBe(27)
    expect((await rejection(conn.db.collection('ix_none').listIndexes().toArray())).code).toBe(26)
  })

  it('should refuse an index of the same name with another key (86)', async () => {
    const c = conn.db.collection('ix_conflict')
    await c.createIndex({ a: 1 }, { name: 'same' })
    expect((await rejection(c.createIndex({ b: 1 }, { name: 'same' }))).code).toBe(86)
  })
})

describe('unique indexes', () => {
  it('should raise E11000 with keyPattern and keyValue', async () => {
    const c = conn.db.collection('users')
    await c.createIndex({ email: 1 }, { unique: true })
    await c.insertOne({ email: 'a@x' })
    const err = await rejection(c.insertOne({ email: 'a@x' }))
    expect(err).toBeInstanceOf(MongoServerError)
    expect(err.code).toBe(11000)
    expect(err.keyPattern).toEqual({ email: 1 })
    expect(err.keyValue).toEqual({ email: 'a@x' })
    expect(err.message).toBe(
      `E11000 duplicate key error collection: ${conn.test.dbName}.users index: email_1 dup key: { email: "a@x" }`,
    )
  })

  it('should raise E11000 on update, upsert and findOneAndUpdate', async () => {
    const c = conn.db.collection('users')
    await c.insertOne({ email: 'b@x' })
    expect((await rejection(c.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }))).code).toBe(11000)
    expect(
      (await rejection(c.updateOne({ email: 'zz' }, { $set: { email: 'a@x' } }, { upsert: true }))).code,
    ).toBe(11000)
    const fam = await rejection(c.findOneAndUpdate({ email: 'b@x' }, { $set: { email: 'a@x' } }))
    expect(fam.code).toBe(11000)
    expect(fam.keyValue).toEqual({ email: 'a@x' })
  })

  it('should stop an ordered insertMany at the duplicate and report it', async () => {
    const c = conn.db.collection('users_bulk')
    await c.createIndex({ k: 1 }, { unique: true })
    const err = await rejection(c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }]))
    expect(err).toBeInstanceOf(MongoBulkWriteError)
    expect(err.code).toBe(11000)
    expect((err as unknown as MongoBulkWriteError).insertedCount).toBe(2)
    const unordered = await rejection(c.insertMany([{ k: 4 }, { k: 2 }, { k: 5 }], { ordered: false }))
    expect((unordered as unknown as MongoBulkWriteError).insertedCount).toBe(2)
    expect(await c.countDocuments()).toBe(4)
  })

  it('should treat missing fields as null unless the index is sparse', async () => {
    const dense = conn.db.collection('uniq_dense')
    await dense.createIndex({ u: 1 }, { unique: true })
    await dense.insertOne({ x: 1 })
    const err = await rejection(dense.insertOne({ x: 2 }))
    expect(err.keyValue).toEqual({ u: null })
    const sparse = conn.db.collection('uniq_sparse')
    await sparse.createIndex({ u: 1 }, { unique: true, sparse: true })
    await sparse.insertMany([{ x: 1 }, { x: 2 }, { u: 1 }])
    expect((await rejection(sparse.insertOne({ u: 1 }))).code).toBe(11000)
  })

  it('should enforce compound, partial and multikey unique indexes', async () => {
    const comp = conn.db.collection('uniq_comp')
    await comp.createIndex({ a: 1, b: 1 }, { unique: true })
    await comp.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ])
    const err = await rejection(comp.insertOne({ a: 1, b: 2 }))
    expect(err.keyValue).toEqual({ a: 1, b: 2 })
    expect(err.keyPattern).toEqual({ a: 1, b: 1 })

    const part = conn.db.collection('uniq_partial')
    await part.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } })
    await part.insertMany([
      { code: 'x', active: false },
      { code: 'x', active: true },
      { code: 'x', active: false },
    ])
    expect((await rejection(part.insertOne({ code: 'x', active: true }))).code).toBe(11000)

    const multi = conn.db.collection('uniq_multi')
    await multi.createIndex({ tags: 1 }, { unique: true })
    await multi.insertOne({ tags: ['a', 'b', 'b'] })
    const m = await rejection(multi.insertOne({ tags: ['c', 'b'] }))
    expect(m.keyValue).toEqual({ tags: 'b' })
  })

  it('should fail to build a unique index over duplicates', async () => {
    const c = conn.db.collection('uniq_build')
    await c.insertMany([{ a: 1 }, { a: 1 }])
    expect((await rejection(c.createIndex({ a: 1 }, { unique: true }))).code).toBe(11000)
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('should raise E11000 for a duplicate _id', async () => {
    const c = conn.db.collection('dup_id')
    await c.insertOne({ _id: 7 } as never)
    const err = await rejection(c.insertOne({ _id: 7 } as never))
    expect(err.code).toBe(11000)
    expect(err.keyValue).toEqual({ _id: 7 })
  })
})

describe('multikey and compound queries', () => {
  it('should refuse parallel arrays in a compound index (171)', async () => {
    const c = conn.db.collection('parallel')
    await c.createIndex({ a: 1, b: 1 })
    await c.insertOne({ a: [1], b: 2 })
    expect((await rejection(c.insertOne({ a: [1, 2], b: [3, 4] }))).code).toBe(171)
  })

  it('should index two paths through the same array, and refuse two different arrays (171)', async () => {
    const roles = (...pairs: [string, string][]): { regionCode: string; role: string }[] =>
      pairs.map(([regionCode, role]) => ({ regionCode, role }))
    const docs = [
      { i: 0, roles: roles(['A', 'admin']) },
      { i: 1, roles: roles(['A', 'viewer'], ['B', 'admin']) },
      { i: 2, roles: roles(['B', 'viewer'], ['C', 'admin'], ['A', 'viewer']) },
      { i: 3, roles: roles(['C', 'admin']) },
      { i: 4, roles: { regionCode: 'A', role: 'admin' } },
      { i: 5, roles: [] },
      { i: 6 },
      { i: 7, roles: [{ regionCode: ['A', 'B'], role: 'owner' }, { role: 'admin' }] },
    ]
    const plain = conn.db.collection('roles_plain')
    const indexed = conn.db.collection('roles_indexed')
    const late = conn.db.collection('roles_late')
    await plain.insertMany(docs.map((d) => ({ ...d })))
    await indexed.createIndex({ 'roles.regionCode': 1, 'roles.role': 1 })
    await indexed.insertMany(docs.map((d) => ({ ...d })))
    await late.insertMany(docs.map((d) => ({ ...d })))
    await late.createIndex({ 'roles.regionCode': 1, 'roles.role': 1 })
    const queries: Record<string, unknown>[] = [
      { 'roles.regionCode': 'A', 'roles.role': 'admin' },
      { 'roles.regionCode': 'A', 'roles.role': 'viewer' },
      { 'roles.regionCode': 'B' },
      { 'roles.regionCode': { $in: ['B', 'C'] }, 'roles.role': 'admin' },
      { 'roles.regionCode': 'A', 'roles.role': { $in: ['owner', 'viewer'] } },
      { roles: { $elemMatch: { regionCode: 'A', role: 'admin' } } },
      { 'roles.regionCode': null },
      { 'roles.role': 'admin', i: { $gte: 2 } },
    ]
    const ids = async (c: typeof plain, q: Record<string, unknown>): Promise<number[]> =>
      (await c.find(q, { sort: { i: 1 } }).toArray()).map((d) => d.i as number)
    for (const q of queries) {
      const expected = await ids(plain, q)
      expect(await ids(indexed, q)).toEqual(expected)
      expect(await ids(late, q)).toEqual(expected)
    }
    // Without $elemMatch, each condition may be met by a different element (i: 1).
    expect(await ids(indexed, queries[0] as Record<string, unknown>)).toEqual([0, 1, 2, 4, 7])
    expect(await ids(indexed, queries[5] as Record<string, unknown>)).toEqual([0])

    const parallel = conn.db.collection('roles_parallel')
    await parallel.createIndex({ 'roles.role': 1, tags: 1 })
    await parallel.insertOne({ roles: roles(['A', 'admin']), tags: 'x' })
    const err = await rejection(parallel.insertOne({ roles: roles(['A', 'admin']), tags: ['x', 'y'] }))
    expect(err.code).toBe(171)
    const inner = conn.db.collection('roles_parallel_inner')
    await inner.createIndex({ 'roles.regionCode': 1, 'roles.role': 1 })
    const err2 = await rejection(inner.insertOne({ roles: [{ regionCode: ['A', 'B'], role: ['x', 'y'] }] }))
    expect(err2.code).toBe(171)
    expect(await inner.countDocuments({})).toBe(0)
  })

  it('should enforce a unique index over one array per element, as MongoDB keys it', async () => {
    const c = conn.db.collection('roles_unique')
    await c.createIndex({ 'roles.regionCode': 1, 'roles.role': 1 }, { unique: true })
    await c.insertOne({
      roles: [
        { regionCode: 'A', role: 'x' },
        { regionCode: 'B', role: 'y' },
      ],
    })
    // (A, y) combines two elements of the first document: not one of its keys.
    await c.insertOne({ roles: [{ regionCode: 'A', role: 'y' }] })
    const err = await rejection(c.insertOne({ roles: [{ regionCode: 'B', role: 'y' }] }))
    expect(err.code).toBe(11000)
    expect(err.keyValue).toEqual({ 'roles.regionCode': 'B', 'roles.role': 'y' })
    expect(await c.countDocuments({})).toBe(2)
  })

  it('should find missing sub-fields as null through a dotted multikey index', async () => {
    const docs = [
      { i: 0, a: [{ b: 1 }, { c: 2 }] },
      { i: 1, a: [{ b: 2 }] },
      { i: 2, a: { c: 1 } },
      { i: 3 },
      { i: 4, a: [{ b: null }] },
    ]
    const plain = conn.db.collection('null_plain')
    const indexed = conn.db.collection('null_indexed')
    await plain.insertMany(docs.map((d) => ({ ...d })))
    await indexed.createIndex({ 'a.b': 1 })
    await indexed.insertMany(docs.map((d) => ({ ...d })))
    for (const q of [{ 'a.b': null }, { 'a.b': { $in: [null, 2] } }, { 'a.b': 1 }]) {
      const a = (await plain.find(q, { sort: { i: 1 } }).toArray()).map((d) => d.i)
      const b = (await indexed.find(q, { sort: { i: 1 } }).toArray()).map((d) => d.i)
      expect(b).toEqual(a)
    }
  })

  it('should answer equality, range and sorted queries the same with and without indexes', async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({
      i,
      g: i % 7,
      s: `k${String(i % 50).padStart(2, '0')}`,
      arr: [i % 3, (i % 5) + 10],
      d: new Date(1_700_000_000_000 + i * 1000),
    }))
    const plain = conn.db.collection('q_plain')
    const indexed = conn.db.collection('q_indexed')
    await plain.insertMany(docs.map((d) => ({ ...d })))
    await indexed.insertMany(docs.map((d) => ({ ...d })))
    await indexed.createIndexes([
      { key: { g: 1, i: -1 } },
      { key: { s: 1 } },
      { key: { arr: 1 } },
      { key: { d: -1 } },
    ])
    const queries: [Record<string, unknown>, Record<string, 1 | -1>][] = [
      [{ g: 3 }, { i: 1 }],
      [{ g: 3 }, { i: -1 }],
      [{ g: { $in: [1, 2] }, i: { $gte: 100, $lt: 200 } }, { i: 1 }],
      [{ s: 'k07' }, { i: 1 }],
      [{ s: { $gt: 'k40' } }, { s: 1, i: 1 }],
      [{ arr: 11 }, { i: 1 }],
      [{ arr: { $gt: 1, $lt: 11 } }, { i: 1 }],
      [{ d: { $gte: new Date(1_700_000_100_000) } }, { d: -1 }],
      [{}, { d: 1 }],
      [{ g: 2, s: { $in: ['k02', 'k09', 'k16'] } }, { i: -1 }],
    ]
    for (const [filter, sort] of queries) {
      const a = await plain.find(filter, { sort, projection: { _id: 0 } }).toArray()
      const b = await indexed.find(filter, { sort, projection: { _id: 0 } }).toArray()
      expect(b).toEqual(a)
      const limited = await indexed
        .find(filter, { sort, limit: 5, skip: 2, projection: { _id: 0 } })
        .toArray()
      expect(limited).toEqual(a.slice(2, 7))
    }
  })
})
