import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from './context'
import { compareEntries, emptyDiscrepancy, sortEntries } from './ordering'
import { FREE, Side } from './side'

/** An entry whose head and tail are given; its discrepancy object tells entries apart. */
function entry(head: string, tail: string | null): Entry {
  return {
    d: emptyDiscrepancy('field_differs', null),
    key: { head, tail: tail === null ? null : () => tail },
    tailText: null,
  }
}

/** The order `sortEntries` must give: the stable sort of the entries by `compareEntries`. */
function reference(entries: Entry[]): Entry[] {
  return [...entries].sort(compareEntries)
}

describe('sortEntries', () => {
  it('orders heads that differ only after the packed units, or only in length, as the strings do', () => {
    const heads = [
      '2\u0000王建国\u000012345',
      '2\u0000王建国\u000012344',
      '2\u0000王建国\u00001234',
      '2\u0000王建国\u0000',
      '2\u0000王建国',
      '2\u0000王建',
      '2\u0000王建\u0000',
      '2',
      '',
      '1\u0000低保标准',
      '0\u0000记录数',
      '2\u0000\uffff\uffff\uffff\uffff',
    ]
    const entries = heads.map((h) => entry(h, null))
    expect(sortEntries(entries).map((e) => e.key.head)).toEqual([...heads].sort())
  })

  it('breaks ties of equal heads by the tail, then keeps the order entries came in', () => {
    const a = entry('2\u0000张三\u00007', 'b')
    const b = entry('2\u0000张三\u00007', 'a')
    const c = entry('2\u0000张三\u00007', 'a')
    const d = entry('2\u0000张三\u00007', null)
    const sorted = sortEntries([a, b, c, d])
    expect(sorted.map((e) => e.d)).toEqual([d.d, b.d, c.d, a.d])
  })

  it('gives the order of the stable sort by compareEntries', () => {
    const unit = fc.constantFrom('\u0000', '\u0001', '0', '1', '2', '9', 'A', '王', '张', '\uffff')
    const text = fc.array(unit, { maxLength: 14 }).map((units) => units.join(''))
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.option(text, { nil: null })), { maxLength: 60 }), (keys) => {
        const entries = keys.map(([head, tail]) => entry(head, tail))
        const expected = reference(entries.map((e) => ({ ...e, tailText: null }))).map(
          (e) => e.key.head + '|' + e.key.tail?.(),
        )
        const sorted = sortEntries(entries)
        expect(sorted.map((e) => e.key.head + '|' + e.key.tail?.())).toEqual(expected)
        // Stability: entries with equal keys keep their order.
        const position = new Map(entries.map((e, k) => [e.d, k]))
        for (let k = 1; k < sorted.length; k += 1) {
          const x = sorted[k - 1] as Entry
          const y = sorted[k] as Entry
          if (compareEntries(x, y) === 0) expect(position.get(x.d)).toBeLessThan(position.get(y.d) ?? -1)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('Side.freeRows', () => {
  it('lists the rows not matched, in index order', () => {
    const rows = Array.from({ length: 7 }, (_, k) => ({ name: `户${k}` }))
    const side = new Side('village', rows, { name: 'name', idNumber: null, householdNo: null, group: null })
    side.partner.set([FREE, 3, FREE, -2, FREE, 0, FREE])
    expect(Array.from(side.freeRows())).toEqual([0, 2, 4, 6])
    side.partner.fill(1)
    expect(side.freeRows().length).toBe(0)
  })
})
