/**
 * Conformance: command-level `let` variables (MongoDB 5.0+). The manual's pages on the `update`,
 * `delete`, `findAndModify`, `find` and `aggregate` commands say that `let` defines variables
 * that `$expr` in the filter and the stages of a pipeline update read as `$$name`, and that each
 * value is an expression evaluated once, before any document is read (so it may be `$literal`,
 * arithmetic or `$rand`, but may not read a field).
 */
import { ObjectId } from 'mongodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

/** Three households with a member count each. */
const HOUSEHOLDS = [
  { _id: 'h1', members: 2 },
  { _id: 'h2', members: 5 },
  { _id: 'h3', members: 7 },
]
const coll = () =>
  conn.db.collection<{ _id: string; members?: number; [k: string]: unknown }>('let_households')
const sorted = async () =>
  coll()
    .find({}, { sort: { _id: 1 } })
    .toArray()

beforeEach(async () => {
  await coll().deleteMany({})
  await coll().insertMany(HOUSEHOLDS.map((h) => ({ ...h })))
})

const byId = { $expr: { $eq: ['$_id', '$$target'] } }
const atLeast = { $expr: { $gte: ['$members', '$$min'] } }

describe('let in delete', () => {
  it('should let deleteOne and deleteMany filters read the variables', async () => {
    expect((await coll().deleteOne(byId, { let: { target: 'h2' } })).deletedCount).toBe(1)
    expect((await sorted()).map((d) => d._id)).toEqual(['h1', 'h3'])
    expect((await coll().deleteMany(atLeast, { let: { min: 1 } })).deletedCount).toBe(2)
    expect(await coll().countDocuments()).toBe(0)
  })
})

describe('let in update', () => {
  it('should let updateOne read the variables in its filter and in a pipeline update', async () => {
    const r = await coll().updateOne(byId, [{ $set: { note: '$$note' } }], {
      let: { target: 'h1', note: '低保户' },
    })
    expect([r.matchedCount, r.modifiedCount]).toEqual([1, 1])
    expect((await sorted())[0]).toEqual({ _id: 'h1', members: 2, note: '低保户' })
  })

  it('should let updateMany and replaceOne read the variables', async () => {
    const many = await coll().updateMany(atLeast, [{ $set: { large: true } }], { let: { min: 5 } })
    expect(many.modifiedCount).toBe(2)
    const one = await coll().replaceOne(byId, { members: 0 }, { let: { target: 'h3' } })
    expect(one.modifiedCount).toBe(1)
    expect(await sorted()).toEqual([
      { _id: 'h1', members: 2 },
      { _id: 'h2', members: 5, large: true },
      { _id: 'h3', members: 0 },
    ])
  })

  it('should upsert from a filter that reads a variable', async () => {
    const r = await coll().updateOne(byId, [{ $set: { members: 1 } }], {
      upsert: true,
      let: { target: 'h9' },
    })
    expect(r.upsertedCount).toBe(1)
    expect(await coll().countDocuments({ members: 1 })).toBe(1)
  })
})

describe('let in findAndModify', () => {
  it('should let findOneAndUpdate, findOneAndReplace and findOneAndDelete read the variables', async () => {
    const updated = await coll().findOneAndUpdate(
      byId,
      [{ $set: { members: { $add: ['$members', '$$add'] } } }],
      {
        let: { target: 'h1', add: 1 },
        returnDocument: 'after',
      },
    )
    expect(updated).toEqual({ _id: 'h1', members: 3 })
    const replaced = await coll().findOneAndReplace(byId, { members: 9 }, { let: { target: 'h2' } })
    expect(replaced).toEqual({ _id: 'h2', members: 5 })
    const deleted = await coll().findOneAndDelete(byId, { let: { target: 'h3' } })
    expect(deleted).toEqual({ _id: 'h3', members: 7 })
    expect(await sorted()).toEqual([
      { _id: 'h1', members: 3 },
      { _id: 'h2', members: 9 },
    ])
  })
})

describe('let in bulkWrite', () => {
  it('should apply the variables to every update and delete model', async () => {
    const r = await coll().bulkWrite(
      [
        { updateOne: { filter: byId, update: [{ $set: { tag: '$$tag' } }] } },
        { updateMany: { filter: atLeast, update: [{ $set: { big: true } }] } },
        { replaceOne: { filter: { $expr: { $eq: ['$_id', 'h2'] } }, replacement: { members: 4 } } },
        { deleteOne: { filter: { $expr: { $eq: ['$members', '$$gone'] } } } },
        { deleteMany: { filter: { $expr: { $gt: ['$members', '$$max'] } } } },
      ],
      { let: { target: 'h1', tag: 'a', min: 7, gone: 4, max: 100 } },
    )
    expect([r.matchedCount, r.modifiedCount, r.deletedCount]).toEqual([3, 3, 1])
    expect(await sorted()).toEqual([
      { _id: 'h1', members: 2, tag: 'a' },
      { _id: 'h3', members: 7, big: true },
    ])
  })
})

describe('let values are expressions evaluated once', () => {
  it('should evaluate arithmetic, $literal and $rand', async () => {
    await coll().updateOne({ _id: 'h1' }, [{ $set: { r: '$$r', lit: '$$lit' } }], {
      let: { r: { $add: [1, 2] }, lit: { $literal: '$members' } },
    })
    expect((await sorted())[0]).toEqual({ _id: 'h1', members: 2, r: 3, lit: '$members' })
    const out = await coll()
      .aggregate(
        [
          { $match: { $expr: { $eq: ['$_id', '$$target'] } } },
          { $project: { _id: 0, y: '$$y', product: '$$product', rand: '$$rand' } },
        ],
        {
          let: { target: 'h2', y: { $literal: '$bar' }, product: { $multiply: [6, 7] }, rand: { $rand: {} } },
        },
      )
      .toArray()
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ y: '$bar', product: 42 })
    expect(typeof out[0]?.rand).toBe('number')
    const found = await coll()
      .find({ $expr: { $gt: ['$members', '$$limit'] } }, { let: { limit: { $subtract: [10, 4] } } })
      .toArray()
    expect(found.map((d) => d._id)).toEqual(['h3'])
  })

  it('should keep ObjectId, Date and document values as they are', async () => {
    const c = conn.db.collection('let_typed')
    const id = new ObjectId()
    const when = new Date('2026-01-02T03:04:05Z')
    await c.insertMany([{ _id: id, at: when, tag: { k: 1 } }, { _id: new ObjectId() }] as never[])
    const byTyped = {
      $expr: { $and: [{ $eq: ['$_id', '$$id'] }, { $eq: ['$at', '$$when'] }, { $eq: ['$tag', '$$tag'] }] },
    }
    const vars = { id, when, tag: { k: 1 } }
    expect(await c.find(byTyped, { let: vars }).toArray()).toHaveLength(1)
    await c.updateOne(byTyped, [{ $set: { copy: '$$when', ref: '$$id' } }], { let: vars })
    expect(await c.findOne({ _id: id })).toEqual({ _id: id, at: when, tag: { k: 1 }, copy: when, ref: id })
  })

  it('should refuse a let value that reads a field, with code 4890500', async () => {
    const err = await rejection(coll().deleteOne(byId, { let: { target: '$_id' } }))
    expect(err.code).toBe(4890500)
    expect(await coll().countDocuments()).toBe(3)
  })

  it('should refuse a variable name that is not a valid user variable name, with code 9', async () => {
    const err = await rejection(
      coll()
        .find({}, { let: { Target: 1 } })
        .toArray(),
    )
    expect(err.code).toBe(9)
    expect(err.message).toContain('starts with an invalid character for a user variable name')
  })

  it('should report a variable that let does not define, with code 17276', async () => {
    const err = await rejection(coll().deleteOne(byId))
    expect(err.code).toBe(17276)
    expect(err.message).toContain('Use of undefined variable: target')
    expect(await coll().countDocuments()).toBe(3)
  })
})
