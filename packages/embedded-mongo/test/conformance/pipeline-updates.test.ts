/**
 * Conformance: updates given as an aggregation pipeline (MongoDB 4.2+). As the manual's
 * "Updates with Aggregation Pipeline" page says, such an update may use `$addFields`/`$set`,
 * `$project`/`$unset` and `$replaceRoot`/`$replaceWith`, with any aggregation expression, including
 * `$setField`, `$getField` and `$unsetField` on field names that start with `$` or contain a dot
 * (MongoDB 5.0+). A stage result without `_id` keeps the document's `_id`; a different `_id` is
 * refused (66), and any other stage is refused with code 72.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

type Item = { _id: number; [k: string]: unknown }
async function fresh(name: string, docs: Item[]) {
  const c = conn.db.collection<Item>(name)
  await c.insertMany(docs)
  return c
}

const setDollarField = [
  { $replaceWith: { $setField: { field: { $literal: '$price' }, value: 12, input: '$$ROOT' } } },
]
const setDottedField = [{ $replaceWith: { $setField: { field: 'unit.cost', value: 3, input: '$$ROOT' } } }]

describe('$setField, $getField and $unsetField in pipeline updates', () => {
  it('should add a top-level field whose name starts with $ (updateOne)', async () => {
    const c = await fresh('pu_dollar', [{ _id: 1, name: 'seed' }])
    const r = await c.updateOne({ _id: 1 }, setDollarField)
    expect([r.matchedCount, r.modifiedCount]).toEqual([1, 1])
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'seed', $price: 12 })
  })

  it('should add a top-level field whose name contains a dot (updateMany)', async () => {
    const c = await fresh('pu_dotted', [{ _id: 1 }, { _id: 2, unit: { cost: 1 } }])
    const r = await c.updateMany({}, setDottedField)
    expect(r.modifiedCount).toBe(2)
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, 'unit.cost': 3 },
      { _id: 2, unit: { cost: 1 }, 'unit.cost': 3 },
    ])
  })

  it('should set such fields inside an embedded document (findOneAndUpdate)', async () => {
    const c = await fresh('pu_embedded', [{ _id: 1, meta: {} }])
    const after = await c.findOneAndUpdate(
      { _id: 1 },
      [
        {
          $set: {
            meta: {
              $setField: {
                field: 'a.b',
                value: 1,
                input: { $setField: { field: { $literal: '$tag' }, value: 'x', input: '$meta' } },
              },
            },
          },
        },
      ],
      { returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 1, meta: { $tag: 'x', 'a.b': 1 } })
  })

  it('should read and remove such fields with $getField and $unsetField (bulkWrite)', async () => {
    const c = await fresh('pu_get_unset', [{ _id: 1 }])
    await c.updateOne({ _id: 1 }, setDollarField)
    await c.updateOne({ _id: 1 }, setDottedField)
    const r = await c.bulkWrite([
      {
        updateOne: {
          filter: { _id: 1 },
          update: [
            { $set: { copied: { $getField: { field: { $literal: '$price' }, input: '$$ROOT' } } } },
            { $replaceWith: { $unsetField: { field: 'unit.cost', input: '$$ROOT' } } },
          ],
        },
      },
    ])
    expect(r.modifiedCount).toBe(1)
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, $price: 12, copied: 12 })
  })

  it('should count a pipeline that changes nothing as matched, not modified', async () => {
    const c = await fresh('pu_noop', [{ _id: 1, $price: 12 } as Item])
    const r = await c.updateOne({ _id: 1 }, setDollarField)
    expect([r.matchedCount, r.modifiedCount]).toEqual([1, 0])
  })
})

describe('_id in pipeline updates', () => {
  it('should keep the _id, first, when the stages produce a document without one', async () => {
    const c = await fresh('pu_keep_id', [
      { _id: 1, a: 1, inner: { v: 1 } },
      { _id: 2, a: 2, inner: { v: 2 } },
    ])
    const one = await c.updateOne({ _id: 1 }, [
      { $replaceRoot: { newRoot: '$inner' } },
      { $addFields: { extra: 1 } },
    ])
    expect([one.matchedCount, one.modifiedCount]).toEqual([1, 1])
    const doc = await c.findOne({ _id: 1 })
    expect(doc).toEqual({ _id: 1, v: 1, extra: 1 })
    expect(Object.keys(doc ?? {})[0]).toBe('_id')
    const many = await c.updateMany({}, [{ $project: { _id: 0, a: 1 } }])
    expect(many.modifiedCount).toBe(2)
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([{ _id: 1 }, { _id: 2, a: 2 }])
  })

  it('should keep the _id through findOneAndUpdate and bulkWrite', async () => {
    const c = await fresh('pu_keep_id2', [
      { _id: 1, inner: { v: 1 } },
      { _id: 2, inner: { v: 2 } },
    ])
    const after = await c.findOneAndUpdate({ _id: 1 }, [{ $replaceWith: '$inner' }], {
      returnDocument: 'after',
    })
    expect(after).toEqual({ _id: 1, v: 1 })
    await c.bulkWrite([{ updateMany: { filter: { _id: 2 }, update: [{ $replaceWith: { w: '$inner.v' } }] } }])
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, w: 2 })
  })

  it("should take an upsert's _id from the filter when the stages drop it", async () => {
    const c = conn.db.collection<Item>('pu_upsert')
    const r = await c.updateOne({ _id: 7 }, [{ $replaceWith: { made: true } }], { upsert: true })
    expect(r.upsertedId).toBe(7)
    expect(await c.findOne({ _id: 7 })).toEqual({ _id: 7, made: true })
  })

  it('should refuse a pipeline that changes the _id with code 66', async () => {
    const c = await fresh('pu_change_id', [{ _id: 1, inner: { _id: 5 } }])
    expect((await rejection(c.updateOne({ _id: 1 }, [{ $replaceWith: '$inner' }]))).code).toBe(66)
    expect((await rejection(c.updateOne({ _id: 1 }, [{ $set: { _id: 2 } }]))).code).toBe(66)
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, inner: { _id: 5 } })
  })
})

describe('stages allowed in pipeline updates', () => {
  it('should refuse other stages with code 72', async () => {
    const c = await fresh('pu_stages', [{ _id: 1 }])
    const err = await rejection(c.updateOne({ _id: 1 }, [{ $match: { _id: 1 } }] as never))
    expect(err.code).toBe(72)
    expect(err.message).toContain('$match is not allowed to be used within an update')
  })

  it('should accept $set, $unset, $project and $replaceRoot together', async () => {
    const c = await fresh('pu_all', [{ _id: 1, a: 1, b: 2, c: { d: 3 } }])
    await c.updateOne({ _id: 1 }, [
      { $set: { sum: { $add: ['$a', '$b'] } } },
      { $unset: 'b' },
      { $project: { a: 1, sum: 1, c: 1 } },
      { $replaceRoot: { newRoot: { $mergeObjects: ['$$ROOT', '$c'] } } },
    ])
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1, c: { d: 3 }, sum: 3, d: 3 })
  })
})
