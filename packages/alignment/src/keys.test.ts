import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HouseholdNameNumbering, IdNumbering, MapNumbering } from './keys'

/** Full IDs that share most digits, so that close values (one digit, the check character) are told apart. */
const idLike = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('0', '1', '9'), minLength: 17, maxLength: 17 }),
    fc.constantFrom('0', '9', 'X'),
  )
  .map(([digits, check]) => `${digits}${check}`)
const key = fc.oneof(idLike, fc.constantFrom('', 'X', '11010519491231002x', '110***********002X', '王伟'))

describe(IdNumbering.name, () => {
  it('should number keys exactly as a Map does', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.array(key, { maxLength: 30 }), (added, looked) => {
        // Expecting fewer keys than come makes the table grow.
        const ids = new IdNumbering(added.length >> 3)
        const map = new MapNumbering()
        added.forEach((k, i) => {
          expect(ids.numberOrAdd(k, i)).toBe(map.numberOrAdd(k, i))
        })
        for (const k of [...added, ...looked]) expect(ids.numberOf(k)).toBe(map.numberOf(k))
      }),
    )
  })

  it('should tell apart IDs that differ only in the check character', () => {
    const ids = new IdNumbering(2)
    expect(ids.numberOrAdd('11010519491231002X', 0)).toBe(0)
    expect(ids.numberOrAdd('110105194912310020', 1)).toBe(1)
    expect(ids.numberOf('11010519491231002X')).toBe(0)
    expect(ids.numberOf('110105194912310029')).toBe(-1)
  })
})

describe(HouseholdNameNumbering.name, () => {
  it('should number (户号, name) pairs exactly as a Map of joined strings does', () => {
    const hn = fc.constantFrom('3', '12', '0', '03', '123456789', '1234567890', '3-1', 'A12', '')
    const name = fc.constantFrom('王伟', '王伟A', '李娜', '', '3')
    const pair = fc.tuple(hn, name)
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), fc.array(pair, { maxLength: 30 }), (added, looked) => {
        const pairs = new HouseholdNameNumbering(1)
        const map = new MapNumbering()
        added.forEach(([h, n], i) => {
          expect(pairs.numberOrAdd(h, n, i)).toBe(map.numberOrAdd(`${h}\u0001${n}`, i))
        })
        for (const [h, n] of [...added, ...looked]) {
          expect(pairs.numberOf(h, n)).toBe(map.numberOf(`${h}\u0001${n}`))
        }
      }),
    )
  })
})
