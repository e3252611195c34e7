/**
 * MongoDB's cross-type comparison order of BSON values (for filters, sorts and index keys), and canonical
 * keys that are equal exactly when MongoDB considers two values equal (for hashing).
 */
import type { Long } from 'bson'
import { bsonClass, numericValue, type Doc } from './values'

// MongoDB's canonical type order for comparisons and sorts.
const ORDER_MINKEY = 1
const ORDER_NULL = 2
const ORDER_NUMBER = 3
const ORDER_STRING = 4
const ORDER_OBJECT = 5
const ORDER_ARRAY = 6
const ORDER_BINARY = 7
const ORDER_OBJECTID = 8
const ORDER_BOOLEAN = 9
const ORDER_DATE = 10
const ORDER_TIMESTAMP = 11
const ORDER_REGEX = 12
const ORDER_CODE = 13
const ORDER_MAXKEY = 14

/** The canonical type bracket of a value in MongoDB's comparison order. */
export function typeOrder(v: unknown): number {
  if (v === undefined || v === null) return ORDER_NULL
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return ORDER_NUMBER
    case 'string':
      return ORDER_STRING
    case 'boolean':
      return ORDER_BOOLEAN
    case 'object':
      break
    default:
      return ORDER_OBJECT
  }
  if (Array.isArray(v)) return ORDER_ARRAY
  if (v instanceof Date) return ORDER_DATE
  if (v instanceof RegExp) return ORDER_REGEX
  if (v instanceof Uint8Array) return ORDER_BINARY
  switch (bsonClass(v)) {
    case undefined:
      return ORDER_OBJECT
    case 'ObjectId':
      return ORDER_OBJECTID
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return ORDER_NUMBER
    case 'Binary':
      return ORDER_BINARY
    case 'Timestamp':
      return ORDER_TIMESTAMP
    case 'BSONRegExp':
      return ORDER_REGEX
    case 'BSONSymbol':
      return ORDER_STRING
    case 'Code':
      return ORDER_CODE
    case 'MinKey':
      return ORDER_MINKEY
    case 'MaxKey':
      return ORDER_MAXKEY
    default:
      return ORDER_OBJECT
  }
}

function cmp<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  const b = v as { buffer: Uint8Array }
  return b.buffer
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return cmp(a.length, b.length)
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** An ObjectId of bson 7: its 12 bytes as four unsigned 24-bit integers, most significant first. */
interface ObjectIdParts {
  i0?: number
  i1: number
  i2: number
  i3: number
  id: Uint8Array
}

/** Compares two BSON values in MongoDB's order (numbers across int/long/double/decimal compare by value). */
export function compareValues(a: unknown, b: unknown): number {
  // Fast paths for the commonest index keys (same results as the general switch below).
  const ja = typeof a
  if (ja === typeof b) {
    if (ja === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
    if (ja === 'number' && a === a && b === b)
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime())
  }
  const ta = typeOrder(a)
  const tb = typeOrder(b)
  if (ta !== tb) return ta < tb ? -1 : 1
  switch (ta) {
    case ORDER_NULL:
    case ORDER_MINKEY:
    case ORDER_MAXKEY:
      return 0
    case ORDER_NUMBER: {
      const x = numericValue(a) ?? Number(a)
      const y = numericValue(b) ?? Number(b)
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1
      if (Number.isNaN(y)) return 1
      return cmp(x, y)
    }
    case ORDER_STRING:
      return cmp(String(a), String(b))
    case ORDER_BOOLEAN:
      return cmp(a ? 1 : 0, b ? 1 : 0)
    case ORDER_DATE:
      return cmp((a as Date).getTime(), (b as Date).getTime())
    case ORDER_OBJECTID: {
      // The 12 bytes in order: the same order as their lower-case hex strings, without building them.
      // bson keeps an ObjectId as four 24-bit integers (bytes 0-2, 3-5, 6-8, 9-11) and builds a new
      // buffer for each read of `id`: compare the integers when they are there.
      const x = a as ObjectIdParts
      const y = b as ObjectIdParts
      if (typeof x.i0 === 'number' && typeof y.i0 === 'number') {
        if (x.i0 !== y.i0) return x.i0 < y.i0 ? -1 : 1
        if (x.i1 !== y.i1) return x.i1 < y.i1 ? -1 : 1
        if (x.i2 !== y.i2) return x.i2 < y.i2 ? -1 : 1
        return x.i3 === y.i3 ? 0 : x.i3 < y.i3 ? -1 : 1
      }
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id)
    }
    case ORDER_BINARY: {
      const sa = bsonClass(a) === 'Binary' ? (a as { sub_type: number }).sub_type : 0
      const sb = bsonClass(b) === 'Binary' ? (b as { sub_type: number }).sub_type : 0
      const ba = bytesOf(a)
      const bb = bytesOf(b)
      if (ba.length !== bb.length) return cmp(ba.length, bb.length)
      if (sa !== sb) return cmp(sa, sb)
      return compareBytes(ba, bb)
    }
    case ORDER_TIMESTAMP: {
      const x = a as Long
      const y = b as Long
      return x.compare(y)
    }
    case ORDER_REGEX: {
      const ra = a instanceof RegExp ? [a.source, a.flags] : [(a as { pattern: string }).pattern, '']
      const rb = b instanceof RegExp ? [b.source, b.flags] : [(b as { pattern: string }).pattern, '']
      return cmp(ra[0] ?? '', rb[0] ?? '') || cmp(ra[1] ?? '', rb[1] ?? '')
    }
    case ORDER_ARRAY: {
      const xa = a as unknown[]
      const xb = b as unknown[]
      const n = Math.min(xa.length, xb.length)
      for (let i = 0; i < n; i++) {
        const c = compareValues(xa[i], xb[i])
        if (c !== 0) return c
      }
      return cmp(xa.length, xb.length)
    }
    case ORDER_CODE:
      return cmp(String((a as { code: string }).code), String((b as { code: string }).code))
    default: {
      const ka = Object.keys(a as Doc)
      const kb = Object.keys(b as Doc)
      const n = Math.min(ka.length, kb.length)
      for (let i = 0; i < n; i++) {
        const fa = ka[i] ?? ''
        const fb = kb[i] ?? ''
        const va = (a as Doc)[fa]
        const vb = (b as Doc)[fb]
        const t = cmp(typeOrder(va), typeOrder(vb))
        if (t !== 0) return t
        const f = cmp(fa, fb)
        if (f !== 0) return f
        const c = compareValues(va, vb)
        if (c !== 0) return c
      }
      return cmp(ka.length, kb.length)
    }
  }
}

/** Sort key of a (possibly array) field value: arrays sort by their smallest (asc) or largest (desc) element. */
export function sortKey(v: unknown, direction: 1 | -1): unknown {
  if (!Array.isArray(v)) return v
  if (v.length === 0) return undefined
  let best: unknown = v[0]
  for (const x of v) {
    const c = compareValues(x, best)
    if (direction === 1 ? c < 0 : c > 0) best = x
  }
  return best
}

const OID_KEY = Buffer.alloc(25, 0x6f) // 'o', then the 24 hex digits
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/**
 * keyString of an ObjectId, 'o' and its lower-case hex digits, built in one piece: a document's `_id`
 * key is kept for the record's life, and the concatenated form (bson's hex string, then the prefix)
 * kept a chain of string pieces plus the flat copy a Map lookup makes of it.
 */
function objectIdKey(v: ObjectIdParts): string {
  if (typeof v.i0 !== 'number') return `o${(v as unknown as { toHexString(): string }).toHexString()}`
  hex24(v.i0, 1)
  hex24(v.i1, 7)
  hex24(v.i2, 13)
  hex24(v.i3, 19)
  return OID_KEY.toString('latin1', 0, 25)
}

function hex24(n: number, at: number): void {
  for (let shift = 20; shift >= 0; shift -= 4) OID_KEY[at++] = HEX_DIGITS[(n >>> shift) & 15] as number
}

/**
 * A string that is equal for two values exactly when MongoDB considers them equal
 * (numbers of any BSON type compare by value; field order in embedded documents matters).
 */
export function keyString(v: unknown): string {
  if (v === undefined || v === null) return 'z'
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`
    case 'string':
      return `s${v}`
    case 'boolean':
      return v ? 'T' : 'F'
    case 'bigint':
      return `n${v}`
    default:
      break
  }
  if (Array.isArray(v)) return `[${v.map(keyString).join(',')}]`
  if (v instanceof Date) return `d${v.getTime()}`
  if (v instanceof RegExp) return `r/${v.source}/${v.flags}`
  if (v instanceof Uint8Array) return `b0:${Buffer.from(v).toString('base64')}`
  const cls = bsonClass(v)
  switch (cls) {
    case undefined: {
      const o = v as Doc
      return `{${Object.keys(o)
        .map((k) => `${JSON.stringify(k)}:${keyString(o[k])}`)
        .join(',')}}`
    }
    case 'ObjectId':
      return objectIdKey(v as ObjectIdParts)
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128': {
      const n = numericValue(v) ?? 0
      return cls === 'Long' && !Number.isSafeInteger(n) ? `n${(v as Long).toString()}` : keyString(n)
    }
    case 'Binary': {
      const b = v as { sub_type: number; buffer: Uint8Array }
      return `b${b.sub_type}:${Buffer.from(b.buffer).toString('base64')}`
    }
    case 'Timestamp':
      return `t${(v as Long).toString()}`
    case 'MinKey':
      return 'm'
    case 'MaxKey':
      return 'M'
    default:
      return `x${cls}:${String(v)}`
  }
}
