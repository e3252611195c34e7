/** Opening cursors and building their first batch. */
import { serialize } from 'bson'
import { takeBatch } from '../engine/cursors'
import type { Doc } from '../query/values'
import { cursorReply } from '../wire/raw-bson'
import type { CommandContext } from './context'

/** Batch size of a find/aggregate first batch when the client gives none (as mongod: 101). */
export const DEFAULT_FIRST_BATCH = 101

/**
 * Replies with the first batch of `docs` and, when more remain and `singleBatch` is off,
 * registers a cursor for getMore.
 */
export function openCursor(
  ctx: CommandContext,
  ns: string,
  docs: Iterator<Buffer>,
  batchSize: number,
  singleBatch = false,
): Buffer {
  const batch = takeBatch(docs, undefined, batchSize)
  let id = 0n
  if (batch.pending !== undefined && !singleBatch) {
    id = ctx.engine.cursors.open(ns, docs, batch.pending, ctx.sessionKey)
  } else {
    docs.return?.()
  }
  return cursorReply('firstBatch', batch.docs, id, ns)
}

function* serializeAll(docs: Iterable<Doc>): Generator<Buffer> {
  for (const d of docs) {
    const b = serialize(d)
    yield Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  }
}

/** A cursor reply over in-memory documents (listCollections, listIndexes, aggregate results). */
export function cursorFromDocs(ctx: CommandContext, ns: string, docs: Iterable<Doc>, batchSize = 0): Buffer {
  return openCursor(ctx, ns, serializeAll(docs), batchSize)
}

/** The batchSize of `cursor: { batchSize }` (aggregate, listCollections) or of `batchSize` (find). */
export function requestedBatchSize(ctx: CommandContext, fallback: number): number {
  const cursor = ctx.body.cursor as { batchSize?: unknown } | undefined
  const v = cursor?.batchSize ?? ctx.body.batchSize
  return typeof v === 'number' && v >= 0 ? Math.trunc(v) : fallback
}
