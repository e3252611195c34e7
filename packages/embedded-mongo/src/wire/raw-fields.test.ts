import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, serialize, Timestamp } from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCommand } from '../commands/context'
import type { Doc } from '../query/values'
import { TopLevelFieldReader } from './raw-fields'

const bytes = (d: Doc): Buffer => Buffer.from(serialize(d))
const FIELDS = ['a', 'b', 'é', 'c']
const reader = new TopLevelFieldReader(FIELDS)

/** The fields the reader promises, taken from bson's decoded view (the reference). */
function expected(view: Doc): Doc {
  const out: Doc = {}
  for (const f of ['_id', ...FIELDS]) if (Object.prototype.hasOwnProperty.call(view, f)) out[f] = view[f]
  return out
}

function decodes(raw: Buffer): Doc | undefined {
  try {
    return decodeCommand(raw)
  } catch {
    return undefined
  }
}

const scalar = fc.oneof(
  fc.double(),
  fc.integer({ min: -2147483648, max: 2147483647 }).map((n) => new Int32(n)),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
)
const other = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.double().map((d) => new Double(d)),
  fc.constant(Decimal128.fromString('1.10')),
  fc.uint8Array({ maxLength: 8 }).map((b) => new Binary(b)),
  fc.uint8Array({ maxLength: 8 }).map((b) => new Binary(b, 4)),
  fc.constant(new BSONRegExp('^a', 'i')),
  fc.constant(new Timestamp({ t: 1, i: 2 })),
)
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, other, tie('arr'), tie('obj')),
  arr: fc.array(tie('v'), { maxLength: 3 }),
  obj: fc.dictionary(fc.constantFrom('a', 'x', 'y', '$ref', '$id'), tie('v'), { maxKeys: 3 }),
})).v
const name = fc.oneof(fc.constantFrom('_id', 'a', 'b', 'é', 'c', 'x', 'y', '$x'), fc.string({ maxLength: 3 }))
const docArb = fc.array(fc.tuple(name, fc.oneof(scalar, value)), { maxLength: 8 }).map((pairs) => {
  const d: Doc = {}
  for (const [k, v] of pairs) if (!k.includes('\0')) d[k] = v
  return d
})
/** Documents with an `_id` (as inserts have), often of the types the reader decodes. */
const withId = fc.tuple(scalar, docArb).map(([id, d]) => ({ _id: id, ...d }))

describe('TopLevelFieldReader', () => {
  it('should give _id and the wanted fields as the decoded view has them, and where _id lies', () => {
    const id = new ObjectId()
    const raw = bytes({ x: { deep: [1, 'two'] }, a: 'text', _id: id, b: new Date(5), c: 2.5, y: 'z' })
    const read = reader.read(raw)
    expect(read?.view).toEqual({ a: 'text', _id: id, b: new Date(5), c: 2.5 })
    expect(raw.subarray(read?.idStart, read?.idEnd).equals(bytes({ _id: id }).subarray(4, -1))).toBe(true)
  })

  it('should leave documents to bson when they are outside what it checks', () => {
    expect(reader.read(bytes({ a: 1 }))).toBeUndefined() // no _id
    expect(reader.read(bytes({ _id: 1, a: [1, 2] }))).toBeUndefined() // array key (multikey)
    expect(reader.read(bytes({ _id: { k: 1 }, a: 1 }))).toBeUndefined() // _id document
    expect(reader.read(bytes({ _id: 1, a: Long.fromNumber(5) }))).toBeUndefined() // int64 key
    expect(reader.read(bytes({ _id: 1, x: new BSONRegExp('a', '') }))).toBeUndefined() // other type
    expect(reader.read(bytes({ _id: 1, $x: 1 }))).toBeUndefined()
    // A repeated wanted field (the serializer cannot write one: build it by hand).
    const one = bytes({ _id: 1, a: 1 })
    const dup = Buffer.concat([
      one.subarray(0, one.length - 1),
      bytes({ a: 2 }).subarray(4, -1),
      Buffer.from([0]),
    ])
    dup.writeInt32LE(dup.length, 0)
    expect(decodes(dup)?.a).toBe(2)
    expect(reader.read(dup)).toBeUndefined()
  })

  it('should read repeated and distinct string values right while it shares the repeated ones', () => {
    // (Sharing a string is not observable from JavaScript; this covers the cache filling up and being
    // dropped for the mostly distinct field.)
    const r = new TopLevelFieldReader(['status', 'user'])
    for (let i = 0; i < 600; i++) {
      const status = i % 3 === 0 ? 'pending' : `s${i % 7}`
      expect(r.read(bytes({ _id: i, status, user: `u${i}` }))?.view).toEqual({
        _id: i,
        status,
        user: `u${i}`,
      })
    }
  })

  it('should agree with bson on any document (property)', () => {
    fc.assert(
      fc.property(withId, (doc) => {
        const raw = bytes(doc)
        const view = decodeCommand(raw)
        const read = reader.read(raw)
        if (read === undefined) return
        expect(read.view).toEqual(expected(view))
        expect(Object.keys(read.view).sort()).toEqual(Object.keys(expected(view)).sort())
      }),
      { numRuns: 500 },
    )
  })

  it('should accept only bytes bson decodes, with the same values (property: corrupted documents)', () => {
    fc.assert(
      fc.property(
        withId,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (doc, edits) => {
          const raw = bytes(doc)
          for (const [at, b] of edits) raw[at % raw.length] = b
          const read = reader.read(raw)
          if (read === undefined) return
          const view = decodes(raw)
          expect(view).toBeDefined()
          expect(read.view).toEqual(expected(view as Doc))
        },
      ),
      { numRuns: 3000 },
    )
  })
})
