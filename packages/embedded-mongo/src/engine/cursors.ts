/** Server-side cursors: batches of raw documents handed out by find/aggregate/getMore. */
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol'

/** Bytes of documents per reply: a reply is one BSON document, so it must stay under 16 MiB with its envelope. */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024
/** Idle cursors are closed after this long, as mongod does (cursorTimeoutMillis, 10 minutes). */
export const CURSOR_IDLE_MS = 10 * 60 * 1000

/** An open cursor. */
export interface ServerCursor {
  readonly id: bigint
  readonly ns: string
  readonly iter: Iterator<Buffer>
  /** A document read ahead to find out whether the cursor is exhausted. */
  pending: Buffer | undefined
  lastUsed: number
  readonly sessionKey: string | undefined
}

/** One batch taken from a document iterator. */
export interface Batch {
  docs: Buffer[]
  /** Set when documents remain: the read-ahead document. */
  pending: Buffer | undefined
}

/** Takes up to `batchSize` documents (0: no count limit) and at most ~16 MiB from an iterator. */
export function takeBatch(iter: Iterator<Buffer>, pending: Buffer | undefined, batchSize: number): Batch {
  const docs: Buffer[] = []
  let bytes = 0
  let next = pending
  for (;;) {
    if (next === undefined) {
      const r = iter.next()
      if (r.done) return { docs, pending: undefined }
      next = r.value
    }
    if (
      (batchSize > 0 && docs.length >= batchSize) ||
      (docs.length > 0 && bytes + next.length > MAX_BATCH_BYTES)
    ) {
      return { docs, pending: next }
    }
    docs.push(next)
    bytes += next.length
    next = undefined
  }
}

/** The registry of open cursors, with 64-bit ids. */
export class CursorRegistry {
  readonly #cursors = new Map<bigint, ServerCursor>()

  get size(): number {
    return this.#cursors.size
  }

  open(ns: string, iter: Iterator<Buffer>, pending: Buffer, sessionKey: string | undefined): bigint {
    let id: bigint
    do {
      // Random positive ids below 2^53 (so they survive promotion to JS numbers); never 0 ("exhausted").
      id = BigInt(Math.floor(Math.random() * 2 ** 52)) + 1n
    } while (id === 0n || this.#cursors.has(id))
    this.#cursors.set(id, { id, ns, iter, pending, lastUsed: Date.now(), sessionKey })
    return id
  }

  get(id: bigint): ServerCursor | undefined {
    return this.#cursors.get(id)
  }

  kill(id: bigint): boolean {
    const c = this.#cursors.get(id)
    if (!c) return false
    this.#cursors.delete(id)
    c.iter.return?.()
    return true
  }

  /** Closes the cursors of ended sessions. */
  killSession(sessionKey: string): void {
    for (const c of this.#cursors.values()) if (c.sessionKey === sessionKey) this.kill(c.id)
  }

  /** Closes cursors of a namespace (drop) or, with a trailing '.', of a whole database. */
  killNamespace(ns: string): void {
    for (const c of this.#cursors.values()) {
      if (c.ns === ns || (ns.endsWith('.') && c.ns.startsWith(ns))) this.kill(c.id)
    }
  }

  /** Closes cursors idle for longer than `idleMs`. */
  reap(now: number, idleMs = CURSOR_IDLE_MS): number {
    let n = 0
    for (const c of this.#cursors.values()) {
      if (now - c.lastUsed > idleMs) {
        this.kill(c.id)
        n++
      }
    }
    return n
  }

  clear(): void {
    for (const id of Array.from(this.#cursors.keys())) this.kill(id)
  }
}
