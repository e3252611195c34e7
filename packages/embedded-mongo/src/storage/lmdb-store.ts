/**
 * Durable storage on LMDB (through the `lmdb` package): documents are kept as their raw BSON bytes
 * under [collectionId, idKey]; the catalog holds one BSON entry per collection. LMDB commits are
 * atomic and copy-on-write, so a crash leaves either the previous or the new transaction, never a
 * torn one. lmdb-js batches all writes queued in one event-loop turn into one transaction
 * (group commit); with overlappingSync off, a write's promise resolves only after fsync.
 *
 * A commit LMDB refuses (a full disk: ENOSPC, or EFBIG, EIO) rejects the promises of its writes. Every one of them is
 * handled here, so a failed commit never ends the process: `flush` rejects for the commands whose writes it held,
 * and what they wrote is reported (`takeFailedWrites`) so the engine can bring memory back to the disk.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { deserialize, serialize } from 'bson'
import { open, type Database, type RootDatabase } from 'lmdb'
import { StorageWriteError, type CatalogEntry, type FailedWrites, type LoadedData, type Store } from './store'

type DocKey = [number, string]

/** The writes one promise of lmdb-js stands for (every write of one transaction shares one promise). */
interface Batch {
  /** Sequence numbers of its first and last write (see Store.mark). */
  first: number
  last: number
  documents: [number, string][]
  catalog: number[]
}

/** Failed batches remembered for `flush(since)`; a command waits for its own writes only milliseconds. */
const FAILED_RANGES_KEPT = 1000

const ignore = (): void => undefined

function storageKey(collectionId: number, key: string): DocKey {
  // LMDB keys are limited to ~2 KB; long _id keys are hashed (they stay unique).
  const k = key.length > 900 ? `#${createHash('sha256').update(key).digest('hex')}` : key
  return [collectionId, k]
}

/** LMDB-backed Store. */
export class LmdbStore implements Store {
  readonly durable = true
  readonly #root: RootDatabase
  readonly #docs: Database<Buffer, DocKey>
  readonly #catalog: Database<Buffer, number>
  onWriteFailure: ((err: Error) => void) | undefined
  #seq = 0
  #current: { promise: Promise<unknown>; batch: Batch } | undefined
  /** Settles (never rejects) once the last queued write has been committed or has failed. */
  #settled: Promise<void> = Promise.resolve()
  #failedRanges: [number, number][] = []
  #failed: FailedWrites = { documents: new Map(), catalog: new Set() }

  constructor(dbPath: string) {
    fs.mkdirSync(dbPath, { recursive: true })
    // lmdb-js takes a path whose last name has an extension ("my.data") for a single file unless
    // told otherwise; dbPath is always a directory, whatever its name
    // (docs/embedded-mongo-conformance.md, "Data directory names").
    this.#root = open({
      path: dbPath,
      noSubdir: false,
      maxDbs: 4,
      overlappingSync: false,
      noSync: false,
      compression: false,
    })
    this.#docs = this.#root.openDB<Buffer, DocKey>({ name: 'documents', encoding: 'binary' })
    this.#catalog = this.#root.openDB<Buffer, number>({ name: 'catalog', encoding: 'binary' })
    // lmdb-js 3.5.6 makes a promise of its own for each event-turn batch (write.js, the batch start's commit
    // promise) that nobody holds: when that commit fails, it is an unhandled rejection, which ends a Node process.
    // It is lmdb-js's `commitPromise` once the batch has started, in the microtask after `beforecommit`; handled here.
    this.#root.on('beforecommit', () => {
      queueMicrotask(() => void this.#root.committed.then(ignore, ignore))
    })
  }

  load(): LoadedData {
    const catalog: CatalogEntry[] = []
    for (const { value } of this.#catalog.getRange()) {
      catalog.push(deserialize(value) as CatalogEntry)
    }
    const docs = this.#docs
    return {
      catalog,
      *documents(collectionId: number) {
        for (const { value } of docs.getRange({ start: [collectionId], end: [collectionId + 1] })) {
          yield Buffer.from(value)
        }
      },
    }
  }

  putDocument(collectionId: number, key: string, raw: Buffer): void {
    this.#queued(this.#docs.put(storageKey(collectionId, key), raw), [collectionId, key])
  }

  deleteDocument(collectionId: number, key: string): void {
    this.#queued(this.#docs.remove(storageKey(collectionId, key)), [collectionId, key])
  }

  putCatalog(entry: CatalogEntry): void {
    this.#queued(this.#catalog.put(entry.id, Buffer.from(serialize(entry))), undefined, entry.id)
  }

  deleteCatalog(collectionId: number): void {
    this.#queued(this.#catalog.remove(collectionId), undefined, collectionId)
  }

  clearCollection(collectionId: number): void {
    const keys = Array.from(this.#docs.getKeys({ start: [collectionId], end: [collectionId + 1] }))
    for (const k of keys) this.#queued(this.#docs.remove(k), undefined, collectionId)
  }

  /** Records a queued write under the promise lmdb-js gave it; each distinct promise is handled once. */
  #queued(promise: Promise<unknown>, document?: [number, string], catalog?: number): void {
    const seq = ++this.#seq
    let batch = this.#current?.promise === promise ? this.#current.batch : undefined
    if (!batch) {
      const b: Batch = { first: seq, last: seq, documents: [], catalog: [] }
      batch = b
      this.#current = { promise, batch: b }
      this.#settled = promise.then(ignore, (err: unknown) => this.#fail(b, err))
    }
    batch.last = seq
    if (document) batch.documents.push(document)
    if (catalog !== undefined) batch.catalog.push(catalog)
  }

  #fail(batch: Batch, err: unknown): void {
    for (const [collectionId, key] of batch.documents) {
      let keys = this.#failed.documents.get(collectionId)
      if (!keys) this.#failed.documents.set(collectionId, (keys = new Set()))
      keys.add(key)
    }
    for (const id of batch.catalog) this.#failed.catalog.add(id)
    this.#failedRanges.push([batch.first, batch.last])
    if (this.#failedRanges.length > FAILED_RANGES_KEPT) this.#failedRanges.shift()
    // lmdb-js rejects `commitError` with the system's error (and prints it); held here so it ends nothing.
    const cause = (err as { commitError?: Promise<unknown> } | null)?.commitError
    if (cause instanceof Promise) cause.catch(ignore)
    this.onWriteFailure?.(err instanceof Error ? err : new Error(String(err)))
  }

  mark(): number {
    return this.#seq
  }

  async flush(since = 0): Promise<void> {
    const upTo = this.#seq
    await this.#settled
    for (const [first, last] of this.#failedRanges) {
      if (last > since && first <= upTo) {
        throw new StorageWriteError('the write could not be saved to the data directory (is the disk full?)')
      }
    }
  }

  async settled(): Promise<void> {
    let settled: Promise<void>
    do {
      settled = this.#settled
      await settled
    } while (settled !== this.#settled)
  }

  takeFailedWrites(): FailedWrites {
    const failed = this.#failed
    this.#failed = { documents: new Map(), catalog: new Set() }
    return failed
  }

  readCatalog(collectionId: number): CatalogEntry | undefined {
    const value = this.#catalog.get(collectionId)
    return value ? (deserialize(value) as CatalogEntry) : undefined
  }

  readDocument(collectionId: number, key: string): Buffer | undefined {
    const value = this.#docs.get(storageKey(collectionId, key))
    return value ? Buffer.from(value) : undefined
  }

  async close(): Promise<void> {
    await this.settled()
    await this.#root.close()
  }
}
