import { Binary, BSONRegExp, Decimal128, deserialize, Double, Int32, Long, ObjectId, serialize } from 'bson'
import { describe, expect, it } from 'vitest'
import type { Doc } from '../query/values'
import { rawArrayDocuments, rawWithIdFirst, splitDocumentArray } from './raw-elements'

const bytes = (d: Doc): Buffer => Buffer.from(serialize(d))

const mixed: Doc = {
  a: new Int32(1),
  b: new Double(2),
  c: Long.fromString('9007199254740993'),
  d: Decimal128.fromString('1.10'),
  e: { nested: [1, 'x', { deep: new BSONRegExp('^a', 'i') }] },
  f: new Binary(Buffer.from([1, 2, 3]), 4),
  g: new Date(0),
  h: null,
}

describe('rawArrayDocuments', () => {
  it('should give the bytes of each document of a top-level array, in order', () => {
    const docs = [{ _id: 1, x: 'a' }, mixed, { y: [] }]
    const body = bytes({ insert: 'c', lsid: { id: new ObjectId() }, documents: [...docs, 5], $db: 'd' })
    const raws = rawArrayDocuments(body, 'documents')
    expect(raws).toHaveLength(4)
    for (let i = 0; i < 3; i++) expect((raws?.[i] as Buffer).equals(bytes(docs[i] as Doc))).toBe(true)
    expect(raws?.[3]).toBeUndefined()
    expect(rawArrayDocuments(body, 'updates')).toBeUndefined()
    expect(rawArrayDocuments(body, 'insert')).toBeUndefined()
  })
})

describe('rawWithIdFirst', () => {
  it('should move _id to the front and keep every other element and its exact type', () => {
    const id = new ObjectId()
    const doc: Doc = { ...mixed, _id: id, z: 'last' }
    const moved = rawWithIdFirst(bytes(doc)) as Buffer
    const expected: Doc = { _id: id }
    for (const k of Object.keys(doc)) if (k !== '_id') expected[k] = doc[k]
    expect(moved.equals(bytes(expected))).toBe(true)
    const back = deserialize(moved, { promoteValues: false }) as Doc
    expect(Object.keys(back)[0]).toBe('_id')
    expect(back.a).toBeInstanceOf(Int32)
    expect(back.c).toBeInstanceOf(Long)
  })

  it('should copy a document whose _id is already first, and refuse none or two', () => {
    const first = bytes({ _id: 1, a: 2 })
    const same = rawWithIdFirst(first) as Buffer
    expect(same.equals(first)).toBe(true)
    expect(same).not.toBe(first)
    expect(rawWithIdFirst(bytes({ a: 1 }))).toBeUndefined()
    // Two elements named _id (a raw document a client could send).
    const two = Buffer.concat([
      Buffer.from([0, 0, 0, 0]),
      Buffer.from([0x10, 0x5f, 0x69, 0x64, 0, 1, 0, 0, 0]),
      Buffer.from([0x10, 0x5f, 0x69, 0x64, 0, 2, 0, 0, 0, 0]),
    ])
    two.writeInt32LE(two.length, 0)
    expect(rawWithIdFirst(two)).toBeUndefined()
  })
})

describe('splitDocumentArray', () => {
  it('should give the command without the array and each document as its bytes', () => {
    const docs = [{ _id: 1, x: 'a' }, mixed, {}]
    const body = bytes({ insert: 'c', documents: docs, ordered: false, $db: 'd' })
    const split = splitDocumentArray(body, 'documents')
    expect(split?.docs.map((d) => deserialize(d, { promoteValues: false }))).toEqual(
      docs.map((d) => deserialize(bytes(d), { promoteValues: false })),
    )
    expect(deserialize(split?.rest as Buffer)).toEqual({ insert: 'c', ordered: false, $db: 'd' })
  })

  it('should decline anything but one well-framed array of documents', () => {
    expect(splitDocumentArray(bytes({ insert: 'c', $db: 'd' }), 'documents')).toBeUndefined()
    expect(splitDocumentArray(bytes({ insert: 'c', documents: {}, $db: 'd' }), 'documents')).toBeUndefined()
    expect(splitDocumentArray(bytes({ insert: 'c', documents: [{}, 5] }), 'documents')).toBeUndefined()
    const body = bytes({ insert: 'c', documents: [{ a: 1 }], $db: 'd' })
    const longer = Buffer.from(body)
    longer.writeInt32LE(body.length + 1, 0)
    expect(splitDocumentArray(longer, 'documents')).toBeUndefined()
    // The document's own size pointing past the array.
    const inner = Buffer.from(body)
    inner.writeInt32LE(200, body.indexOf(Buffer.from('0\0')) + 2)
    expect(splitDocumentArray(inner, 'documents')).toBeUndefined()
  })
})
