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

/** The driver's errors for a database it cannot reach or lost (the server down, restarting or unreachable). */
const UNREACHABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
])
/** Socket errors the driver lets through unwrapped when the server's end of a connection goes (its process died). */
const SOCKET_ERRORS = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED'])

/**
 * True when the database could not be reached or the connection to it broke: the driver's network and
 * server-selection errors (by name, their class hierarchy included), mongoose's wait for a connection that did not
 * come back, and a bare EPIPE/ECONNRESET/ECONNREFUSED raised on the driver's own socket (its stack passes through the
 * driver). Answered 503 service_unavailable, as a database that is down at all (README, "Health check").
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  for (let proto: unknown = err; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name
    if (typeof name === 'string' && UNREACHABLE_ERRORS.has(name)) return true
  }
  const { name, message, code, stack } = err as {
    name?: unknown
    message?: unknown
    code?: unknown
    stack?: unknown
  }
  if (typeof name === 'string' && UNREACHABLE_ERRORS.has(name)) return true
  if (name === 'MongooseError' && typeof message === 'string' && message.includes('buffering timed out'))
    return true
  return (
    typeof code === 'string' &&
    SOCKET_ERRORS.has(code) &&
    typeof stack === 'string' &&
    /[\\/]node_modules[\\/]mongodb[\\/]/.test(stack)
  )
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
