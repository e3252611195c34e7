/**
 * The engine: the catalog of databases and collections, loaded from and written through the
 * store, plus the open cursors and the TTL monitor.
 */
import type { Logger } from '../log'
import { ErrorCodes, mongoError } from '../errors'
import { StorageWriteError, type CatalogEntry, type FailedWrites, type Store } from '../storage/store'
import { Collection, ID_INDEX_SPEC } from './collection'
import { CursorRegistry } from './cursors'
import { validateCollectionName, validateDbName } from './names'
import { decodeView, recordWithoutView } from './record'

/** MongoDB's error for a write the storage could not take (14031, OutOfDiskSpace). */
function outOfDiskSpace(
  message = 'a write to the data directory failed moments ago; writes are refused until the engine has recovered',
): Error {
  return mongoError(ErrorCodes.OutOfDiskSpace, message)
}

/** The state of one server. */
export class Engine {
  readonly store: Store
  readonly cursors = new CursorRegistry()
  readonly log: Logger
  readonly #collections = new Map<string, Collection>()
  #nextId = 1
  /** Set from a failed commit until memory is back to what the disk holds; writes are refused meanwhile. */
  #repairing: Promise<void> | undefined

  constructor(store: Store, log: Logger) {
    this.store = store
    this.log = log
    const loaded = store.load()
    for (const entry of loaded.catalog) {
      const coll = this.#loadCollection(entry, loaded.documents(entry.id))
      this.#collections.set(coll.ns, coll)
      this.#nextId = Math.max(this.#nextId, entry.id + 1)
    }
    store.onWriteFailure = (err) => {
      log.error(
        `a write to the data directory failed (${err.message}): refusing writes until memory is back to the disk`,
      )
      this.#repairing ??= this.#repair()
    }
  }

  #loadCollection(entry: CatalogEntry, documents: Iterable<Buffer>): Collection {
    const coll = new Collection(entry, this.store)
    for (const raw of documents) {
      // Decoded for the index keys only: the record decodes its view again when first read.
      const view = decodeView(raw)
      coll.load(recordWithoutView(raw, view), view)
    }
    return coll
  }

  /**
   * After a failed commit: waits until no write is in flight, then gives every document and collection the failed
   * commits touched its state on disk again (the failed commands were answered with an error, so nothing of them
   * stays). Reads go on meanwhile; writes are refused (assertWritable) until it is done.
   */
  async #repair(): Promise<void> {
    try {
      await this.store.settled()
      this.#restore(this.store.takeFailedWrites())
      this.log.warn('memory is back to what the data directory holds: writes are accepted again')
    } catch (err) {
      this.log.error(
        `could not read the data directory back: ${err instanceof Error ? err.message : String(err)}`,
      )
    } finally {
      this.#repairing = undefined
    }
  }

  #restore(failed: FailedWrites): void {
    const byId = new Map(Array.from(this.#collections.values(), (c) => [c.catalogId, c] as const))
    for (const id of failed.catalog) {
      const current = byId.get(id)
      if (current) {
        this.cursors.killNamespace(current.ns)
        this.#collections.delete(current.ns)
      }
      const entry = this.store.readCatalog(id)
      if (!entry) continue
      const coll = this.#loadCollection(entry, this.store.load().documents(id))
      this.#collections.set(coll.ns, coll)
    }
    for (const [id, keys] of failed.documents) {
      const coll = failed.catalog.has(id) ? undefined : byId.get(id)
      if (!coll) continue
      for (const key of keys) coll.restore(key, this.store.readDocument(id, key))
    }
  }

  /** Refuses a write while memory is being brought back to the disk after a failed commit. */
  assertWritable(): void {
    if (this.#repairing) throw outOfDiskSpace()
  }

  /** Names of databases that hold at least one collection. */
  databaseNames(): string[] {
    const names = new Set<string>()
    for (const c of this.#collections.values()) names.add(c.db)
    return Array.from(names).sort()
  }

  collections(db: string): Collection[] {
    return Array.from(this.#collections.values()).filter((c) => c.db === db)
  }

  get(db: string, name: string): Collection | undefined {
    return this.#collections.get(`${db}.${name}`)
  }

  /** The collection, created implicitly (as a write to a missing collection does). */
  getOrCreate(db: string, name: string): Collection {
    return this.get(db, name) ?? this.create(db, name, {})
  }

  /** Creates a collection; NamespaceExists (48) when it exists. */
  create(db: string, name: string, options: Record<string, unknown>): Collection {
    validateDbName(db)
    validateCollectionName(db, name)
    if (this.get(db, name))
      throw mongoError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`)
    const coll = new Collection(
      { id: this.#nextId++, db, name, options, indexes: [ID_INDEX_SPEC] },
      this.store,
    )
    this.#collections.set(coll.ns, coll)
    this.store.putCatalog(coll.catalogEntry())
    return coll
  }

  /** Drops a collection; returns false when it did not exist. */
  drop(db: string, name: string): boolean {
    const coll = this.get(db, name)
    if (!coll) return false
    this.cursors.killNamespace(coll.ns)
    coll.clear()
    this.store.deleteCatalog(coll.catalogId)
    this.#collections.delete(coll.ns)
    return true
  }

  dropDatabase(db: string): void {
    for (const c of this.collections(db)) this.drop(db, c.name)
    this.cursors.killNamespace(`${db}.`)
  }

  /** Deletes documents whose TTL index date has expired. Returns how many were deleted. */
  expireTtl(now = Date.now()): number {
    let deleted = 0
    if (this.#repairing) return deleted
    for (const coll of this.#collections.values()) {
      for (const idx of coll.indexes.values()) {
        if (idx.expireAfterSeconds === undefined || idx.fields.length !== 1) continue
        const cutoff = new Date(now - idx.expireAfterSeconds * 1000)
        const expired = new Set<string>()
        // Dates sort in their own type bracket: scan the bracket up to the cutoff.
        for (const rec of idx.scan([], { bracket: 10, upper: { value: cutoff, inclusive: false } }))
          expired.add(rec.id)
        for (const id of expired) {
          const rec = coll.docs.get(id)
          if (rec) {
            coll.delete(rec)
            deleted++
          }
        }
      }
    }
    return deleted
  }

  /**
   * Resolves once every write so far is durable; rejects with MongoDB's OutOfDiskSpace when a write queued after
   * `since` (a command's mark, see CommandContext) was not.
   */
  async flush(since?: number): Promise<void> {
    try {
      await this.store.flush(since)
    } catch (err) {
      if (err instanceof StorageWriteError) throw outOfDiskSpace(err.message)
      throw err
    }
  }

  async close(): Promise<void> {
    this.cursors.clear()
    await this.store.close()
  }
}
