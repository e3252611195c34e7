/**
 * `hint`: MongoDB 7.0 refuses a hint that names no index of an existing collection (code 2,
 * "hint provided does not correspond to an existing index"); a hint by key pattern that matches
 * several indexes must be given by name (code 27). `{ $natural: 1 | -1 }` asks for a collection scan.
 * See docs/embedded-mongo-conformance.md, "hint".
 */
import { ErrorCodes, mongoError } from '../errors'
import { isPlainObject } from '../query/values'
import { compareValues } from '../query/value-order'
import type { Collection } from './collection'
import type { CollectionIndex } from './collection-index'

/**
 * Checks a hint against a collection's indexes and returns the hinted index (undefined for no hint,
 * `$natural`, or a collection that does not exist: MongoDB plans nothing there, so checks nothing).
 */
export function resolveHint(coll: Collection | undefined, hint: unknown): CollectionIndex | undefined {
  if (hint === undefined || hint === null) return undefined
  if (typeof hint !== 'string' && !isPlainObject(hint))
    throw mongoError(ErrorCodes.FailedToParse, 'Hint must be a string or an object')
  if (isPlainObject(hint)) {
    const keys = Object.keys(hint)
    if (keys.length === 0) return undefined
    if (keys[0] === '$natural') {
      if (keys.length !== 1 || (hint.$natural !== 1 && hint.$natural !== -1)) {
        throw mongoError(ErrorCodes.FailedToParse, '$natural hint may only accept 1 or -1')
      }
      return undefined
    }
  }
  if (!coll) return undefined
  if (typeof hint === 'string') {
    const idx = coll.indexes.get(hint)
    if (!idx) throw noSuchIndex()
    return idx
  }
  const matches = Array.from(coll.indexes.values()).filter((idx) => compareValues(idx.spec.key, hint) === 0)
  if (matches.length === 0) throw noSuchIndex()
  if (matches.length > 1) {
    throw mongoError(
      ErrorCodes.IndexNotFound,
      `Hint matched multiple indexes, must hint by index name. Matched: ${matches.map((m) => m.name).join(', ')}`,
    )
  }
  return matches[0]
}

function noSuchIndex(): Error {
  return mongoError(ErrorCodes.BadValue, 'hint provided does not correspond to an existing index')
}

/**
 * The hinted index when it holds only some documents (sparse or partial): MongoDB then scans that
 * index, so only its documents are read ("Sparse Indexes" in the manual). Undefined otherwise.
 */
export function hintScope(coll: Collection | undefined, hint: unknown): CollectionIndex | undefined {
  const idx = resolveHint(coll, hint)
  return idx && !idx.complete ? idx : undefined
}
