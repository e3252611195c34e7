import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  deserialize,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
} from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { projectDocs } from '../query/mingo'
import type { Doc } from '../query/values'
import { compileRawProjection, projectRaw, type RawProjection } from './raw-project'

const NAMES = ['_id', 'a', 'b', 'ab', 'rows', 'searchTokens', 'é', 'x y', 'a_b', 'z']

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ noNaN: true }).map((d) => new Double(d)),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
  fc.tuple(fc.constantFrom(0, 4, 128), fc.uint8Array({ maxLength: 40 })).map(([t, b]) => new Binary(b, t)),
  fc.constantFrom(new BSONRegExp('^a.c$', 'i'), new BSONRegExp('x', '')),
  fc.tuple(fc.nat(), fc.nat()).map(([t, i]) => new Timestamp({ t, i })),
  fc.constantFrom(Decimal128.fromString('1.5'), Decimal128.fromString('-0'), Decimal128.fromString('1E+10')),
  fc.constantFrom(new MinKey(), new MaxKey()),
  fc.constantFrom(new Code('function () { return 1 }'), new Code('x', { y: new Int32(1) })),
  fc.string({ maxLength: 10 }).map((s) => new BSONSymbol(s)),
)

const fieldName = fc.oneof(
  fc.constantFrom(...NAMES),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
    .filter((s) => !/[.$\0]/.test(s) && s !== '__proto__'),
)

const { value: bsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 5 }),
  ),
}))

const documents = fc.dictionary(fieldName, bsonValue, { minKeys: 0, maxKeys: 10 })

const projections: fc.Arbitrary<Doc> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...NAMES.filter((n) => n !== '_id')), { minLength: 0, maxLength: 5 }),
    fc.boolean(),
    fc.constantFrom<'none' | 'hide' | 'show'>('none', 'hide', 'show'),
    fc.constantFrom<'number' | 'bool' | 'other'>('number', 'bool', 'other'),
  )
  .filter(([fields, , id]) => fields.length > 0 || id !== 'none')
  .map(([fields, include, id, style]) => {
    const p: Doc = {}
    if (id === 'hide') p._id = style === 'bool' ? false : 0
    if (id === 'show' && (include || fields.length === 0)) p._id = style === 'bool' ? true : 1
    for (const f of fields) {
      p[f] = style === 'bool' ? include : include ? (style === 'other' ? 5 : 1) : 0
    }
    return p
  })
  .filter((p) => Object.keys(p).length > 0)

function bytes(doc: Doc): Buffer {
  const b = serialize(doc)
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

/** The decoding path: decode exactly, project with mingo, keep document order, encode. */
function reference(raw: Buffer, projection: Doc): Buffer {
  const exact = deserialize(raw, { promoteValues: false }) as Doc
  const projected = projectDocs([exact], projection)[0] as Doc
  const ordered: Doc = {}
  for (const k of Object.keys(exact)) if (Object.hasOwn(projected, k)) ordered[k] = projected[k]
  expect(Object.keys(ordered).sort()).toEqual(Object.keys(projected).sort())
  return bytes(ordered)
}

function compiled(projection: Doc): RawProjection {
  const p = compileRawProjection(projection)
  if (!p) throw new Error(`expected a byte-level projection for ${JSON.stringify(projection)}`)
  return p
}

describe('byte-level projection', () => {
  it('should agree byte for byte with decode/project/encode on generated documents', () => {
    fc.assert(
      fc.property(documents, projections, (doc, projection) => {
        const raw = bytes(doc)
        // The generated values survive a decode/encode round trip, so the reference is exact.
        expect(bytes(deserialize(raw, { promoteValues: false }) as Doc).equals(raw)).toBe(true)
        const out = projectRaw(raw, compiled(projection))
        const ref = reference(raw, projection)
        expect(out.toString('hex')).toBe(ref.toString('hex'))
      }),
      { numRuns: 400 },
    )
  })

  it('should keep document order for inclusion, with _id where it is stored', () => {
    const raw = bytes({ _id: 1, a: 1, b: 2, c: 3 })
    const out = deserialize(projectRaw(raw, compiled({ c: 1, a: 1 })))
    expect(Object.keys(out)).toEqual(['_id', 'a', 'c'])
    expect(Object.keys(deserialize(projectRaw(raw, compiled({ _id: 0, c: 1 }))))).toEqual(['c'])
    expect(Object.keys(deserialize(projectRaw(raw, compiled({ _id: 1 }))))).toEqual(['_id'])
    expect(Object.keys(deserialize(projectRaw(raw, compiled({ _id: 0 }))))).toEqual(['a', 'b', 'c'])
  })

  it('should return the stored bytes themselves when nothing is removed', () => {
    const raw = bytes({ _id: 1, a: 1 })
    expect(projectRaw(raw, compiled({ zz: 0 }))).toBe(raw)
  })

  it('should walk every element type, including undefined, DBPointer and deprecated ones', () => {
    const el = (type: number, name: string, value: Buffer): Buffer =>
      Buffer.concat([Buffer.from([type]), Buffer.from(`${name}\0`, 'utf8'), value])
    const str = (s: string): Buffer => {
      const b = Buffer.from(`${s}\0`, 'utf8')
      const len = Buffer.alloc(4)
      len.writeInt32LE(b.length)
      return Buffer.concat([len, b])
    }
    const elements = [
      el(0x10, '_id', Buffer.from([7, 0, 0, 0])),
      el(0x06, 'undef', Buffer.alloc(0)),
      el(0x0c, 'ptr', Buffer.concat([str('db.coll'), Buffer.alloc(12, 1)])),
      el(0x0b, 're', Buffer.from('a+b\0imx\0', 'latin1')),
      el(0x0d, 'code', str('1+1')),
      el(0x0e, 'sym', str('s')),
      el(0x01, 'drop', Buffer.alloc(8)),
      el(0x13, 'dec', Buffer.alloc(16, 2)),
      el(0x05, 'bin', Buffer.concat([Buffer.from([3, 0, 0, 0, 0x80]), Buffer.from([1, 2, 3])])),
      el(0x7f, 'max', Buffer.alloc(0)),
      el(0xff, 'min', Buffer.alloc(0)),
    ]
    const doc = (els: Buffer[]): Buffer => {
      const body = Buffer.concat(els)
      const head = Buffer.alloc(4)
      head.writeInt32LE(body.length + 5)
      return Buffer.concat([head, body, Buffer.from([0])])
    }
    const raw = doc(elements)
    const kept = elements.filter((_, i) => i !== 6)
    expect(projectRaw(raw, compiled({ drop: 0 })).equals(doc(kept))).toBe(true)
    const picked = [elements[0], elements[2], elements[9]] as Buffer[]
    expect(projectRaw(raw, compiled({ max: 1, ptr: 1 })).equals(doc(picked))).toBe(true)
  })

  it('should refuse malformed bytes instead of reading past them', () => {
    const raw = bytes({ a: 'xyz', b: 1 })
    const cut = Buffer.from(raw)
    cut.writeInt32LE(1000, 7) // the string's length now runs past the document
    expect(() => projectRaw(cut, compiled({ b: 0 }))).toThrow(RangeError)
    const unknown = Buffer.from(raw)
    unknown[4] = 0x42
    expect(() => projectRaw(unknown, compiled({ b: 0 }))).toThrow(RangeError)
  })

  it('should leave other projections to the decoding path', () => {
    for (const p of [
      { 'a.b': 1 },
      { a: { $slice: 2 } },
      { a: { $elemMatch: { x: 1 } } },
      { 'a.$': 1 },
      { a: 1, b: 0 },
      { _id: 1, a: 0 },
      { a: 'literal' },
      { a: Number.NaN },
    ]) {
      expect(compileRawProjection(p)).toBeUndefined()
    }
  })
})
