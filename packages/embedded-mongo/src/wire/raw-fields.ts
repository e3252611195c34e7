/**
 * Reads an inserted document's `_id` and top-level index fields from its bytes, without decoding the
 * whole document: the insert path needs only those (for the `_id` and the index keys), and decoding
 * every field of every document was a fifth of an insert's cost and most of its garbage.
 *
 * The whole document is still checked, strictly: every element must be of a type this reader knows
 * and well framed, strings valid UTF-8, booleans 0 or 1. Anything outside that subset (other types,
 * binary subtypes other than 0, a `$`-prefixed or non-UTF-8 top-level name, a repeated wanted field,
 * a wanted field holding a value other than a scalar decoded here, very deep nesting) gives undefined,
 * and the caller decodes the document with bson as before, which refuses what is malformed with its
 * own error. So a document this reader accepts is one bson's deserializer accepts too, and the
 * values it returns are the ones the decoded query view holds.
 */
import { isUtf8 } from 'node:buffer'
import { ObjectId } from 'bson'
import type { Doc } from '../query/values'

/** Nesting deeper than this is left to bson (which does not recurse). */
const MAX_DEPTH = 64

/** What was read from one document. */
export interface TopLevelFields {
  /** `_id` and the wanted fields present in the document, as the query view holds them. */
  view: Doc
  /** Where the `_id` element (type byte to end of value) lies in the document. */
  idStart: number
  idEnd: number
}

/** Reads `_id` and a fixed set of top-level fields from BSON documents. */
export class TopLevelFieldReader {
  /** Wanted names as UTF-8 bytes; index 0 is `_id`. */
  readonly #names: Buffer[]
  readonly #strings: string[]
  /**
   * Per wanted field, its short string values seen so far, so that documents share one string per
   * value (a status, an event id): fewer long-lived strings in the index keys, and equal keys that
   * compare by identity. Dropped for a field whose values turn out to be mostly distinct.
   */
  readonly #interned: (Map<string, string> | undefined)[]
  readonly #hits: number[]
  readonly #misses: number[]

  constructor(fields: Iterable<string>) {
    const strings = ['_id']
    for (const f of fields) if (!strings.includes(f)) strings.push(f)
    this.#strings = strings
    this.#names = strings.map((s) => Buffer.from(s, 'utf8'))
    this.#interned = strings.map(() => new Map())
    this.#hits = strings.map(() => 0)
    this.#misses = strings.map(() => 0)
  }

  /** The shared instance of string `s` read for wanted field `w` (see #interned). */
  #intern(w: number, s: string): string {
    const seen = this.#interned[w]
    if (!seen || s.length > MAX_INTERNED) return s
    const shared = seen.get(s)
    if (shared !== undefined) {
      ;(this.#hits[w] as number)++
      return shared
    }
    if (seen.size < INTERNED_PER_FIELD) seen.set(s, s)
    else if ((this.#hits[w] as number) < ++(this.#misses[w] as number)) this.#interned[w] = undefined
    return s
  }

  /** The fields of `doc` (a whole BSON document), or undefined when the caller must decode it. */
  read(doc: Buffer): TopLevelFields | undefined {
    const size = doc.length
    if (size < 5 || doc.readInt32LE(0) !== size || doc[size - 1] !== 0) return undefined
    const names = this.#names
    const view: Doc = {}
    let seen = 0
    let idStart = 0
    let idEnd = 0
    const end = size - 1
    let pos = 4
    while (pos < end) {
      const type = doc[pos] as number
      const nameStart = pos + 1
      const nul = zeroFrom(doc, nameStart, end)
      if (nul < 0) return undefined
      const first = doc[nameStart] as number
      if (first === 0x24 /* $ */) return undefined
      if (!asciiOrUtf8(doc, nameStart, nul)) return undefined
      const valuePos = nul + 1
      const next = elementEnd(doc, type, valuePos, end, 0)
      if (next < 0) return undefined
      const nameLength = nul - nameStart
      for (let w = 0; w < names.length; w++) {
        const name = names[w] as Buffer
        if (name.length !== nameLength || name[0] !== first || !sameBytes(doc, nameStart, name)) continue
        if (seen & (1 << w)) return undefined
        seen |= 1 << w
        if (w === 0) {
          idStart = pos
          idEnd = next
        }
        const value = scalarValue(doc, type, valuePos, next)
        if (value === NOT_SCALAR) return undefined
        view[this.#strings[w] as string] = typeof value === 'string' ? this.#intern(w, value) : value
        break
      }
      pos = next
    }
    if (pos !== end || !(seen & 1)) return undefined
    return { view, idStart, idEnd }
  }
}

const NOT_SCALAR = Symbol('not a scalar')
/** Strings up to this length are shared between documents (see #interned), at most this many per field. */
const MAX_INTERNED = 64
const INTERNED_PER_FIELD = 256

/** The query view's value of a scalar element, or NOT_SCALAR for types left to bson. */
function scalarValue(doc: Buffer, type: number, pos: number, next: number): unknown {
  switch (type) {
    case 0x01:
      return doc.readDoubleLE(pos)
    case 0x02:
      return doc.toString('utf8', pos + 4, next - 1)
    case 0x07:
      return new ObjectId(doc.subarray(pos, pos + 12))
    case 0x08:
      return doc[pos] === 1
    case 0x09:
      // As bson's Long.toNumber: high * 2^32 + unsigned low.
      return new Date(doc.readInt32LE(pos + 4) * 4294967296 + doc.readUInt32LE(pos))
    case 0x0a:
      return null
    case 0x10:
      return doc.readInt32LE(pos)
    default:
      return NOT_SCALAR
  }
}

/** Position of the first zero byte in [start, end), or -1. */
function zeroFrom(doc: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) if (doc[i] === 0) return i
  return -1
}

function sameBytes(doc: Buffer, start: number, name: Buffer): boolean {
  for (let i = 1; i < name.length; i++) if (doc[start + i] !== name[i]) return false
  return true
}

/** Whether bytes [start, end) are valid UTF-8 (a quick pass for ASCII first). */
function asciiOrUtf8(doc: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if ((doc[i] as number) >= 0x80) return isUtf8(doc.subarray(start, end))
  }
  return true
}

/**
 * The position just past the value of an element of `type` starting at `pos`, within a parent whose
 * terminating zero byte is at `limit`; -1 when the value is malformed or of a type not checked here.
 */
function elementEnd(doc: Buffer, type: number, pos: number, limit: number, depth: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return pos + 8 <= limit ? pos + 8 : -1
    case 0x10: // int32
      return pos + 4 <= limit ? pos + 4 : -1
    case 0x07: // ObjectId
      return pos + 12 <= limit ? pos + 12 : -1
    case 0x13: // decimal128
      return pos + 16 <= limit ? pos + 16 : -1
    case 0x08: // boolean
      return pos + 1 <= limit && ((doc[pos] as number) === 0 || (doc[pos] as number) === 1) ? pos + 1 : -1
    case 0x0a: // null
      return pos
    case 0x02: {
      if (pos + 4 > limit) return -1
      const n = doc.readInt32LE(pos)
      const next = pos + 4 + n
      if (n < 1 || next > limit || doc[next - 1] !== 0) return -1
      return asciiOrUtf8(doc, pos + 4, next - 1) ? next : -1
    }
    case 0x05: {
      // Binary, generic subtype only (others have rules of their own in bson).
      if (pos + 5 > limit) return -1
      const n = doc.readInt32LE(pos)
      const next = pos + 5 + n
      if (n < 0 || next > limit || doc[pos + 4] !== 0) return -1
      return next
    }
    case 0x03:
    case 0x04: {
      if (depth >= MAX_DEPTH || pos + 5 > limit) return -1
      const n = doc.readInt32LE(pos)
      const next = pos + n
      if (n < 5 || next > limit || doc[next - 1] !== 0) return -1
      return documentValid(doc, pos + 4, next - 1, depth + 1) ? next : -1
    }
    default:
      return -1
  }
}

/** Whether the elements from `pos` fill an embedded document exactly up to its terminator at `end`. */
function documentValid(doc: Buffer, pos: number, end: number, depth: number): boolean {
  while (pos < end) {
    const type = doc[pos] as number
    const nul = zeroFrom(doc, pos + 1, end)
    if (nul < 0) return false
    const next = elementEnd(doc, type, nul + 1, end, depth)
    if (next < 0) return false
    pos = next
  }
  return pos === end
}
