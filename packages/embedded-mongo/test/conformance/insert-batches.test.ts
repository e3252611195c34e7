/**
 * Conformance: one insertMany gives exactly the outcome of the same documents inserted one by one
 * (the engine checks and indexes a command's documents as one batch): the same documents stored,
 * the same failures at the same positions, and ordered batches stopping at the first failure.
 */
import { Double, Int32, Long, MongoBulkWriteError, type Collection, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

async function withIndexes(name: string): Promise<Collection> {
  const c = conn.db.collection(name)
  await c.createIndex({ k: 1 }, { unique: true, sparse: true })
  await c.createIndex({ u: 1, v: -1 }, { unique: true, partialFilterExpression: { live: true } })
  // Two paths through one array: a key made of two different elements is no real conflict.
  await c.createIndex({ 'roles.r': 1, 'roles.x': 1 }, { unique: true, sparse: true })
  await c.createIndex({ tags: 1, n: 1 })
  await c.createIndex({ n: -1 })
  return c
}

/** A batch with duplicates against stored documents, inside the batch, and failures of other kinds. */
function batchDocs(): Document[] {
  return [
    { _id: 1, k: 'a', n: 5, tags: ['x', 'y'] },
    { _id: 2, k: 'b', n: 3 },
    { _id: 1, k: 'c', n: 1 }, // duplicate _id inside the batch
    { _id: 3, k: 'a', n: 2 }, // duplicate k inside the batch
    { _id: 4, k: 'stored', n: 9 }, // duplicate k of a stored document
    { _id: 5, u: 1, v: 2, live: true, n: 4 },
    { _id: 6, u: 1, v: 2, live: false, n: 4 }, // outside the partial filter: no conflict
    { _id: 7, u: 1, v: 2, live: true, n: 4 }, // partial conflict
    { _id: 8, k: 'c', n: 7 }, // k 'c' is free: the document that took it failed
    {
      _id: 9,
      roles: [
        { r: 1, x: 2 },
        { r: 3, x: 4 },
      ],
      n: 0,
    },
    { _id: 10, roles: [{ r: 1, x: 4 }], n: 0 }, // (1, 4) only from two elements of _id 9: accepted
    { _id: 11, roles: [{ r: 3, x: 4 }], n: 0 }, // a real conflict with _id 9
    { _id: 12, tags: ['p', 'q'], n: [1, 2] }, // parallel arrays in { tags, n }: 171
    { _id: 13, k: 'd', tags: 'z', n: 8 },
    { _id: 'x'.repeat(20), n: 6 },
    { _id: 14, k: 'n7', n: 1 }, // a string key that reads like the number below's key string
    { _id: 15, k: 7, n: 1 }, // no conflict: a number and a string are different keys
    { _id: 16, k: 7, n: 1 }, // a duplicate number key inside the batch
  ]
}

interface Outcome {
  stored: Document[]
  failed: [number, number][]
}

async function outcome(c: Collection, failed: [number, number][]): Promise<Outcome> {
  return { stored: await c.find({}, { sort: { _id: 1 } }).toArray(), failed }
}

async function oneByOne(name: string, docs: Document[], ordered: boolean): Promise<Outcome> {
  const c = await withIndexes(name)
  await c.insertOne({ _id: 0, k: 'stored', n: 0 } as never)
  const failed: [number, number][] = []
  for (const [i, d] of docs.entries()) {
    try {
      await c.insertOne({ ...d } as never)
    } catch (err) {
      failed.push([i, (err as { code: number }).code])
      if (ordered) break
    }
  }
  return outcome(c, failed)
}

async function batched(name: string, docs: Document[], ordered: boolean): Promise<Outcome> {
  const c = await withIndexes(name)
  await c.insertOne({ _id: 0, k: 'stored', n: 0 } as never)
  const failed: [number, number][] = []
  try {
    await c.insertMany(
      docs.map((d) => ({ ...d })),
      { ordered },
    )
  } catch (err) {
    expect(err).toBeInstanceOf(MongoBulkWriteError)
    for (const e of (err as MongoBulkWriteError).writeErrors as unknown as {
      index: number
      code: number
    }[]) {
      failed.push([e.index, e.code])
    }
  }
  return outcome(c, failed)
}

describe('insertMany as one batch', () => {
  it('should store and refuse exactly what single unordered inserts would', async () => {
    const single = await oneByOne('batch_single_unordered', batchDocs(), false)
    expect(single.failed).toEqual([
      [2, 11000],
      [3, 11000],
      [4, 11000],
      [7, 11000],
      [11, 11000],
      [12, 171],
      [17, 11000],
    ])
    expect(await batched('batch_many_unordered', batchDocs(), false)).toEqual(single)
  })

  it('should stop an ordered batch at its first failure with the earlier documents written', async () => {
    const single = await oneByOne('batch_single_ordered', batchDocs(), true)
    expect(single.failed).toEqual([[2, 11000]])
    expect(single.stored.map((d) => d._id)).toEqual([0, 1, 2])
    expect(await batched('batch_many_ordered', batchDocs(), true)).toEqual(single)
    const tail = batchDocs().slice(8)
    expect(await batched('batch_many_ordered_tail', tail, true)).toEqual(
      await oneByOne('batch_single_ordered_tail', tail, true),
    )
  })

  it('should store _id first and every other field as sent, with its exact type', async () => {
    const c = conn.db.collection('batch_exact')
    await c.insertMany([
      { a: new Int32(1), b: new Double(2), c: Long.fromNumber(3), _id: 'late' as never, d: 'x' },
      { _id: 'early' as never, b: new Double(2.5), a: new Int32(4) },
    ])
    const docs = await c.find({}, { sort: { _id: 1 }, promoteValues: false }).toArray()
    expect(docs.map((d) => Object.keys(d))).toEqual([
      ['_id', 'b', 'a'],
      ['_id', 'a', 'b', 'c', 'd'],
    ])
    const late = docs[1] as Document
    expect(late.a).toBeInstanceOf(Int32)
    expect(late.b).toBeInstanceOf(Double)
    expect(late.c).toBeInstanceOf(Long)
    expect(await c.countDocuments({ b: 2 })).toBe(1)
  })

  it('should tell compound unique keys apart whatever their strings hold', async () => {
    const c = conn.db.collection('batch_tuple_keys')
    await c.createIndex({ a: 1, b: 1 }, { unique: true })
    // Joined with a separator, both keys would read "p,sq,sr": they differ and are both accepted.
    const r = await c.insertMany([
      { _id: 1, a: 'p,sq', b: 'r' },
      { _id: 2, a: 'p', b: 'q,sr' },
    ] as never[])
    expect(r.insertedCount).toBe(2)
    await expect(c.insertMany([{ _id: 3, a: 'p', b: 'q,sr' }] as never[])).rejects.toMatchObject({
      code: 11000,
    })
  })

  it('should answer index scans in order after large batches', async () => {
    const c = conn.db.collection('batch_order')
    await c.createIndex({ g: 1, t: -1 })
    await c.createIndex({ s: 1 }, { unique: true })
    const n = 6000
    const docs = (from: number): Document[] =>
      Array.from({ length: n }, (_, j) => {
        const i = from + ((j * 7919) % n)
        return { _id: i, g: i % 7, t: (i * 31) % 1009, s: `s${String(i).padStart(6, '0')}` }
      })
    await c.insertMany(docs(0), { ordered: false })
    await c.insertMany(docs(n), { ordered: false })
    const byIndex = await c.find({ g: 3 }, { sort: { g: 1, t: -1, _id: 1 }, hint: { g: 1, t: -1 } }).toArray()
    const expected = (await c.find({ g: 3 }).toArray()).sort(
      (a, b) =>
        (b.t as number) - (a.t as number) || (a._id as unknown as number) - (b._id as unknown as number),
    )
    expect(byIndex.map((d) => d._id)).toEqual(expected.map((d) => d._id))
    const range = await c
      .find({ s: { $gte: 's004000', $lt: 's008000' } }, { hint: { s: 1 }, projection: { _id: 1 } })
      .toArray()
    expect(range.map((d) => d._id)).toEqual(Array.from({ length: 4000 }, (_, i) => 4000 + i))
  })
})
