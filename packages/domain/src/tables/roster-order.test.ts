import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rosterOrder } from './roster-order'

describe('rosterOrder', () => {
  it('puts villages in code order and keeps each village’s rows in their order', () => {
    const villages = ['360999002001', '360999001001', '360999002001', '360999001001', '360999001002']
    expect(rosterOrder(villages)).toEqual([1, 3, 4, 0, 2])
  })

  it('is a stable permutation sorted by code, for any list', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 200 }), (villages) => {
        const order = rosterOrder(villages)
        expect([...order].sort((a, b) => a - b)).toEqual(villages.map((_, i) => i))
        for (let k = 1; k < order.length; k++) {
          const prev = order[k - 1] ?? 0
          const cur = order[k] ?? 0
          const a = villages[prev] ?? ''
          const b = villages[cur] ?? ''
          expect(a <= b).toBe(true)
          if (a === b) expect(prev < cur).toBe(true)
        }
      }),
    )
  })
})
