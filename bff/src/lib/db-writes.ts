import { mongo } from 'mongoose'

/** True for MongoDB's duplicate-key error (a unique index refused the write). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 11000
}

/**
 * True for MongoDB's OutOfDiskSpace (14031): the database could not store the write (the embedded engine answers it
 * when its data directory's disk refuses a commit; packages/embedded-mongo/README.md, "A failed commit").
 */
export function isStorageFull(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 14031
}

const CHUNK = 2000
/** Chunks written at once: the driver pool and the engine overlap them (about 2x faster than one at a time). */
const PARALLEL_CHUNKS = 3

/** Inserts one chunk, ignoring duplicate-key errors (an idempotent step); returns how many were new. */
async function insertChunk(collection: mongo.Collection, chunk: mongo.Document[]): Promise<number> {
  try {
    return (await collection.insertMany(chunk, { ordered: false })).insertedCount
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]
    if (errors.some((e) => !isDuplicateKey(e))) throw err
    return err.insertedCount
  }
}

/**
 * Inserts documents in unordered chunks, a few at a time, skipping those a unique index already holds (so a
 * repeated step adds nothing); returns how many were new.
 */
export async function insertIgnoringDuplicates(
  collection: mongo.Collection,
  docs: mongo.Document[],
): Promise<number> {
  let inserted = 0
  let next = 0
  const lanes = Array.from({ length: PARALLEL_CHUNKS }, async () => {
    while (next < docs.length) {
      const start = next
      next += CHUNK
      // Awaited before adding: `inserted += await …` reads `inserted` before the wait, so lanes finishing
      // side by side would overwrite each other's counts.
      const added = await insertChunk(collection, docs.slice(start, start + CHUNK))
      inserted += added
    }
  })
  await Promise.all(lanes)
  return inserted
}
