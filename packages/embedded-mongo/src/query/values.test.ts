import { Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bsonTypeName } from './values'
import { compareValues, keyString } from './value-order'

describe('compareValues', () => {
  it('should order ObjectIds as their bytes (and their hex strings)', () => {
    const bytes = fc.uint8Array({ minLength: 12, maxLength: 12 })
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const x = new ObjectId(a)
        const y = new ObjectId(b)
        const hex = x.toHexString() < y.toHexString() ? -1 : x.toHexString() > y.toHexString() ? 1 : 0
        expect(compareValues(x, y)).toBe(hex)
        expect(compareValues(y, x)).toBe(-hex)
      }),
    )
    const id = new ObjectId()
    expect(compareValues(id, new ObjectId(id.toHexString()))).toBe(0)
  })

  it("should order values by MongoDB's type brackets", () => {
    const ordered = [
      new MinKey(),
      null,
      1,
      'a',
      { a: 1 },
      [1],
      Buffer.from('x'),
      new ObjectId(),
      false,
      new Date(0),
      new MaxKey(),
    ]
    for (let i = 0; i + 1 < ordered.length; i++) expect(compareValues(ordered[i], ordered[i + 1])).toBe(-1)
  })

  it('should compare numbers of every BSON type by value', () => {
    expect(compareValues(new Int32(2), new Double(2))).toBe(0)
    expect(compareValues(Long.fromNumber(3), 2.5)).toBe(1)
    expect(compareValues(Decimal128.fromString('1.5'), 1.5)).toBe(0)
    expect(keyString(new Int32(2))).toBe(keyString(2))
  })
})

describe('bsonTypeName', () => {
  it('should name BSON types as $type does', () => {
    expect(bsonTypeName(new Double(1))).toBe('double')
    expect(bsonTypeName(1)).toBe('int')
    expect(bsonTypeName(1.5)).toBe('double')
    expect(bsonTypeName(Long.fromNumber(1))).toBe('long')
    expect(bsonTypeName(new ObjectId())).toBe('objectId')
  })
})
