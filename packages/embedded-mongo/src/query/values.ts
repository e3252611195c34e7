/**
 * The BSON value layer: MongoDB's cross-type comparison order, canonical keys for hashing,
 * BSON type names for `$type`, and cloning that keeps BSON class instances intact.
 */
import { Decimal128, Double, Int32, Long } from 'bson'

/** A decoded BSON document. */
export type Doc = Record<string, unknown>

/** The BSON class name of a value (`ObjectId`, `Long`, ...) or undefined for plain JS values. */
export function bsonClass(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined
  const t = (v as { _bsontype?: unknown })._bsontype
  return typeof t === 'string' ? t : undefined
}

/** True for a plain (JSON-like) object: not an array, Date, RegExp, Buffer or BSON class. */
export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** Numeric value of a JS number or BSON numeric wrapper, or undefined when not numeric. */
export function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  switch (bsonClass(v)) {
    case 'Int32':
    case 'Double':
      return (v as Int32 | Double).valueOf()
    case 'Long':
      return (v as Long).toNumber()
    case 'Decimal128':
      return Number((v as Decimal128).toString())
    default:
      return undefined
  }
}

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

/** Compares two BSON values in MongoDB's order (numbers across int/long/double/decimal compare by value). */
export function compareValues(a: unknown, b: unknown): number {
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
    case ORDER_OBJECTID:
      return cmp(
        (a as { toHexString(): string }).toHexString(),
        (b as { toHexString(): string }).toHexString(),
      )
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
      return `o${(v as { toHexString(): string }).toHexString()}`
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

/** The BSON type alias of a value (`double`, `int`, `objectId`, ...), as `$type` names it. */
export function bsonTypeName(v: unknown): string {
  if (v === undefined) return 'undefined'
  if (v === null) return 'null'
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'int' : 'double'
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'bigint':
      return 'long'
    default:
      break
  }
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'date'
  if (v instanceof RegExp) return 'regex'
  if (v instanceof Uint8Array) return 'binData'
  switch (bsonClass(v)) {
    case undefined:
      return 'object'
    case 'ObjectId':
      return 'objectId'
    case 'Int32':
      return 'int'
    case 'Double':
      return 'double'
    case 'Long':
      return 'long'
    case 'Decimal128':
      return 'decimal'
    case 'Binary':
      return 'binData'
    case 'Timestamp':
      return 'timestamp'
    case 'BSONRegExp':
      return 'regex'
    case 'BSONSymbol':
      return 'symbol'
    case 'Code':
      return (v as { scope?: unknown }).scope ? 'javascriptWithScope' : 'javascript'
    case 'MinKey':
      return 'minKey'
    case 'MaxKey':
      return 'maxKey'
    case 'DBRef':
      return 'object'
    default:
      return 'object'
  }
}

/** BSON type numbers accepted by `$type`, mapped to their aliases. */
export const TYPE_NUMBERS: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
}

/** Deep-clones plain objects and arrays; BSON class instances are shared (they are treated as immutable). */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(cloneValue) as T
  if (v instanceof Date) return new Date(v.getTime()) as T
  if (!isPlainObject(v)) return v
  const out: Doc = {}
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Doc)[k])
  return out as T
}

/**
 * Turns a decoded document into its query view: Long and Decimal128 values become JS numbers so
 * that mingo compares them by value with other numbers. Mutates and returns `v`.
 */
export function toQueryView<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = viewValue(v[i])
    return v
  }
  if (!isPlainObject(v)) return v
  const o = v as Doc
  for (const k of Object.keys(o)) {
    const x = o[k]
    if (x !== null && typeof x === 'object') o[k] = viewValue(x)
  }
  return v
}

function viewValue(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x
  const cls = bsonClass(x)
  if (cls === 'Long' || cls === 'Decimal128' || cls === 'Int32' || cls === 'Double') return numericValue(x)
  if (cls !== undefined) return x
  return toQueryView(x)
}

/** Reads a dotted path from a document without array traversal (`a.0.b` indexes arrays). */
export function getPathStrict(doc: unknown, path: string): unknown {
  let cur: unknown = doc
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined
      cur = cur[Number(part)]
    } else {
      cur = (cur as Doc)[part]
    }
  }
  return cur
}

/**
 * Values at a dotted path with MongoDB's array traversal: every array along the path is expanded,
 * and a numeric segment also indexes into arrays. Missing paths give no values.
 */
export function getPathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = []
  collect(doc, path.split('.'), 0, out)
  return out
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(cur)
    return
  }
  if (cur === null || typeof cur !== 'object') return
  const part = parts[i] ?? ''
  if (Array.isArray(cur)) {
    if (/^\d+$/.test(part)) {
      const idx = Number(part)
      if (idx < cur.length) collect(cur[idx], parts, i + 1, out)
    }
    for (const el of cur)
      if (el !== null && typeof el === 'object' && !Array.isArray(el)) collect(el, parts, i, out)
    return
  }
  if (bsonClass(cur) !== undefined || cur instanceof Date) return
  const o = cur as Doc
  if (!(part in o)) return
  collect(o[part], parts, i + 1, out)
}

/** Wraps a JS number as the BSON numeric type named by `type` (int, long, double, decimal). */
export function wrapNumber(n: number, type: string): unknown {
  switch (type) {
    case 'double':
      return new Double(n)
    case 'long':
      return Long.fromNumber(n)
    case 'decimal':
      return Decimal128.fromString(String(n))
    case 'int':
      return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? new Int32(n) : new Double(n)
    default:
      return n
  }
}
