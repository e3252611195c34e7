/**
 * The BSON value layer: recognising BSON classes, numeric values and their wrapping, BSON type names for
 * `$type`, cloning that keeps BSON class instances intact, query views and dotted-path reads. MongoDB's
 * comparison order and equality keys live in value-order.ts.
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

/** getPathValues for a path already split on dots (callers that read one path many times). */
export function getPartsValues(doc: unknown, parts: string[]): unknown[] {
  const out: unknown[] = []
  collect(doc, parts, 0, out)
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
