/**
 * Multikey indexes: how MongoDB's key generator treats arrays on indexed paths (the parallel-arrays rule, and
 * whether a document holds a given key when several paths reach the same array). Used by `collection-index.ts`.
 */
import { ErrorCodes, mongoError } from '../errors'
import { isPlainObject } from '../query/values'
import { compareValues } from '../query/value-order'

/** What `checkArrays` found: no array, one path through an array, or several paths through the same array. */
export const NO_ARRAY = 0
export const ARRAY = 1
export const SHARED_ARRAY = 2

/**
 * MongoDB's parallel-arrays rule, as its key generator applies it: following each indexed path,
 * the first array met must be the same array for every path that meets one (e.g. `roles` for
 * `roles.regionCode` and `roles.role`); inside each element of that array, the paths that continue
 * are checked again. Two different arrays raise code 171.
 */
export function checkArrays(obj: unknown, paths: string[][]): number {
  let shared: unknown[] | undefined
  let sharedName = ''
  let sharers = 0
  const rest: string[][] = []
  for (const parts of paths) {
    let cur: unknown = obj
    let i = 0
    let hit: unknown[] | undefined
    while (i < parts.length && isPlainObject(cur)) {
      cur = cur[parts[i] as string]
      i++
      if (Array.isArray(cur)) {
        hit = cur
        break
      }
    }
    if (!hit) continue
    const name = parts[i - 1] as string
    if (shared === undefined) {
      shared = hit
      sharedName = name
    } else if (shared !== hit) {
      throw mongoError(
        ErrorCodes.CannotIndexParallelArrays,
        `cannot index parallel arrays [${name}] [${sharedName}]`,
      )
    }
    sharers++
    if (i < parts.length) rest.push(parts.slice(i))
  }
  if (shared === undefined) return NO_ARRAY
  let result = sharers > 1 ? SHARED_ARRAY : ARRAY
  if (rest.length > 0) {
    for (const el of shared) if (checkArrays(el, rest) === SHARED_ARRAY) result = SHARED_ARRAY
  }
  return result
}

export function allFields(paths: string[][]): number[] {
  return paths.map((_, i) => i)
}

/**
 * Whether a document holds an index key the way MongoDB's key generator builds keys: the paths
 * `fields` that reach the same array take their values from one element of it.
 */
export function holdsKey(obj: unknown, paths: string[][], fields: number[], key: unknown[]): boolean {
  let shared: unknown[] | undefined
  const sharers: number[] = []
  const rest: string[][] = []
  for (const f of fields) {
    const parts = paths[f] as string[]
    let cur: unknown = obj
    let i = 0
    let hit: unknown[] | undefined
    while (i < parts.length) {
      if (!isPlainObject(cur)) {
        cur = undefined
        break
      }
      cur = cur[parts[i] as string]
      i++
      if (Array.isArray(cur)) {
        hit = cur
        break
      }
    }
    if (hit) {
      shared = hit
      sharers.push(f)
      rest[f] = parts.slice(i)
    } else if (compareValues(cur, key[f]) !== 0) {
      return false
    }
  }
  if (!shared) return true
  const inner = sharers.filter((f) => (rest[f] as string[]).length > 0)
  const elems = shared.length ? shared : [undefined]
  return elems.some(
    (el) =>
      sharers.every((f) => (rest[f] as string[]).length > 0 || compareValues(el, key[f]) === 0) &&
      (inner.length === 0 || holdsKey(el, rest, inner, key)),
  )
}
