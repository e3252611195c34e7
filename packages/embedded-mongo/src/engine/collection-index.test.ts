import { serialize } from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Doc } from '../query/values'
import { compareValues } from '../query/value-order'
import { MemoryStore } from '../storage/store'
import { Collection } from './collection'
import { makeRecord, type DocRecord } from './record'

/** A collection with a compound index (one field descending) and a unique index, in memory. */
function collection(): Collection {
  const coll = new Collection({ id: 1, db: 'd', name: 'c', options: {}, indexes: [] }, new MemoryStore())
  coll.createIndex({ key: { g: 1, t: -1 }, name: 'g_t' })
  coll.createIndex({ key: { u: 1 }, name: 'u', unique: true })
  return coll
}

const record = (doc: Doc): DocRecord => makeRecord(Buffer.from(serialize(doc)))

/**
 * The reference: documents with `g` equal to `g`, ordered by t descending, then in insertion order
 * (a replaced document keeps its place); `docs` iterates in insertion order.
 */
function reference(docs: Map<number, Doc>, g: unknown): number[] {
  const order = Array.from(docs.values())
  return order
    .filter((d) => compareValues(d.g ?? null, g) === 0)
    .sort((a, b) => compareValues(b.t ?? null, a.t ?? null) || order.indexOf(a) - order.indexOf(b))
    .map((d) => d._id as number)
}

const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'), fc.constant(null))
const op = fc.oneof(
  fc.record({
    kind: fc.constant('batch' as const),
    docs: fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: 60 }),
        g: value,
        t: value,
        u: fc.integer({ min: 0, max: 80 }),
      }),
      {
        maxLength: 40,
      },
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 60 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    id: fc.integer({ min: 0, max: 60 }),
    g: value,
    t: value,
  }),
)

describe('CollectionIndex entries', () => {
  it('should scan as a plain filter and sort would, through batches, deletes and replacements (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const coll = collection()
        const model = new Map<number, Doc>()
        const usedU = new Map<number, number>()
        for (const o of ops) {
          if (o.kind === 'batch') {
            // Unordered: a document whose _id or unique key is taken (by the collection or the batch) is refused.
            const batch = coll.insertBatch()
            for (const d of o.docs) {
              const doc = { _id: d.id, g: d.g, t: d.t, u: d.u }
              const refused = model.has(d.id) || usedU.has(d.u)
              let threw = false
              try {
                batch.add(record(doc))
              } catch {
                threw = true
              }
              expect(threw).toBe(refused)
              if (!refused) {
                model.set(d.id, doc)
                usedU.set(d.u, d.id)
              }
            }
            batch.commit()
          } else if (o.kind === 'delete') {
            const rec = coll.docs.get(`n${o.id}`)
            expect(rec !== undefined).toBe(model.has(o.id))
            if (rec) {
              coll.delete(rec)
              usedU.delete(model.get(o.id)?.u as number)
              model.delete(o.id)
            }
          } else {
            const old = coll.docs.get(`n${o.id}`)
            const prior = model.get(o.id)
            if (old && prior) {
              const doc = { ...prior, g: o.g, t: o.t }
              coll.replace(old, record(doc))
              model.set(o.id, doc)
            }
          }
        }
        const idx = coll.indexes.get('g_t')
        for (const g of [0, 1, 2, 3, 'a', 'b', null]) {
          expect(Array.from(idx?.scan([g]) ?? [], (r) => r.view._id)).toEqual(reference(model, g))
        }
        expect(idx?.entries.size).toBe(model.size)
        expect(coll.indexes.get('u')?.entries.size).toBe(model.size)
        for (const [u, id] of usedU) {
          expect(Array.from(coll.indexes.get('u')?.scan([u]) ?? [], (r) => r.view._id)).toEqual([id])
        }
      }),
      { numRuns: 200 },
    )
  })
})
