/** The durable storage interface the engine writes through. */

/** One collection as recorded in the catalog. */
export interface CatalogEntry {
  /** Numeric id that prefixes the collection's document keys in storage. */
  id: number
  /** Database name. */
  db: string
  /** Collection name. */
  name: string
  /** Collection options given to `create` (capped, validator, ... are kept but not enforced). */
  options: Record<string, unknown>
  /** Index specifications as returned by listIndexes (the `_id_` index included). */
  indexes: Record<string, unknown>[]
}

/** Everything read back from storage at start-up. */
export interface LoadedData {
  catalog: CatalogEntry[]
  /** Iterates the raw BSON documents of one collection. */
  documents(collectionId: number): Iterable<Buffer>
}

/**
 * Durable storage. Mutations are queued synchronously (in call order) and become durable
 * together; `flush()` resolves once everything queued before the call is on disk.
 */
export interface Store {
  /** True when data survives the process (false for the in-memory store). */
  readonly durable: boolean
  load(): LoadedData
  putDocument(collectionId: number, key: string, raw: Buffer): void
  deleteDocument(collectionId: number, key: string): void
  putCatalog(entry: CatalogEntry): void
  deleteCatalog(collectionId: number): void
  /** Removes every document of a collection (drop). */
  clearCollection(collectionId: number): void
  flush(): Promise<void>
  close(): Promise<void>
}

/** A store that keeps nothing: `dbPath` omitted means a purely in-memory engine. */
export class MemoryStore implements Store {
  readonly durable = false
  load(): LoadedData {
    return { catalog: [], documents: () => [] }
  }
  putDocument(): void {}
  deleteDocument(): void {}
  putCatalog(): void {}
  deleteCatalog(): void {}
  clearCollection(): void {}
  flush(): Promise<void> {
    return Promise.resolve()
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}
