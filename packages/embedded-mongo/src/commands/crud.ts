/** Read and write commands: insert, find, getMore, killCursors, update, delete, findAndModify, count, distinct. */
import { deserialize, Long, ObjectId, serialize } from 'bson'
import type { Collection } from '../engine/collection'
import { takeBatch } from '../engine/cursors'
import { formatKeyValue } from '../engine/format'
import { validateCollectionName } from '../engine/names'
import { parseSort, queryRecords, type SortSpec } from '../engine/planner'
import { makeRecord, type DocRecord } from '../engine/record'
import { ErrorCodes, mongoError, notSupported, toMongoError } from '../errors'
import { compileFilter, isPlainProjection, projectDocs, type Matcher } from '../query/mingo'
import { applyUpdate, buildUpsertDocument, classifyUpdate } from '../query/update'
import { bsonClass, compareValues, getPathValues, isPlainObject, keyString, type Doc } from '../query/values'
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol'
import { cursorReply } from '../wire/raw-bson'
import { compileRawProjection, projectRaw } from '../wire/raw-project'
import { serializeDoc, tooLarge, type ArrayItem, type CommandContext } from './context'
import { DEFAULT_FIRST_BATCH, openCursor } from './cursor-reply'
import type { CommandTable } from './registry'

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

function checkId(view: Doc): void {
  if (!('_id' in view)) return
  const id = view._id
  if (Array.isArray(id))
    throw mongoError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type array")
  if (id instanceof RegExp || bsonClass(id) === 'BSONRegExp')
    throw mongoError(ErrorCodes.BadValue, "can't use a regex for _id")
  if (isPlainObject(id)) {
    const bad = Object.keys(id).find((k) => k.startsWith('$'))
    if (bad) {
      throw mongoError(
        ErrorCodes.DollarPrefixedFieldName,
        `_id fields may not contain '$'-prefixed fields: ${bad} is not valid for storage.`,
      )
    }
  }
}

/** Builds the record for an inserted document: `_id` first (generated when missing), exact BSON kept. */
function prepareInsert(item: ArrayItem): DocRecord {
  const view = item.view
  checkId(view)
  const keys = Object.keys(view)
  if (item.raw && keys[0] === '_id' && view._id !== undefined) {
    if (item.raw.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(item.raw.length, 'insert')
    return makeRecord(Buffer.from(item.raw), view)
  }
  const exact = item.exact()
  const id = view._id !== undefined ? exact._id : new ObjectId()
  const ordered: Doc = { _id: id }
  for (const k of Object.keys(exact)) if (k !== '_id') ordered[k] = exact[k]
  const raw = serializeDoc(ordered, 'insert')
  const orderedView: Doc = { _id: view._id !== undefined ? view._id : id }
  for (const k of keys) if (k !== '_id') orderedView[k] = view[k]
  return makeRecord(raw, orderedView)
}

async function insert(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const items = ctx.arrayArg('documents')
  const ordered = ctx.bool('ordered', true)
  const coll = ctx.engine.getOrCreate(ctx.db, name)
  let n = 0
  const writeErrors: Doc[] = []
  for (let i = 0; i < items.length; i++) {
    try {
      coll.insert(prepareInsert(items[i] as ArrayItem))
      n++
    } catch (err) {
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  await ctx.engine.flush()
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

function letVars(ctx: CommandContext): Doc | undefined {
  return ctx.obj('let')
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
  const matcher = compileFilter(filter, letVars(ctx))
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) return cursorReply('firstBatch', [], 0n, ns)
  const recs = queryRecords(coll, filter, matcher, { ...(sort ? { sort } : {}), skip, limit })
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

interface StatementResult {
  n: number
  nModified: number
  upsertedId?: unknown
}

function exactOf(rec: DocRecord): Doc {
  return deserialize(rec.raw, { promoteValues: false }) as Doc
}

/** Updates one document; returns the new record, or undefined when nothing changed. */
function updateRecord(
  coll: Collection,
  rec: DocRecord,
  update: Doc | Doc[],
  exactUpdate: unknown,
  filter: Doc,
  arrayFilters: Doc[] | undefined,
): DocRecord | undefined {
  const built = applyUpdate(rec.view, exactOf(rec), {
    update,
    exactUpdate,
    filter,
    ...(arrayFilters ? { arrayFilters } : {}),
    isInsert: false,
  })
  const raw = serializeDoc(built.exact, 'update')
  if (raw.equals(rec.raw)) return undefined
  const next = makeRecord(raw, built.view)
  coll.replace(rec, next)
  return next
}

function upsertRecord(
  ctx: CommandContext,
  name: string,
  update: Doc | Doc[],
  exactUpdate: unknown,
  filter: Doc,
  arrayFilters: Doc[] | undefined,
): DocRecord {
  const built = buildUpsertDocument({
    update,
    exactUpdate,
    filter,
    ...(arrayFilters ? { arrayFilters } : {}),
  })
  checkId(built.view)
  const raw = serializeDoc(built.exact, 'insert')
  const rec = makeRecord(raw, built.view)
  ctx.engine.getOrCreate(ctx.db, name).insert(rec)
  return rec
}

function arrayFiltersOf(v: unknown): Doc[] | undefined {
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v) || !v.every(isPlainObject)) {
    throw mongoError(
      ErrorCodes.TypeMismatch,
      "BSON field 'arrayFilters' is the wrong type, expected type 'array'",
    )
  }
  return v
}

function runUpdateStatement(ctx: CommandContext, name: string, st: ArrayItem): StatementResult {
  const s = st.view
  const q = s.q === undefined ? {} : s.q
  if (!isPlainObject(q))
    throw mongoError(
      ErrorCodes.TypeMismatch,
      "BSON field 'update.updates.q' is the wrong type, expected type 'object'",
    )
  const u = s.u as Doc | Doc[]
  const kind = classifyUpdate(u)
  const multi = Boolean(s.multi)
  const upsert = Boolean(s.upsert)
  if (multi && kind === 'replacement') {
    throw mongoError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update')
  }
  ctx.checkCollation(s.collation)
  const arrayFilters = arrayFiltersOf(s.arrayFilters)
  const sort = parseSort(s.sort)
  const exactU = (): unknown => st.exact().u
  const coll = ctx.engine.get(ctx.db, name)
  const matcher = compileFilter(q)
  const targets = coll
    ? Array.from(queryRecords(coll, q, matcher, { ...(sort ? { sort } : {}), limit: multi ? 0 : 1 }))
    : []
  if (targets.length === 0) {
    if (!upsert) return { n: 0, nModified: 0 }
    const rec = upsertRecord(ctx, name, u, exactU(), q, arrayFilters)
    return { n: 1, nModified: 0, upsertedId: rec.view._id }
  }
  let nModified = 0
  const exactUpdate = exactU()
  for (const rec of targets) {
    if (updateRecord(coll as Collection, rec, u, exactUpdate, q, arrayFilters)) nModified++
  }
  return { n: targets.length, nModified }
}

async function update(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const statements = ctx.arrayArg('updates')
  const ordered = ctx.bool('ordered', true)
  let n = 0
  let nModified = 0
  const upserted: Doc[] = []
  const writeErrors: Doc[] = []
  for (let i = 0; i < statements.length; i++) {
    try {
      const r = runUpdateStatement(ctx, name, statements[i] as ArrayItem)
      n += r.n
      nModified += r.nModified
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId })
    } catch (err) {
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  await ctx.engine.flush()
  return {
    n,
    nModified,
    ...(upserted.length ? { upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  }
}

async function del(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const statements = ctx.arrayArg('deletes')
  const ordered = ctx.bool('ordered', true)
  let n = 0
  const writeErrors: Doc[] = []
  for (let i = 0; i < statements.length; i++) {
    try {
      const s = (statements[i] as ArrayItem).view
      const q = s.q === undefined ? {} : s.q
      if (!isPlainObject(q))
        throw mongoError(
          ErrorCodes.TypeMismatch,
          "BSON field 'delete.deletes.q' is the wrong type, expected type 'object'",
        )
      if (s.limit !== 0 && s.limit !== 1)
        throw mongoError(
          ErrorCodes.FailedToParse,
          `The limit field in delete objects must be 0 or 1. Got ${String(s.limit)}`,
        )
      ctx.checkCollation(s.collation)
      const matcher = compileFilter(q)
      const coll = ctx.engine.get(ctx.db, name)
      if (!coll) continue
      const targets = Array.from(queryRecords(coll, q, matcher, { limit: s.limit === 1 ? 1 : 0 }))
      for (const rec of targets) {
        coll.delete(rec)
        n++
      }
    } catch (err) {
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  await ctx.engine.flush()
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 }
}

function returnedDoc(rec: DocRecord, fields: Doc | undefined, matcher: Matcher): Doc {
  if (!fields || Object.keys(fields).length === 0) return exactOf(rec)
  if (isPlainProjection(fields)) return projectDocs([exactOf(rec)], fields)[0] as Doc
  return projectDocs([rec.view], fields, matcher)[0] as Doc
}

async function findAndModify(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  const query = ctx.obj('query') ?? {}
  const sort: SortSpec | undefined = parseSort(ctx.body.sort)
  const remove = ctx.bool('remove', false)
  const returnNew = ctx.bool('new', false)
  const upsert = ctx.bool('upsert', false)
  const fields = ctx.obj('fields')
  const u = ctx.body.update as Doc | Doc[] | undefined
  if (remove && u !== undefined)
    throw mongoError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true')
  if (!remove && u === undefined)
    throw mongoError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified')
  if (remove && upsert)
    throw mongoError(ErrorCodes.FailedToParse, 'Cannot specify both upsert=true and remove=true')
  if (remove && returnNew) {
    throw mongoError(
      ErrorCodes.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    )
  }
  const arrayFilters = arrayFiltersOf(ctx.body.arrayFilters)
  const matcher = compileFilter(query, ctx.obj('let'))
  const coll = ctx.engine.get(ctx.db, name)
  const target = coll
    ? queryRecords(coll, query, matcher, { ...(sort ? { sort } : {}), limit: 1 }).next().value
    : undefined
  if (remove) {
    if (target && coll) coll.delete(target)
    await ctx.engine.flush()
    return {
      lastErrorObject: { n: target ? 1 : 0 },
      value: target ? returnedDoc(target, fields, matcher) : null,
      ok: 1,
    }
  }
  const update = u as Doc | Doc[]
  classifyUpdate(update)
  const exactUpdate = ctx.exactBody.update
  if (target && coll) {
    const next = updateRecord(coll, target, update, exactUpdate, query, arrayFilters) ?? target
    await ctx.engine.flush()
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: returnedDoc(returnNew ? next : target, fields, matcher),
      ok: 1,
    }
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 }
  const rec = upsertRecord(ctx, name, update, exactUpdate, query, arrayFilters)
  await ctx.engine.flush()
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: rec.view._id },
    value: returnNew ? returnedDoc(rec, fields, matcher) : null,
    ok: 1,
  }
}

function count(ctx: CommandContext): Doc {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  const query = ctx.obj('query') ?? {}
  const skip = Math.max(0, ctx.int('skip', 0))
  const limit = Math.abs(ctx.int('limit', 0))
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) return { n: 0, ok: 1 }
  const matcher = compileFilter(query)
  if (matcher.matchesAll) {
    const total = Math.max(0, coll.docs.size - skip)
    return { n: limit > 0 ? Math.min(limit, total) : total, ok: 1 }
  }
  let n = 0
  for (const _ of queryRecords(coll, query, matcher, { skip, limit })) n++
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
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
  explain: () => {
    throw notSupported('explain')
  },
  renameCollection: () => {
    throw notSupported('renameCollection')
  },
}
