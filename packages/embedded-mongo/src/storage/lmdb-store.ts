/**
 * Durable storage on LMDB (through the `lmdb` package): documents are kept as their raw BSON bytes
 * under [collectionId, idKey]; the catalog holds one BSON entry per collection. LMDB commits are
 * atomic and copy-on-write, so a crash leaves either the previous or the new transaction, never a
 * torn one. lmdb-js batches all writes queued in one event-loop turn into one transaction
 * (group commit); with overlappingSync off, a write's promise resolves only after fsync.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { deserialize, serialize } from 'bson'
import { open, type Database, type RootDatabase } from 'lmdb'
import type { CatalogEntry, LoadedData, Store } from './store'

type DocKey = [number, string]

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
  #last: Promise<unknown> = Promise.resolve()

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
    this.#last = this.#docs.put(storageKey(collectionId, key), raw)
  }

  deleteDocument(collectionId: number, key: string): void {
    this.#last = this.#docs.remove(storageKey(collectionId, key))
  }

  putCatalog(entry: CatalogEntry): void {
    this.#last = this.#catalog.put(entry.id, Buffer.from(serialize(entry)))
  }

  deleteCatalog(collectionId: number): void {
    this.#last = this.#catalog.remove(collectionId)
  }

  clearCollection(collectionId: number): void {
    const keys = Array.from(this.#docs.getKeys({ start: [collectionId], end: [collectionId + 1] }))
    for (const k of keys) this.#last = this.#docs.remove(k)
  }

  async flush(): Promise<void> {
    await this.#last
  }

  async close(): Promise<void> {
    await this.#last
    await this.#root.close()
  }
}
