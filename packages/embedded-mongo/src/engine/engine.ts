/**
 * The engine: the catalog of databases and collections, loaded from and written through the
 * store, plus the open cursors and the TTL monitor.
 */
import type { Logger } from '../log'
import { ErrorCodes, mongoError } from '../errors'
import type { Store } from '../storage/store'
import { Collection, ID_INDEX_SPEC } from './collection'
import { CursorRegistry } from './cursors'
import { validateCollectionName, validateDbName } from './names'
import { decodeView, recordWithoutView } from './record'

/** The state of one server. */
export class Engine {
  readonly store: Store
  readonly cursors = new CursorRegistry()
  readonly log: Logger
  readonly #collections = new Map<string, Collection>()
  #nextId = 1

  constructor(store: Store, log: Logger) {
    this.store = store
    this.log = log
    const loaded = store.load()
    for (const entry of loaded.catalog) {
      const coll = new Collection(entry, store)
      for (const raw of loaded.documents(entry.id)) {
        // Decoded for the index keys only: the record decodes its view again when first read.
        const view = decodeView(raw)
        coll.load(recordWithoutView(raw, view), view)
      }
      this.#collections.set(coll.ns, coll)
      this.#nextId = Math.max(this.#nextId, entry.id + 1)
    }
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

  /** Resolves once every write so far is durable. */
  flush(): Promise<void> {
    return this.store.flush()
  }

  async close(): Promise<void> {
    this.cursors.clear()
    await this.store.close()
  }
}
