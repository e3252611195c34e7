/** A stored document: its exact BSON bytes and its decoded query view. */
import { deserialize } from 'bson'
import { RAW } from '../query/mingo'
import { toQueryView, type Doc } from '../query/values'
import { keyString } from '../query/value-order'

/** One stored document. Records are immutable: an update replaces the record. */
export interface DocRecord {
  /** Canonical key of the document's `_id` (see keyString). */
  readonly id: string
  /** The document exactly as stored (BSON types preserved). */
  readonly raw: Buffer
  /** The decoded document used for matching, sorting and indexing (numbers as JS numbers). */
  readonly view: Doc
}

/** Decodes a stored document into its query view. */
export function decodeView(raw: Buffer): Doc {
  return toQueryView(
    deserialize(raw, { promoteValues: true, promoteLongs: true, promoteBuffers: false }) as Doc,
  )
}

/** Builds a record from raw bytes (and the view when already decoded). */
export function makeRecord(raw: Buffer, view: Doc = decodeView(raw)): DocRecord {
  Object.defineProperty(view, RAW, { value: raw, enumerable: false })
  return { id: keyString(view._id), raw, view }
}
