/**
 * Conformance: several positional paths through one array in one update. The manual's "$ (update)",
 * "$[]" and "$[<identifier>]" pages (https://www.mongodb.com/docs/v7.0/reference/operator/update/positional/,
 * positional-all/, positional-filtered/), and the server's update tree (src/mongo/db/update/update_object_node.cpp,
 * update_array_node.cpp, update_node.cpp; jstests/core/update_arrayFilters.js): each path is one branch of a tree,
 * so `items.$[a].x` and `items.$[b].y`, or `items.$.x` and `items.$.y`, update one array together; two paths that
 * meet on the same field are refused with code 40, before any document is read when the paths alone say so
 * ("Updating the path … would create a conflict at …"), or when an element is selected by both ("Update created
 * a conflict at …"). Array filters are tested on the elements as they were before the update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Document } from 'mongodb'
import { connect, rejection, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

/** The documents here: numeric `_id`s. */
type Doc = Document & { _id: number }

let n = 0
/** A fresh collection holding `doc`. */
async function holding(doc: Doc) {
  const c = conn.db.collection<Doc>(`pos_${++n}`)
  await c.insertOne(doc)
  return c
}

describe('several positional paths through one array', () => {
  it('should apply two $ paths of one $set to the element the filter matched', async () => {
    const c = await holding({
      _id: 1,
      items: [
        { k: 'a', x: 0, y: 0 },
        { k: 'b', x: 0, y: 0 },
      ],
    })
    const r = await c.updateOne({ _id: 1, 'items.k': 'b' }, { $set: { 'items.$.x': 1, 'items.$.y': 2 } })
    expect(r.modifiedCount).toBe(1)
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      items: [
        { k: 'a', x: 0, y: 0 },
        { k: 'b', x: 1, y: 2 },
      ],
    })
  })

  it('should take $ from an $elemMatch filter for every path (the manual, "Update Embedded Documents Using Multiple Field Matches")', async () => {
    const c = await holding({
      _id: 5,
      grades: [
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 90, std: 5 },
        { grade: 90, mean: 85, std: 3 },
      ],
    })
    await c.updateOne(
      { _id: 5, grades: { $elemMatch: { grade: { $lte: 90 }, mean: { $gt: 80 } } } },
      { $set: { 'grades.$.std': 6, 'grades.$.mean': 100 } },
    )
    expect((await c.findOne({ _id: 5 }))?.grades).toEqual([
      { grade: 80, mean: 75, std: 8 },
      { grade: 85, mean: 100, std: 6 },
      { grade: 90, mean: 85, std: 3 },
    ])
  })

  it('should apply $[a] and $[b] of one $set each to the elements its filter selects', async () => {
    const c = await holding({ _id: 1, items: [{ k: 'a' }, { k: 'b' }, { k: 'a' }] })
    await c.updateOne(
      { _id: 1 },
      { $set: { 'items.$[a].x': 1, 'items.$[b].y': 2 } },
      { arrayFilters: [{ 'a.k': 'a' }, { 'b.k': 'b' }] },
    )
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'a', x: 1 },
      { k: 'b', y: 2 },
      { k: 'a', x: 1 },
    ])
  })

  it('should merge $[] with $[a] on the elements both select, and read the filters before the update', async () => {
    const c = await holding({
      _id: 1,
      items: [
        { k: 'a', x: 0 },
        { k: 'b', x: 0 },
      ],
    })
    // `items.$[].k` changes the field $[a] filters on: the filter still sees the elements as they were.
    await c.updateOne(
      { _id: 1 },
      { $set: { 'items.$[].k': 'z', 'items.$[a].y': 2 } },
      { arrayFilters: [{ 'a.k': 'a' }] },
    )
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'z', x: 0, y: 2 },
      { k: 'z', x: 0 },
    ])
  })

  it('should mix $set, $inc, $unset and $push through $ on the same element', async () => {
    const c = await holding({
      _id: 1,
      items: [
        { k: 'a', n: 1, old: true, tags: [] },
        { k: 'b', n: 1, old: true, tags: ['t'] },
      ],
    })
    await c.updateOne({ _id: 1, 'items.k': 'b' }, {
      $set: { 'items.$.seen': true },
      $inc: { 'items.$.n': 2 },
      $unset: { 'items.$.old': '' },
      $push: { 'items.$.tags': 'u' },
    } as never)
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'a', n: 1, old: true, tags: [] },
      { k: 'b', n: 3, tags: ['t', 'u'], seen: true },
    ])
  })

  it('should mix $set, $inc and $pull through $[] and $[<id>] on one array', async () => {
    const c = await holding({
      _id: 1,
      items: [
        { k: 'a', n: 1, l: [1, 2] },
        { k: 'b', n: 1, l: [1, 3] },
      ],
    })
    await c.updateOne(
      { _id: 1 },
      { $set: { 'items.$[b].x': true }, $inc: { 'items.$[].n': 10 }, $pull: { 'items.$[a].l': 1 } } as never,
      { arrayFilters: [{ 'a.k': 'a' }, { 'b.k': 'b' }] },
    )
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'a', n: 11, l: [2] },
      { k: 'b', n: 11, l: [1, 3], x: true },
    ])
  })

  it('should update nested arrays through $[i] and $[j] beside another path through $[i]', async () => {
    const c = await holding({
      _id: 0,
      a: [
        { b: 0, c: [{ d: 0 }, { d: 1 }] },
        { b: 1, c: [{ d: 0 }, { d: 1 }] },
      ],
    })
    await c.updateOne(
      { _id: 0 },
      { $set: { 'a.$[i].c.$[j].d': 2, 'a.$[i].seen': true, 'a.$[].c.$[j].e': 3 } },
      { arrayFilters: [{ 'i.b': 0 }, { 'j.d': 0 }] },
    )
    expect((await c.findOne({ _id: 0 }))?.a).toEqual([
      { b: 0, c: [{ d: 2, e: 3 }, { d: 1 }], seen: true },
      { b: 1, c: [{ d: 0, e: 3 }, { d: 1 }] },
    ])
  })

  it('should let $ and a literal index of the same array update different fields of one element', async () => {
    const c = await holding({ _id: 1, items: [{ k: 'a' }, { k: 'b' }] })
    await c.updateOne({ _id: 1, 'items.k': 'b' }, { $set: { 'items.$.x': 1, 'items.1.y': 2 } })
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([{ k: 'a' }, { k: 'b', x: 1, y: 2 }])
  })

  it('should insert through $[<id>] when an upsert filter gives the whole array (the manual, "upsert")', async () => {
    const c = conn.db.collection('pos_upsert')
    const r = await c.updateOne(
      { myArray: [0, 1] },
      { $set: { 'myArray.$[element]': 2 } },
      { arrayFilters: [{ element: 0 }], upsert: true },
    )
    expect(r.upsertedCount).toBe(1)
    expect(await c.findOne({ _id: r.upsertedId as never }, { projection: { _id: 0 } })).toEqual({
      myArray: [2, 1],
    })
  })
})

describe('conflicts and errors, as MongoDB refuses them', () => {
  /** Runs an update expected to fail and checks that the document did not change. */
  async function refused(doc: Doc, filter: Document, update: Document, options = {}) {
    const c = await holding(doc)
    const err = await rejection(c.updateOne(filter, update, options))
    expect(await c.findOne({ _id: doc._id })).toEqual(doc)
    return err
  }

  it('should refuse $, $[<id>], a literal index or a field name beside $[<id>] on one array, before reading', async () => {
    const doc = { _id: 0, a: [0] }
    const filters = { arrayFilters: [{ i: 0 }] }
    for (const [second, where] of [
      ['a.$', 'a'],
      ['a.0', 'a'],
      ['a.b', 'a'],
    ] as const) {
      const err = await refused(doc, { _id: 0, a: 0 }, { $set: { 'a.$[i]': 0, [second]: 0 } }, filters)
      expect(err.code).toBe(40)
      expect(err.message).toContain(`Updating the path '${second}' would create a conflict at '${where}'`)
    }
  })

  it('should refuse two operators on the same path through $', async () => {
    const err = await refused(
      { _id: 1, items: [{ k: 'b', x: 0 }] },
      { _id: 1, 'items.k': 'b' },
      { $set: { 'items.$.x': 1 }, $inc: { 'items.$.x': 2 } },
    )
    expect(err.code).toBe(40)
    expect(err.message).toContain("Updating the path 'items.$.x' would create a conflict at 'items.$.x'")
  })

  it('should refuse $[i] and $[j] on the same field when an element matches both, and allow it when none does', async () => {
    const doc = { _id: 0, a: [0] }
    const err = await refused(
      doc,
      { _id: 0 },
      { $set: { 'a.$[i]': 2, 'a.$[j]': 3 } },
      {
        arrayFilters: [{ i: 0 }, { j: 0 }],
      },
    )
    expect(err.code).toBe(40)
    expect(err.message).toContain("Update created a conflict at 'a.0'")

    const c = await holding({ _id: 0, a: [0, 1] })
    await c.updateOne(
      { _id: 0 },
      { $set: { 'a.$[i]': 2, 'a.$[j]': 3 } },
      { arrayFilters: [{ i: 0 }, { j: 1 }] },
    )
    expect((await c.findOne({ _id: 0 }))?.a).toEqual([2, 3])
  })

  it('should name the conflict in nested arrays where it is found (jstests update_arrayFilters.js)', async () => {
    const one = {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 0 }] },
        { x: 1, b: [{ y: 0, c: 0 }] },
      ],
    }
    const sameK = await refused(
      one,
      { _id: 0 },
      { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[k].c': 2 } },
      { arrayFilters: [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }] },
    )
    expect(sameK.code).toBe(40)
    expect(sameK.message).toContain("Update created a conflict at 'a.0.b.$[k].c'")

    const two = {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 0 }] },
        {
          x: 1,
          b: [
            { y: 0, c: 0 },
            { y: 1, c: 0 },
          ],
        },
      ],
    }
    const kAndM = await refused(
      two,
      { _id: 0 },
      { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[m].c': 2 } },
      { arrayFilters: [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }, { 'm.y': 0 }] },
    )
    expect(kAndM.code).toBe(40)
    expect(kAndM.message).toContain("Update created a conflict at 'a.0.b.0.c'")
  })

  it('should refuse $ and a literal index on the same field of the element $ stands for', async () => {
    const err = await refused(
      { _id: 1, items: [{ k: 'a' }, { k: 'b' }] },
      { _id: 1, 'items.k': 'b' },
      { $set: { 'items.$.x': 1, 'items.1.x': 2 } },
    )
    expect(err.code).toBe(40)
    expect(err.message).toContain("Update created a conflict at 'items.1.x'")
  })

  it('should refuse a second $ in one path, an unknown identifier, an unused array filter and $ without a match', async () => {
    const doc = { _id: 1, items: [{ l: [{ v: 1 }] }] }
    const twice = await refused(doc, { 'items.l.v': 1 }, { $set: { 'items.$.l.$.x': 1 } })
    expect([twice.code, twice.message]).toEqual([
      2,
      expect.stringContaining("Too many positional (i.e. '$') elements found in path 'items.$.l.$.x'"),
    ])
    const unknown = await refused(doc, { _id: 1 }, { $set: { 'items.$[a].x': 1 } })
    expect([unknown.code, unknown.message]).toEqual([
      2,
      expect.stringContaining("No array filter found for identifier 'a' in path 'items.$[a].x'"),
    ])
    const unused = await refused(
      doc,
      { _id: 1 },
      { $set: { 'items.$[].x': 1 } },
      { arrayFilters: [{ 'a.v': 1 }] },
    )
    expect([unused.code, unused.message]).toEqual([
      9,
      expect.stringContaining("The array filter for identifier 'a' was not used in the update"),
    ])
    const noMatch = await refused(doc, { _id: 1 }, { $set: { 'items.$.x': 1 } })
    expect([noMatch.code, noMatch.message]).toEqual([
      2,
      expect.stringContaining('The positional operator did not find the match needed from the query.'),
    ])
  })

  it('should refuse $[] on a missing path or a value that is not an array (the manual, "upsert")', async () => {
    const missing = await refused(
      { _id: 1 },
      { _id: 1 },
      { $set: { 'myArray.$[element]': 10 } },
      {
        arrayFilters: [{ element: 9 }],
      },
    )
    expect([missing.code, missing.message]).toEqual([
      2,
      expect.stringContaining(
        "The path 'myArray' must exist in the document in order to apply array updates.",
      ),
    ])
    const scalar = await refused({ _id: 1, items: { k: 1 } }, { _id: 1 }, { $set: { 'items.$[].x': 1 } })
    expect([scalar.code, scalar.message]).toEqual([
      2,
      expect.stringContaining('Cannot apply array updates to non-array element'),
    ])
  })
})
