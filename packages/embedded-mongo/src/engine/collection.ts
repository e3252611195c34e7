/**
 * A collection: its documents (insertion order), its indexes, and the mutations that keep both in
 * step and queue the durable writes.
 */
import { ErrorCodes, mongoError } from '../errors'
import { type Doc } from '../query/values'
import { compareValues, keyString } from '../query/value-order'
import type { CatalogEntry, Store } from '../storage/store'
import { CollectionIndex, type IndexEntry } from './collection-index'
import { normalizeIndexSpec } from './index-spec'
import { decodeView, recordWithoutView, type DocRecord } from './record'

export const ID_INDEX_SPEC: Doc = { v: 2, key: { _id: 1 }, name: '_id_' }

/** A collection of one database. */
export class Collection {
  readonly db: string
  readonly name: string
  readonly catalogId: number
  options: Doc
  readonly docs = new Map<string, DocRecord>()
  readonly indexes = new Map<string, CollectionIndex>()
  readonly #store: Store

  constructor(entry: CatalogEntry, store: Store) {
    this.db = entry.db
    this.name = entry.name
    this.catalogId = entry.id
    this.options = entry.options
    this.#store = store
    const specs = entry.indexes.length ? entry.indexes : [ID_INDEX_SPEC]
    for (const spec of specs) this.indexes.set(String(spec.name), new CollectionIndex(spec))
  }

  get ns(): string {
    return `${this.db}.${this.name}`
  }

  get idIndex(): CollectionIndex {
    return this.indexes.get('_id_') as CollectionIndex
  }

  catalogEntry(): CatalogEntry {
    return {
      id: this.catalogId,
      db: this.db,
      name: this.name,
      options: this.options,
      indexes: Array.from(this.indexes.values(), (i) => i.spec),
    }
  }

  /** Loads a stored document at start-up (no constraint checks, no write); `view` gives its index keys. */
  load(rec: DocRecord, view: Doc = rec.view): void {
    this.docs.set(rec.id, rec)
    for (const idx of this.indexes.values()) idx.add(rec, idx.keysOf(view))
  }

  /** Inserts a new document, enforcing unique indexes. */
  insert(rec: DocRecord): void {
    if (this.docs.has(rec.id)) throw this.idIndex.duplicateError(this.ns, [rec.view._id])
    const keysets = this.checkedKeys(rec)
    this.docs.set(rec.id, rec)
    let i = 0
    for (const idx of this.indexes.values()) idx.add(rec, keysets[i++])
    this.#store.putDocument(this.catalogId, rec.id, rec.raw)
  }

  /**
   * The top-level fields an inserted document's index keys are made of (besides `_id`), or undefined
   * when some index needs more of the document (a dotted path or a partial filter).
   */
  insertKeyFields(): string[] | undefined {
    const fields: string[] = []
    for (const idx of this.indexes.values()) {
      const names = idx.topLevelFields
      if (!names) return undefined
      for (const n of names) if (!fields.includes(n)) fields.push(n)
    }
    return fields
  }

  /**
   * Starts a batch of inserts (one insert command): documents are checked one by one, in order,
   * against the collection and the batch's earlier documents, exactly as single inserts would be;
   * `commit()` then indexes the accepted ones together (one sorted merge per index) and queues their
   * storage writes together. Nothing else may touch the collection between the first `add` and
   * `commit` (the caller runs them synchronously).
   */
  insertBatch(): InsertBatch {
    return new InsertBatch(this, this.#store)
  }

  /** Replaces a document by a new version with the same `_id`, enforcing unique indexes. */
  replace(old: DocRecord, next: DocRecord): void {
    const keysets = this.checkedKeys(next)
    // Before indexing the new version: its entries take the place of the old one's (see DocRecord.seq).
    next.seq = old.seq
    let i = 0
    for (const idx of this.indexes.values()) {
      idx.remove(old)
      idx.add(next, keysets[i++])
    }
    this.docs.set(next.id, next)
    this.#store.putDocument(this.catalogId, next.id, next.raw)
  }

  /** Gives a document its stored version again (`raw`; none: not stored) after a failed commit. */
  restore(id: string, raw: Buffer | undefined): void {
    const current = this.docs.get(id)
    if (current && raw && current.raw.equals(raw)) return
    if (current) {
      for (const idx of this.indexes.values()) idx.remove(current)
      this.docs.delete(id)
    }
    if (raw) {
      const view = decodeView(raw)
      this.load(recordWithoutView(raw, view), view)
    }
  }

  delete(rec: DocRecord): void {
    if (this.docs.get(rec.id) !== rec) return
    for (const idx of this.indexes.values()) idx.remove(rec)
    this.docs.delete(rec.id)
    this.#store.deleteDocument(this.catalogId, rec.id)
  }

  /**
   * Index keys of a document for every index, after checking unique constraints against other
   * documents; `view` is the record's view (given when the record does not keep it).
   */
  checkedKeys(rec: DocRecord, view: Doc = rec.view): unknown[][][] {
    const keysets: unknown[][][] = []
    for (const idx of this.indexes.values()) {
      const keys = idx.keysOf(view)
      if (idx.unique && idx.name !== '_id_') {
        for (const key of keys) {
          if (idx.findConflict(key, rec.id, view)) throw idx.duplicateError(this.ns, key)
        }
      }
      keysets.push(keys)
    }
    return keysets
  }

  /**
   * Creates an index (building it over the existing documents).
   * @returns false when an identical index already exists.
   */
  createIndex(rawSpec: unknown): boolean {
    const spec = normalizeIndexSpec(rawSpec)
    const name = String(spec.name)
    const existing = this.indexes.get(name)
    if (existing) {
      if (sameSpec(existing.spec, spec)) return false
      if (keyString(existing.spec.key) === keyString(spec.key)) {
        throw mongoError(
          ErrorCodes.IndexOptionsConflict,
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        )
      }
      throw mongoError(
        ErrorCodes.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
      )
    }
    for (const idx of this.indexes.values()) {
      if (keyString(idx.spec.key) === keyString(spec.key) && sameOptions(idx.spec, spec)) {
        throw mongoError(
          ErrorCodes.IndexOptionsConflict,
          `Index already exists with a different name: ${idx.name}`,
        )
      }
    }
    const idx = new CollectionIndex(spec)
    for (const rec of this.docs.values()) {
      const view = rec.transientView()
      const keys = idx.keysOf(view)
      if (idx.unique) {
        for (const key of keys)
          if (idx.findConflict(key, rec.id, view)) throw idx.duplicateError(this.ns, key)
      }
      idx.add(rec, keys)
    }
    this.indexes.set(name, idx)
    this.#store.putCatalog(this.catalogEntry())
    return true
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw mongoError(ErrorCodes.InvalidOptions, 'cannot drop _id index')
    if (!this.indexes.delete(name)) {
      throw mongoError(ErrorCodes.IndexNotFound, `index not found with name [${name}]`)
    }
    this.#store.putCatalog(this.catalogEntry())
  }

  /** Removes every document (used by drop). */
  clear(): void {
    this.docs.clear()
    for (const idx of this.indexes.values()) idx.entries.clear()
    this.#store.clearCollection(this.catalogId)
  }
}

/** The accepted documents of one insert command, indexed and stored together on commit. */
export class InsertBatch {
  readonly #coll: Collection
  readonly #store: Store
  readonly #recs: DocRecord[] = []
  readonly #keysets: unknown[][][][] = []
  readonly #ids = new Set<string>()
  /**
   * The unique secondary indexes (their position among the collection's indexes) and, for each, the
   * batch's keys (tupleKey) and their document, or documents when several hold the key (possible only
   * when indexed paths share an array, see bothHold).
   */
  readonly #unique: {
    idx: CollectionIndex
    at: number
    seen: Map<string, DocRecord | DocRecord[]>
    /** Single-field string keys, by the string itself (no keyString to build). */
    strings: Map<string, DocRecord | DocRecord[]>
  }[] = []
  /** Scratch for add: the (seen, key) pairs to record once a document is accepted. */
  readonly #pending: (Map<string, DocRecord | DocRecord[]> | string)[] = []

  constructor(coll: Collection, store: Store) {
    this.#coll = coll
    this.#store = store
    let at = 0
    for (const idx of coll.indexes.values()) {
      if (idx.unique && idx.name !== '_id_')
        this.#unique.push({ idx, at, seen: new Map(), strings: new Map() })
      at++
    }
  }

  /**
   * Checks one document (throws E11000 and other per-document errors) and accepts it into the batch;
   * `view` is the record's view (the record need not keep it).
   */
  add(rec: DocRecord, view: Doc = rec.view): void {
    const coll = this.#coll
    if (coll.docs.has(rec.id) || this.#ids.has(rec.id)) {
      throw coll.idIndex.duplicateError(coll.ns, [view._id])
    }
    const keysets = coll.checkedKeys(rec, view)
    const pending = this.#pending
    pending.length = 0
    for (const { idx, at, seen: others, strings } of this.#unique) {
      const n = idx.fields.length
      for (const key of keysets[at] as unknown[][]) {
        const single = n === 1 && typeof key[0] === 'string'
        const seen = single ? strings : others
        const k = single ? (key[0] as string) : tupleKey(key, n)
        const prior = seen.get(k)
        if (prior !== undefined) {
          for (const other of Array.isArray(prior) ? prior : [prior]) {
            if (idx.bothHold(key, view, other.view)) throw idx.duplicateError(coll.ns, key)
          }
        }
        pending.push(seen, k)
      }
    }
    for (let p = 0; p < pending.length; p += 2) {
      const seen = pending[p] as Map<string, DocRecord | DocRecord[]>
      const k = pending[p + 1] as string
      const prior = seen.get(k)
      if (prior === undefined) seen.set(k, rec)
      else if (Array.isArray(prior)) prior.push(rec)
      else seen.set(k, [prior, rec])
    }
    this.#ids.add(rec.id)
    this.#recs.push(rec)
    this.#keysets.push(keysets)
  }

  /** Indexes and queues the storage writes of every accepted document. */
  commit(): void {
    const coll = this.#coll
    const recs = this.#recs
    const docs = coll.docs
    for (const rec of recs) docs.set(rec.id, rec)
    let i = 0
    for (const idx of coll.indexes.values()) {
      const entries: IndexEntry[] = []
      for (let r = 0; r < recs.length; r++) {
        const rec = recs[r] as DocRecord
        for (const key of (this.#keysets[r] as unknown[][][])[i] as unknown[][])
          entries.push(idx.entryOf(key, rec))
      }
      idx.entries.insertMany(entries)
      i++
    }
    for (const rec of recs) this.#store.putDocument(coll.catalogId, rec.id, rec.raw)
    recs.length = 0
    this.#keysets.length = 0
  }
}

/**
 * A string equal for two key tuples of `n` values exactly when their values are equal (each part
 * length-prefixed when there are several).
 */
function tupleKey(key: unknown[], n: number): string {
  if (n === 1) return keyString(key[0])
  let out = ''
  for (let i = 0; i < n; i++) {
    const part = keyString(key[i])
    out += `${part.length}:${part}`
  }
  return out
}

function sameOptions(a: Doc, b: Doc): boolean {
  const strip = (s: Doc): Doc => {
    const { v: _v, name: _n, key: _k, ...rest } = s
    return rest
  }
  return keyString(strip(a)) === keyString(strip(b))
}

function sameSpec(a: Doc, b: Doc): boolean {
  return compareValues(a.key, b.key) === 0 && sameOptions(a, b)
}
