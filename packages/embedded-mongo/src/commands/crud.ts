/** Read commands and insert: insert, find, getMore, killCursors, count, distinct (updates and deletes: modify.ts). */
import { deserialize, Long, ObjectId, serialize } from 'bson'
import { takeBatch } from '../engine/cursors'
import { formatKeyValue } from '../engine/format'
import { hintScope } from '../engine/hint'
import { validateCollectionName } from '../engine/names'
import { parseSort, queryRecords } from '../engine/planner'
import { recordWithoutView, type DocRecord } from '../engine/record'
import { ErrorCodes, mongoError, notSupported, toMongoError } from '../errors'
import { evaluateLet } from '../query/let-vars'
import { compileFilter, isPlainProjection, projectDocs, type Matcher } from '../query/mingo'
import { bsonClass, getPathValues, type Doc } from '../query/values'
import { compareValues, keyString } from '../query/value-order'
import { MAX_BSON_OBJECT_SIZE, ProtocolError } from '../wire/protocol'
import { cursorReply } from '../wire/raw-bson'
import { rawWithIdFirst, withElementFirst } from '../wire/raw-elements'
import { TopLevelFieldReader } from '../wire/raw-fields'
import { compileRawProjection, projectRaw } from '../wire/raw-project'
import { serializeDoc, tooLarge, type ArrayItem, type CommandContext } from './context'
import { DEFAULT_FIRST_BATCH, openCursor } from './cursor-reply'
import { checkId } from './id-rules'
import type { CommandTable } from './registry'

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

/**
 * The record to store for one inserted document, and the document's view (for its index keys): read
 * from the bytes by `reader` when it can (`_id` and the index fields only), else decoded.
 */
function prepareInsert(item: ArrayItem, reader: TopLevelFieldReader | undefined): [DocRecord, Doc] {
  if (reader && item.raw) {
    const read = reader.read(item.raw)
    if (read) {
      // `_id` is a scalar here (checkId has nothing to refuse).
      if (item.raw.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(item.raw.length, 'insert')
      const raw =
        read.idStart === 4 ? Buffer.from(item.raw) : withElementFirst(item.raw, read.idStart, read.idEnd)
      return [recordWithoutView(raw, read.view), read.view]
    }
  }
  const view = item.view
  checkId(view)
  if (item.raw && view._id !== undefined) {
    // Store the client's bytes; MongoDB keeps `_id` first, so move it there when it is not.
    if (item.raw.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(item.raw.length, 'insert')
    const raw = Object.keys(view)[0] === '_id' ? Buffer.from(item.raw) : rawWithIdFirst(item.raw)
    if (raw) return [recordWithoutView(raw, view), view]
  }
  const exact = item.exact()
  const id = view._id !== undefined ? exact._id : new ObjectId()
  const ordered: Doc = { _id: id }
  for (const k of Object.keys(exact)) if (k !== '_id') ordered[k] = exact[k]
  const raw = serializeDoc(ordered, 'insert')
  const orderedView: Doc = { _id: view._id !== undefined ? view._id : id }
  for (const k of Object.keys(view)) if (k !== '_id') orderedView[k] = view[k]
  return [recordWithoutView(raw, orderedView), orderedView]
}

async function insert(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const items = ctx.arrayArg('documents')
  const ordered = ctx.bool('ordered', true)
  const coll = ctx.engine.getOrCreate(ctx.db, name)
  let n = 0
  const writeErrors: Doc[] = []
  const batch = coll.insertBatch()
  const keyFields = coll.insertKeyFields()
  const reader = keyFields ? new TopLevelFieldReader(keyFields) : undefined
  for (let i = 0; i < items.length; i++) {
    try {
      const [rec, view] = prepareInsert(items[i] as ArrayItem, reader)
      batch.add(rec, view)
      n++
    } catch (err) {
      // A document that does not decode: nothing of the command is stored, the connection is closed.
      if (err instanceof ProtocolError) throw err
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  batch.commit()
  await ctx.flush()
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 }
}

/**
 * How a query's documents are output, with the projection applied (exact BSON types when possible):
 * stored bytes as they are, top-level inclusion/exclusion at the byte level, anything else decoded,
 * projected and re-encoded.
 */
function outputFor(projection: Doc | undefined, matcher: Matcher): (rec: DocRecord) => Buffer {
  if (!projection || Object.keys(projection).length === 0) return (rec) => rec.raw
  const raw = compileRawProjection(projection)
  if (raw) return (rec) => projectRaw(rec.raw, raw)
  if (isPlainProjection(projection)) {
    return (rec) => {
      const exact = deserialize(rec.raw, { promoteValues: false }) as Doc
      return toBuffer(serialize(projectDocs([exact], projection)[0] as Doc))
    }
  }
  return (rec) => toBuffer(serialize(projectDocs([rec.view], projection, matcher)[0] as Doc))
}

function* mapRecords(
  recs: Iterable<DocRecord>,
  projection: Doc | undefined,
  matcher: Matcher,
): Generator<Buffer> {
  const output = outputFor(projection, matcher)
  for (const rec of recs) yield output(rec)
}

function find(ctx: CommandContext): Buffer {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  if (ctx.body.tailable || ctx.body.awaitData) throw notSupported('tailable cursors')
  if (ctx.body.min !== undefined || ctx.body.max !== undefined) throw notSupported('find min/max')
  const ns = `${ctx.db}.${name}`
  const filter = ctx.obj('filter') ?? {}
  const sort = parseSort(ctx.body.sort)
  const projection = ctx.obj('projection')
  const skip = ctx.int('skip', 0)
  if (skip < 0) throw mongoError(51024, `BSON field 'skip' value must be >= 0, actual value '${skip}'`)
  let limit = ctx.int('limit', 0)
  let singleBatch = ctx.bool('singleBatch', false)
  if (limit < 0) {
    limit = -limit
    singleBatch = true
  }
  let batchSize =
    ctx.body.batchSize === undefined ? DEFAULT_FIRST_BATCH : ctx.int('batchSize', DEFAULT_FIRST_BATCH)
  if (batchSize < 0)
    throw mongoError(51024, `BSON field 'batchSize' value must be >= 0, actual value '${batchSize}'`)
  if (batchSize === 0) batchSize = DEFAULT_FIRST_BATCH
  if (limit > 0 && limit < batchSize) batchSize = limit
  const matcher = compileFilter(filter, evaluateLet(ctx.body.let, 'find.let'))
  const coll = ctx.engine.get(ctx.db, name)
  const within = hintScope(coll, ctx.body.hint)
  if (!coll) return cursorReply('firstBatch', [], 0n, ns)
  const recs = queryRecords(coll, filter, matcher, {
    ...(sort ? { sort } : {}),
    skip,
    limit,
    ...(within ? { within } : {}),
  })
  return openCursor(ctx, ns, mapRecords(recs, projection, matcher), batchSize, singleBatch)
}

function cursorIdArg(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
  if (typeof v === 'bigint') return v
  if (bsonClass(v) === 'Long') return (v as Long).toBigInt()
  throw mongoError(
    ErrorCodes.TypeMismatch,
    "BSON field 'getMore.getMore' is the wrong type, expected type 'long'",
  )
}

function getMore(ctx: CommandContext): Buffer {
  const id = cursorIdArg(ctx.body.getMore)
  const collection = ctx.body.collection
  if (typeof collection !== 'string')
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'getMore.collection' is missing or not a string")
  const cursor = ctx.engine.cursors.get(id)
  if (!cursor) throw mongoError(ErrorCodes.CursorNotFound, `cursor id ${id} not found`)
  const ns = `${ctx.db}.${collection}`
  if (cursor.ns !== ns) {
    throw mongoError(
      13,
      `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
    )
  }
  const batchSize = ctx.int('batchSize', 0)
  let batch
  try {
    batch = takeBatch(cursor.iter, cursor.pending, batchSize)
  } catch (err) {
    ctx.engine.cursors.kill(id)
    throw err
  }
  let replyId = id
  if (batch.pending === undefined) {
    ctx.engine.cursors.kill(id)
    replyId = 0n
  } else {
    cursor.pending = batch.pending
    cursor.lastUsed = Date.now()
  }
  return cursorReply('nextBatch', batch.docs, replyId, cursor.ns)
}

function killCursors(ctx: CommandContext): Doc {
  const ids = ctx.body.cursors
  if (!Array.isArray(ids))
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'killCursors.cursors' is missing or not an array")
  const killed: Long[] = []
  const notFound: Long[] = []
  for (const v of ids) {
    const id = cursorIdArg(v)
    ;(ctx.engine.cursors.kill(id) ? killed : notFound).push(Long.fromBigInt(id))
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 }
}

function count(ctx: CommandContext): Doc {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  const query = ctx.obj('query') ?? {}
  const skip = Math.max(0, ctx.int('skip', 0))
  const limit = Math.abs(ctx.int('limit', 0))
  const coll = ctx.engine.get(ctx.db, name)
  const within = hintScope(coll, ctx.body.hint)
  if (!coll) return { n: 0, ok: 1 }
  const matcher = compileFilter(query)
  if (matcher.matchesAll && !within) {
    const total = Math.max(0, coll.docs.size - skip)
    return { n: limit > 0 ? Math.min(limit, total) : total, ok: 1 }
  }
  let n = 0
  for (const _ of queryRecords(coll, query, matcher, { skip, limit, ...(within ? { within } : {}) })) n++
  return { n, ok: 1 }
}

function distinct(ctx: CommandContext): Doc {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  const key = ctx.body.key
  if (typeof key !== 'string')
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is missing or not a string")
  const query = ctx.obj('query') ?? {}
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) return { values: [], ok: 1 }
  const matcher = compileFilter(query)
  const values = new Map<string, unknown>()
  const add = (v: unknown): void => {
    if (v === undefined) return
    const k = keyString(v)
    if (!values.has(k)) values.set(k, v)
  }
  for (const rec of queryRecords(coll, query, matcher)) {
    for (const v of getPathValues(rec.view, key)) {
      if (Array.isArray(v)) v.forEach(add)
      else add(v)
    }
  }
  const out = Array.from(values.values()).sort(compareValues)
  const size = serialize({ values: out }).length
  if (size > MAX_BSON_OBJECT_SIZE)
    throw mongoError(17217, `distinct too big, 16mb cap (${formatKeyValue(size)} bytes)`)
  return { values: out, ok: 1 }
}

/** CRUD commands. */
export const crudCommands: CommandTable = {
  insert,
  find,
  getMore,
  killCursors,
  count,
  distinct,
  explain: () => {
    throw notSupported('explain')
  },
  renameCollection: () => {
    throw notSupported('renameCollection')
  },
}
