/** Conformance: cursors over large results, getMore/killCursors, and aggregation pipelines. */
import { Long } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
  await conn.db
    .collection('many')
    .insertMany(
      Array.from({ length: 3000 }, (_, i) => ({ _id: i, n: i, g: i % 10, pad: 'x'.repeat(50) })) as never[],
    )
})
afterAll(async () => {
  await conn.close()
})

describe('cursors', () => {
  it('should iterate thousands of documents in small batches', async () => {
    const cursor = conn.db.collection('many').find({}, { batchSize: 50, sort: { _id: 1 } })
    let expected = 0
    for await (const doc of cursor) {
      expect(doc._id).toBe(expected++)
    }
    expect(expected).toBe(3000)
  })

  it('should honour limit together with batchSize', async () => {
    const docs = await conn.db
      .collection('many')
      .find({ g: 3 }, { batchSize: 7, limit: 40, sort: { n: -1 } })
      .toArray()
    expect(docs).toHaveLength(40)
    expect(docs[0]?.n).toBe(2993)
  })

  it('should return 64-bit cursor ids and kill cursors', async () => {
    const res = await conn.db.command({ find: 'many', filter: {}, batchSize: 10 })
    expect(res.cursor.firstBatch).toHaveLength(10)
    const id = res.cursor.id as Long
    expect(Long.isLong(id) || typeof id === 'bigint' || typeof id === 'number').toBe(true)
    const more = await conn.db.command({ getMore: id, collection: 'many', batchSize: 5 })
    expect(more.cursor.nextBatch).toHaveLength(5)
    const killed = await conn.db.command({ killCursors: 'many', cursors: [id] })
    expect(killed.cursorsKilled).toHaveLength(1)
    const err = await rejection(conn.db.command({ getMore: id, collection: 'many' }))
    expect(err.code).toBe(43)
  })

  it('should close a cursor left half-read', async () => {
    const cursor = conn.db.collection('many').find({}, { batchSize: 20 })
    await cursor.next()
    const id = cursor.id
    expect(id === undefined || Number(id) === 0).toBe(false)
    await cursor.close()
    const err = await rejection(conn.db.command({ getMore: id, collection: 'many' }))
    expect(err.code).toBe(43)
  })

  it('should return an exhausted cursor in a single batch', async () => {
    const res = await conn.db.command({ find: 'many', filter: { n: { $lt: 5 } } })
    expect(res.cursor.firstBatch).toHaveLength(5)
    expect(Number(res.cursor.id)).toBe(0)
  })
})

describe('aggregate', () => {
  beforeAll(async () => {
    await conn.db.collection('orders').insertMany([
      {
        _id: 1,
        cust: 'a',
        items: [
          { sku: 'p1', qty: 2 },
          { sku: 'p2', qty: 1 },
        ],
        total: 30,
      },
      { _id: 2, cust: 'b', items: [{ sku: 'p1', qty: 5 }], total: 50 },
      { _id: 3, cust: 'a', items: [], total: 5 },
    ] as never[])
    await conn.db.collection('customers').insertMany([
      { _id: 'a', name: 'Ann' },
      { _id: 'b', name: 'Bob' },
    ] as never[])
  })

  it('should $match, $group and $sort', async () => {
    const res = await conn.db
      .collection('orders')
      .aggregate([
        { $match: { total: { $gt: 1 } } },
        { $group: { _id: '$cust', sum: { $sum: '$total' }, n: { $sum: 1 } } },
        { $sort: { sum: -1 } },
      ])
      .toArray()
    expect(res).toEqual([
      { _id: 'b', sum: 50, n: 1 },
      { _id: 'a', sum: 35, n: 2 },
    ])
  })

  it('should serve find-shaped pipelines like find, with exact types and cursors', async () => {
    const c = conn.db.collection('many')
    const pipeline = [
      { $match: { g: 3 } },
      { $sort: { n: -1 } },
      { $skip: 2 },
      { $limit: 150 },
      { $project: { pad: 0 } },
    ]
    const viaAgg = await c.aggregate(pipeline, { batchSize: 40 }).toArray()
    const viaFind = await c
      .find({ g: 3 }, { sort: { n: -1 }, skip: 2, limit: 150, projection: { pad: 0 } })
      .toArray()
    expect(viaAgg).toHaveLength(150)
    expect(viaAgg).toEqual(viaFind)
    expect(Object.keys(viaAgg[0] ?? {})).toEqual(['_id', 'n', 'g'])
    const typed = conn.db.collection('agg_types')
    await typed.insertOne({ _id: 1, big: Long.fromString('9007199254740993'), v: 1 } as never)
    const [doc] = await typed
      .aggregate([{ $match: { v: 1 } }, { $project: { big: 1 } }], { promoteLongs: false })
      .toArray()
    expect(String(doc?.big)).toBe('9007199254740993')
    expect(await c.aggregate([{ $match: { g: 99 } }, { $limit: 5 }]).toArray()).toEqual([])
  })

  it('should $unwind and $lookup', async () => {
    const res = await conn.db
      .collection('orders')
      .aggregate([
        { $unwind: '$items' },
        { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'customer' } },
        { $unwind: '$customer' },
        { $group: { _id: '$customer.name', qty: { $sum: '$items.qty' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray()
    expect(res).toEqual([
      { _id: 'Ann', qty: 3 },
      { _id: 'Bob', qty: 5 },
    ])
  })

  it('should run $facet, $project and $count', async () => {
    const [res] = await conn.db
      .collection('orders')
      .aggregate([
        {
          $facet: {
            big: [{ $match: { total: { $gte: 30 } } }, { $count: 'n' }],
            ids: [{ $sort: { _id: -1 } }, { $project: { _id: 1 } }],
          },
        },
      ])
      .toArray()
    expect(res).toEqual({ big: [{ n: 2 }], ids: [{ _id: 3 }, { _id: 2 }, { _id: 1 }] })
  })

  it('should page aggregation results through a cursor', async () => {
    const cursor = conn.db
      .collection('many')
      .aggregate([{ $match: { g: 1 } }, { $project: { n: 1 } }], { batchSize: 25 })
    let count = 0
    for await (const _ of cursor) count++
    expect(count).toBe(300)
  })

  it('should refuse unknown stages with code 40324', async () => {
    const err = await rejection(
      conn.db
        .collection('orders')
        .aggregate([{ $bogus: {} }])
        .toArray(),
    )
    expect(err.code).toBe(40324)
  })
})
