import { serialize } from 'bson'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../log'
import { compileFilter } from '../query/mingo'
import { MemoryStore } from '../storage/store'
import { Engine } from './engine'
import { planCandidates, queryRecords } from './planner'
import { makeRecord } from './record'

function buildCollection(n: number) {
  const engine = new Engine(new MemoryStore(), createLogger(false))
  const coll = engine.create('t', 'c', {})
  for (let i = 0; i < n; i++) {
    const doc = {
      _id: i,
      email: `u${i}@x`,
      g: i % 10,
      at: new Date(1_700_000_000_000 + i),
      tags: [`t${i % 3}`],
    }
    coll.insert(makeRecord(Buffer.from(serialize(doc))))
  }
  coll.createIndex({ key: { email: 1 }, name: 'email_1', unique: true })
  coll.createIndex({ key: { g: 1, at: -1 }, name: 'g_1_at_-1' })
  coll.createIndex({ key: { tags: 1 }, name: 'tags_1' })
  return coll
}

/** A matcher that counts how many documents it was asked about. */
function countingMatcher(filter: Record<string, unknown>) {
  const m = compileFilter(filter)
  const counter = { n: 0 }
  return { counter, matcher: { ...m, test: (d: Record<string, unknown>) => (counter.n++, m.test(d)) } }
}

describe('planCandidates', () => {
  const coll = buildCollection(5000)

  it('should serve an equality lookup from a unique index without scanning', () => {
    const { counter, matcher } = countingMatcher({ email: 'u4321@x' })
    const recs = Array.from(queryRecords(coll, { email: 'u4321@x' }, matcher))
    expect(recs.map((r) => r.view._id)).toEqual([4321])
    // The index answers the whole filter exactly: no per-document re-check.
    expect(counter.n).toBe(0)
    expect(planCandidates(coll, { email: 'u1@x' })).toMatchObject({ indexName: 'email_1', exact: true })
  })

  it('should serve a wide $in (thousands of values) from the index, not by testing every document', () => {
    const emails = Array.from({ length: 3000 }, (_, i) => `u${i + 1000}@x`)
    const filter = { email: { $in: emails } }
    const { counter, matcher } = countingMatcher(filter)
    const recs = Array.from(queryRecords(coll, filter, matcher))
    expect(recs).toHaveLength(3000)
    expect(counter.n).toBe(0)
    expect(planCandidates(coll, filter)).toMatchObject({ indexName: 'email_1', exact: true })
    const ids = planCandidates(coll, { _id: { $in: Array.from({ length: 2000 }, (_, i) => i) } })
    expect(ids.indexName).toBe('_id_')
    expect(Array.from(ids.records)).toHaveLength(2000)
  })

  it('should serve _id lookups from the id map', () => {
    const plan = planCandidates(coll, { _id: 17 })
    expect(plan.indexName).toBe('_id_')
    expect(Array.from(plan.records)).toHaveLength(1)
  })

  it('should serve an equality prefix plus sort from a compound index, stopping at the limit', () => {
    const filter = { g: 3 }
    const { counter, matcher } = countingMatcher(filter)
    const recs = Array.from(queryRecords(coll, filter, matcher, { sort: [['at', -1]], limit: 5 }))
    expect(recs.map((r) => r.view._id)).toEqual([4993, 4983, 4973, 4963, 4953])
    expect(counter.n).toBe(0)
    const plan = planCandidates(coll, filter, [['at', -1]])
    expect(plan).toMatchObject({ indexName: 'g_1_at_-1', sorted: true, exact: true })
    // Conditions the index does not fully serve are still checked per document.
    expect(planCandidates(coll, { g: 3, email: { $exists: true } }).exact).toBe(false)
    expect(planCandidates(coll, { g: { $gt: 3 } }).exact).toBe(false)
    expect(planCandidates(coll, { g: 3, at: new Date(1_700_000_000_003) }).exact).toBe(true)
    expect(planCandidates(coll, { g: null }).exact).toBe(false)
    const { counter: c2, matcher: m2 } = countingMatcher({ g: 3, _id: { $lt: 100 } })
    const some = Array.from(queryRecords(coll, { g: 3, _id: { $lt: 100 } }, m2, { sort: [['at', -1]] }))
    expect(some).toHaveLength(10)
    expect(c2.n).toBe(500)
  })

  it('should serve ranges and reverse index order', () => {
    const filter = { g: 1, at: { $gte: new Date(1_700_000_004_000) } }
    const { counter, matcher } = countingMatcher(filter)
    const recs = Array.from(queryRecords(coll, filter, matcher, { sort: [['at', 1]] }))
    expect(recs.map((r) => r.view._id)).toEqual(
      [4001, 4011, 4021].concat(Array.from({ length: 97 }, (_, i) => 4031 + i * 10)),
    )
    // Equality then a date range: the scan returns exactly the matches, none is re-checked.
    expect(counter.n).toBe(0)
  })

  it('should re-check ranges only where the index scan is not the filter', () => {
    const all = Array.from(coll.docs.values())
    const same = (filter: Record<string, unknown>, exact: boolean): void => {
      const m = compileFilter(filter)
      expect(planCandidates(coll, filter).exact).toBe(exact)
      const got = Array.from(queryRecords(coll, filter, m), (r) => r.id).sort()
      expect(got).toEqual(
        all
          .filter((r) => m.test(r.view))
          .map((r) => r.id)
          .sort(),
      )
    }
    same({ email: { $gt: 'u4990@x' } }, true)
    same({ email: { $gte: 'u10@x', $lt: 'u11@x' } }, true)
    same({ g: 2, at: { $gt: new Date(1_700_000_004_000), $lte: new Date(1_700_000_004_100) } }, true)
    // Numbers (NaN sorts below them in the index), two lower bounds, mixed types, extra conditions.
    same({ g: { $gt: 7 } }, false)
    same({ email: { $gt: 'u1', $gte: 'u1' } }, false)
    same({ email: { $gt: 'u1', $lt: new Date(0) } }, false)
    same({ email: { $gt: 'u4990@x' }, g: 3 }, false)
    // Multikey: one element in range is a match; with two bounds the plan keeps one side.
    same({ tags: { $gt: 't1' } }, true)
    same({ tags: { $gt: 't0', $lt: 't2' } }, false)
  })

  it('should serve $in on a multikey index and dedupe documents', () => {
    const filter = { tags: { $in: ['t1', 't2'] } }
    const recs = Array.from(queryRecords(coll, filter, compileFilter(filter)))
    expect(recs).toHaveLength(3333)
    expect(new Set(recs.map((r) => r.id)).size).toBe(3333)
  })

  it('should fall back to a collection scan for unindexed fields', () => {
    expect(planCandidates(coll, { nope: 1 }).indexName).toBeUndefined()
  })
})
