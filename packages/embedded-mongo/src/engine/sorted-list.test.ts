import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SortedList } from './sorted-list'

describe('SortedList', () => {
  it('should keep elements ordered through inserts and removes across bucket splits', () => {
    const list = new SortedList<number>((a, b) => a - b)
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000)
    for (const v of values) list.insert(v)
    expect(list.size).toBe(5000)
    expect(Array.from(list.values())).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    for (let i = 0; i < 5000; i += 2) expect(list.remove(i)).toBe(true)
    expect(list.remove(2)).toBe(false)
    expect(Array.from(list.values()).slice(0, 3)).toEqual([1, 3, 5])
    expect(Array.from(list.from((x) => x - 4000)).slice(0, 2)).toEqual([4001, 4003])
    expect(Array.from(list.fromReverse((x) => x - 4000)).slice(0, 2)).toEqual([3999, 3997])
    expect(Array.from(list.values(true)).slice(0, 2)).toEqual([4999, 4997])
  })

  it('should give the same order with batch inserts as with single inserts, whatever the batches', () => {
    const batches = fc.array(
      fc.record({
        values: fc.array(fc.integer({ min: -3000, max: 3000 }), { maxLength: 3000 }),
        removeEvery: fc.integer({ min: 0, max: 7 }),
      }),
      { maxLength: 6 },
    )
    fc.assert(
      fc.property(batches, (steps) => {
        const list = new SortedList<number>((a, b) => a - b)
        let model: number[] = []
        for (const { values, removeEvery } of steps) {
          list.insertMany(values)
          model = model.concat(values).sort((a, b) => a - b)
          if (removeEvery > 0) {
            const gone = model.filter((_, i) => i % removeEvery === 0)
            for (const v of gone) expect(list.remove(v)).toBe(true)
            model = model.filter((_, i) => i % removeEvery !== 0)
          }
          expect(list.size).toBe(model.length)
          expect(Array.from(list.values())).toEqual(model)
        }
        expect(Array.from(list.values(true))).toEqual(model.slice().reverse())
      }),
      { numRuns: 60 },
    )
  })

  it('should merge a batch into long buckets, append after them and split what grows too big', () => {
    const list = new SortedList<number>((a, b) => a - b)
    list.insertMany(Array.from({ length: 20_000 }, (_, i) => i * 2))
    // Dense runs into every bucket (merge), sparse runs (one by one) and a tail (append).
    list.insertMany(Array.from({ length: 20_000 }, (_, i) => i * 2 + 1))
    list.insertMany([5, 40_001, 7, 80_000, 80_002])
    const all = Array.from(list.values())
    expect(all.length).toBe(40_005)
    expect(all.every((v, i) => i === 0 || (all[i - 1] as number) <= v)).toBe(true)
    expect(all.slice(0, 9)).toEqual([0, 1, 2, 3, 4, 5, 5, 6, 7])
    expect(Array.from(list.from((x) => x - 39_999))).toEqual([39_999, 40_001, 80_000, 80_002])
  })
})
