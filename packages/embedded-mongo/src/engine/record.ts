/** A stored document: its exact BSON bytes, and its query view decoded when first needed. */
import { deserialize } from 'bson'
import { RAW } from '../query/mingo'
import { toQueryView, type Doc } from '../query/values'
import { keyString } from '../query/value-order'

/** Decodes a stored document into its query view. */
export function decodeView(raw: Buffer): Doc {
  return toQueryView(
    deserialize(raw, { promoteValues: true, promoteLongs: true, promoteBuffers: false }) as Doc,
  )
}

/**
 * One stored document. Records are immutable: an update replaces the record. The view is decoded
 * from the bytes on first use and kept: a document written and never read (most outbox messages
 * until they are sent) holds only its bytes, which keeps the heap and the garbage collector's work
 * small; one that is read is decoded once.
 */
let nextSeq = 1

export class DocRecord {
  /** Canonical key of the document's `_id` (see keyString). */
  readonly id: string
  /**
   * The record's place in insertion order, which orders index entries with equal keys (as MongoDB's
   * record ids do): a number compares faster than the `_id` key. A replacement keeps its original's.
   */
  seq = nextSeq++
  /** The document exactly as stored (BSON types preserved). */
  readonly raw: Buffer
  #view: Doc | undefined

  constructor(id: string, raw: Buffer, view?: Doc) {
    this.id = id
    this.raw = raw
    if (view) this.#view = withRaw(view, raw)
  }

  /** The decoded document used for matching, sorting and indexing (numbers as JS numbers). */
  get view(): Doc {
    return (this.#view ??= withRaw(decodeView(this.raw), this.raw))
  }

  /** The view if already decoded, else decoded without keeping it (one pass over every document). */
  transientView(): Doc {
    return this.#view ?? decodeView(this.raw)
  }
}

function withRaw(view: Doc, raw: Buffer): Doc {
  Object.defineProperty(view, RAW, { value: raw, enumerable: false })
  return view
}

/**
 * A record that does not keep `view` (the bytes' view, used by the caller for the `_id` and index keys
 * and then dropped): inserts and start-up loading.
 */
export function recordWithoutView(raw: Buffer, view: Doc): DocRecord {
  return new DocRecord(keyString(view._id), raw)
}

/** Builds a record from raw bytes, keeping the view when given (it must be the bytes' view). */
export function makeRecord(raw: Buffer, view?: Doc): DocRecord {
  return new DocRecord(keyString((view ?? decodeView(raw))._id), raw, view)
}
