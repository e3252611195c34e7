/**
 * Exact BSON numeric types after an operator update: mingo computes on JS numbers, so the fields an
 * update did not touch take their stored values back, `$set` stores the type it was given, and
 * `$inc`/`$mul` widen the type the way MongoDB does (int to long on overflow, int with double to double).
 */
import {
  bsonClass,
  bsonTypeName,
  cloneValue,
  getPathStrict,
  isPlainObject,
  wrapNumber,
  type Doc,
} from './values'
import type { UpdateInput } from './update'

/** True for paths with a positional (`$`) or array-filter (`$[…]`) segment. */
export function isPositional(path: string): boolean {
  return path.split('.').some((s) => s === '$' || s.startsWith('$['))
}

type NumType = 'int' | 'long' | 'double' | 'decimal'
const NUM_RANK: Record<NumType, number> = { int: 0, long: 1, double: 2, decimal: 3 }

function numType(v: unknown): NumType {
  if (v === undefined || v === null) return 'int'
  const t = bsonTypeName(v)
  return t === 'long' || t === 'double' || t === 'decimal' ? t : 'int'
}

function hasTypedNumber(v: unknown): boolean {
  const cls = bsonClass(v)
  if (cls === 'Double' || cls === 'Long' || cls === 'Decimal128') return true
  if (Array.isArray(v)) return v.some(hasTypedNumber)
  if (isPlainObject(v)) return Object.values(v).some(hasTypedNumber)
  return false
}

/** Sets a dotted path in an exact document, cloning the containers on the way (they may be shared with the view). */
function setExactPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.')
  let cur: unknown = doc
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string
    const container = cur as Record<string, unknown>
    const next = container[seg]
    if (next === null || typeof next !== 'object' || (!Array.isArray(next) && !isPlainObject(next))) return
    const copy = cloneValue(next)
    container[seg] = copy
    cur = copy
  }
  if (cur === null || typeof cur !== 'object') return
  ;(cur as Record<string, unknown>)[segs[segs.length - 1] as string] = value
}

/** The exact document after an operator update: untouched top-level fields keep their stored BSON types. */
export function exactAfterOperators(
  view: Doc,
  oldExact: Doc | undefined,
  changed: string[] | undefined,
  input: UpdateInput,
): Doc {
  // mingo reports no paths when nothing changed: then every field keeps its stored bytes.
  const changedTop = new Set((changed ?? []).map((p) => p.split('.')[0]))
  const exact: Doc = {}
  for (const k of Object.keys(view)) {
    exact[k] = oldExact && !changedTop.has(k) && k in oldExact ? oldExact[k] : view[k]
  }
  const exactOps = input.exactUpdate
  if (!isPlainObject(exactOps)) return exact
  for (const op of ['$set', '$setOnInsert'] as const) {
    if (op === '$setOnInsert' && !input.isInsert) continue
    const arg = exactOps[op]
    if (!isPlainObject(arg)) continue
    for (const [path, value] of Object.entries(arg)) {
      if (!isPositional(path) && hasTypedNumber(value)) setExactPath(exact, path, value)
    }
  }
  for (const op of ['$inc', '$mul'] as const) {
    const arg = exactOps[op]
    if (!isPlainObject(arg)) continue
    for (const [path, operand] of Object.entries(arg)) {
      if (isPositional(path)) continue
      const result = getPathStrict(view, path)
      if (typeof result !== 'number') continue
      const before = oldExact ? getPathStrict(oldExact, path) : undefined
      let type: NumType =
        NUM_RANK[numType(before)] >= NUM_RANK[numType(operand)] ? numType(before) : numType(operand)
      if (type === 'int' && Number.isInteger(result) && (result > 2147483647 || result < -2147483648))
        type = 'long'
      if (type !== 'int') setExactPath(exact, path, wrapNumber(result, type))
    }
  }
  return exact
}
