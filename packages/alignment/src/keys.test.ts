import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IdNumbering, MapNumbering } from './keys'

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
        const ids = new IdNumbering(added.length)
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
