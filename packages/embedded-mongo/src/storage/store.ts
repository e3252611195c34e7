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

/** What a failed commit left unwritten: memory holds a change to these that the disk does not. */
export interface FailedWrites {
  /** Document keys (the engine's `_id` keys) by collection id. */
  documents: Map<number, Set<string>>
  /** Collections whose catalog entry (or every document, for a drop) was not written. */
  catalog: Set<number>
}

/** Raised by `flush` when a write it waits for was not committed (a full disk, an I/O error). */
export class StorageWriteError extends Error {}

/**
 * Durable storage. Mutations are queued synchronously (in call order) and become durable
 * together; `flush(since)` resolves once everything queued before the call is on disk, and rejects with
 * StorageWriteError when a write queued after the mark `since` (see `mark()`) was not committed.
 */
export interface Store {
  /** True when data survives the process (false for the in-memory store). */
  readonly durable: boolean
  /** Called once for each failed commit (with its error), whoever was waiting for it. */
  onWriteFailure: ((err: Error) => void) | undefined
  load(): LoadedData
  putDocument(collectionId: number, key: string, raw: Buffer): void
  deleteDocument(collectionId: number, key: string): void
  putCatalog(entry: CatalogEntry): void
  deleteCatalog(collectionId: number): void
  /** Removes every document of a collection (drop). */
  clearCollection(collectionId: number): void
  /** A mark of the writes queued so far: `flush(mark)` fails only for writes queued after it. */
  mark(): number
  flush(since?: number): Promise<void>
  /** Resolves once every queued write has been committed or has failed (never rejects). */
  settled(): Promise<void>
  /** What failed commits left unwritten since the last call (and forgets it). */
  takeFailedWrites(): FailedWrites
  /** A collection's catalog entry and documents as they are on disk (to bring memory back to them). */
  readCatalog(collectionId: number): CatalogEntry | undefined
  readDocument(collectionId: number, key: string): Buffer | undefined
  close(): Promise<void>
}

/** A store that keeps nothing: `dbPath` omitted means a purely in-memory engine. */
export class MemoryStore implements Store {
  readonly durable = false
  onWriteFailure: ((err: Error) => void) | undefined
  load(): LoadedData {
    return { catalog: [], documents: () => [] }
  }
  putDocument(): void {}
  deleteDocument(): void {}
  putCatalog(): void {}
  deleteCatalog(): void {}
  clearCollection(): void {}
  mark(): number {
    return 0
  }
  flush(): Promise<void> {
    return Promise.resolve()
  }
  settled(): Promise<void> {
    return Promise.resolve()
  }
  takeFailedWrites(): FailedWrites {
    return { documents: new Map(), catalog: new Set() }
  }
  readCatalog(): undefined {
    return undefined
  }
  readDocument(): undefined {
    return undefined
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}
