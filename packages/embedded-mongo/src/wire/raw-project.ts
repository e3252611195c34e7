/**
 * Top-level inclusion/exclusion projections applied to BSON bytes: the document's elements are
 * walked (type byte, name, value size by type) and the kept elements' bytes are copied into a new
 * document, without decoding or re-encoding any value. Other projections (dotted paths, `$slice`,
 * `$elemMatch`, positional `$`, expressions) are not handled here: compileRawProjection returns
 * undefined for them and the caller uses the decoding path.
 */
import type { Doc } from '../query/values'

/** A compiled top-level projection. */
export interface RawProjection {
  /** 'include': keep only `fields` (and `_id` unless excluded); 'exclude': drop `fields`. */
  readonly mode: 'include' | 'exclude'
  /** Field names as UTF-8 bytes (`_id` is handled by `keepId`, never listed). */
  readonly fields: readonly Buffer[]
  readonly keepId: boolean
}

const ID_NAME = Buffer.from('_id', 'utf8')

function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number' && Number.isFinite(v)) return v !== 0
  return undefined
}

/**
 * Compiles a projection whose keys are all plain top-level names with boolean or numeric values,
 * following MongoDB's rules: `_id` is kept unless `_id: 0`, and inclusion and exclusion cannot be
 * mixed (except for `_id`). Returns undefined for anything else (including mixed projections and
 * `_id: 1` alongside exclusions, so the general path keeps reporting them).
 */
export function compileRawProjection(projection: Doc): RawProjection | undefined {
  const keys = Object.keys(projection)
  if (keys.length === 0) return undefined
  let id: boolean | undefined
  let mode: 'include' | 'exclude' | undefined
  const fields: Buffer[] = []
  for (const k of keys) {
    if (k === '' || k.includes('.') || k.includes('$') || k.includes('\0')) return undefined
    const f = flag(projection[k])
    if (f === undefined) return undefined
    if (k === '_id') {
      id = f
      continue
    }
    const m = f ? 'include' : 'exclude'
    if (mode !== undefined && mode !== m) return undefined
    mode = m
    fields.push(Buffer.from(k, 'utf8'))
  }
  if (mode === undefined) {
    // Only `_id`: `{ _id: 1 }` keeps just `_id`, `{ _id: 0 }` drops it.
    return id ? { mode: 'include', fields: [], keepId: true } : { mode: 'exclude', fields: [], keepId: false }
  }
  if (mode === 'exclude' && id === true) return undefined
  return { mode, fields, keepId: id !== false }
}

function malformed(what: string): RangeError {
  return new RangeError(`malformed stored BSON: ${what}`)
}

/** Position just past the NUL that ends the cstring starting at `pos` (within `end`). */
function skipCString(buf: Buffer, pos: number, end: number): number {
  const nul = buf.indexOf(0, pos)
  if (nul < 0 || nul >= end) throw malformed('unterminated name')
  return nul + 1
}

/** Size in bytes of the value of an element of BSON type `type` whose value starts at `pos`. */
export function bsonValueSize(buf: Buffer, type: number, pos: number, end: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return 8
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + buf.readInt32LE(pos)
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope (total length includes itself)
      return buf.readInt32LE(pos)
    case 0x05: // binary: int32 length, subtype, bytes
      return 4 + 1 + buf.readInt32LE(pos)
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // maxKey
    case 0xff: // minKey
      return 0
    case 0x07: // ObjectId
      return 12
    case 0x08: // boolean
      return 1
    case 0x0b: // regex: pattern and options cstrings
      return skipCString(buf, skipCString(buf, pos, end), end) - pos
    case 0x0c: // DBPointer: string then ObjectId
      return 4 + buf.readInt32LE(pos) + 12
    case 0x10: // int32
      return 4
    case 0x13: // decimal128
      return 16
    default:
      throw malformed(`unknown element type 0x${type.toString(16)}`)
  }
}

function nameEquals(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false
  return true
}

function listed(buf: Buffer, start: number, end: number, fields: readonly Buffer[]): boolean {
  for (const f of fields) if (nameEquals(buf, start, end, f)) return true
  return false
}

// Kept byte ranges of the document being projected (start, end pairs); reused between calls.
let ranges = new Int32Array(64)

/**
 * Applies a compiled projection to one BSON document. Returns `raw` itself when every element is
 * kept; otherwise a new buffer with the kept elements in document order.
 */
export function projectRaw(raw: Buffer, p: RawProjection): Buffer {
  if (raw.length < 5) throw malformed('document too short')
  const docEnd = raw.readInt32LE(0)
  if (docEnd > raw.length || docEnd < 5 || raw[docEnd - 1] !== 0) throw malformed('bad document length')
  const end = docEnd - 1
  const include = p.mode === 'include'
  let n = 0
  let size = 0
  let droppedAny = false
  let pos = 4
  while (pos < end) {
    const start = pos
    const type = raw[pos] as number
    const nameStart = pos + 1
    const valueStart = skipCString(raw, nameStart, end)
    const nameEnd = valueStart - 1
    const next = valueStart + bsonValueSize(raw, type, valueStart, end)
    if (next < valueStart || next > end) throw malformed('element runs past the document end')
    pos = next
    const keep = nameEquals(raw, nameStart, nameEnd, ID_NAME)
      ? p.keepId
      : include === listed(raw, nameStart, nameEnd, p.fields)
    if (!keep) {
      droppedAny = true
      continue
    }
    if (n > 0 && ranges[2 * n - 1] === start) {
      ranges[2 * n - 1] = next // adjacent to the previous kept element: extend it
    } else {
      if (2 * n + 2 > ranges.length) {
        const grown = new Int32Array(ranges.length * 2)
        grown.set(ranges)
        ranges = grown
      }
      ranges[2 * n] = start
      ranges[2 * n + 1] = next
      n++
    }
    size += next - start
  }
  if (!droppedAny) return docEnd === raw.length ? raw : raw.subarray(0, docEnd)
  const out = Buffer.allocUnsafe(size + 5)
  out.writeInt32LE(size + 5, 0)
  let at = 4
  for (let i = 0; i < n; i++) {
    const s = ranges[2 * i] as number
    const e = ranges[2 * i + 1] as number
    raw.copy(out, at, s, e)
    at += e - s
  }
  out[at] = 0
  return out
}
