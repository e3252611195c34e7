/** Collection and index management commands. */
import { ErrorCodes, mongoError, notSupported } from '../errors'
import { isPlainObject, type Doc } from '../query/values'
import { compareValues } from '../query/value-order'
import type { CommandContext } from './context'
import { cursorFromDocs } from './cursor-reply'
import type { CommandTable } from './registry'

const CREATE_OPTIONS = new Set([
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'storageEngine',
  'indexOptionDefaults',
  'clusteredIndex',
])

/** Fields of any command that carry no collection option. */
const GENERIC_FIELDS = new Set([
  'create',
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'writeConcern',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
  'collation',
])

function create(ctx: CommandContext): Doc {
  const name = ctx.collectionName
  if (ctx.body.viewOn !== undefined) throw notSupported('views')
  if (ctx.body.timeseries !== undefined) throw notSupported('time series collections')
  if (ctx.body.collation !== undefined) ctx.checkCollation()
  const options: Doc = {}
  for (const [k, v] of Object.entries(ctx.body)) {
    if (CREATE_OPTIONS.has(k)) options[k] = v
    else if (!GENERIC_FIELDS.has(k)) throw notSupported(`the create option '${k}'`)
  }
  if (options.capped) throw notSupported('capped collections')
  if (options.validator !== undefined && Object.keys(options.validator as Doc).length > 0) {
    throw notSupported('collection validators (validator)')
  }
  if (options.clusteredIndex !== undefined) throw notSupported('clustered collections')
  ctx.engine.create(ctx.db, name, options)
  return { ok: 1 }
}

async function drop(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, 'ns not found')
  const nIndexesWas = coll.indexes.size
  ctx.engine.drop(ctx.db, name)
  await ctx.flush()
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 }
}

async function dropDatabase(ctx: CommandContext): Promise<Doc> {
  ctx.engine.dropDatabase(ctx.db)
  await ctx.flush()
  return { dropped: ctx.db, ok: 1 }
}

async function createIndexes(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  const specs = ctx.body.indexes
  if (!Array.isArray(specs) || specs.length === 0) {
    throw mongoError(ErrorCodes.BadValue, 'Must specify at least one index to create')
  }
  const existed = ctx.engine.get(ctx.db, name) !== undefined
  const coll = ctx.engine.getOrCreate(ctx.db, name)
  const before = coll.indexes.size
  let created = 0
  for (const spec of specs) if (coll.createIndex(spec)) created++
  await ctx.flush()
  return {
    createdCollectionAutomatically: !existed,
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    ...(created === 0 ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  }
}

function listIndexes(ctx: CommandContext): Buffer {
  const name = ctx.collectionName
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`)
  return cursorFromDocs(
    ctx,
    `${ctx.db}.${name}`,
    Array.from(coll.indexes.values(), (i) => i.spec),
  )
}

async function dropIndexes(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  const coll = ctx.engine.get(ctx.db, name)
  if (!coll) throw mongoError(ErrorCodes.NamespaceNotFound, `ns not found ${ctx.db}.${name}`)
  const nIndexesWas = coll.indexes.size
  const target = ctx.body.index
  if (target === '*') {
    for (const idx of Array.from(coll.indexes.keys())) if (idx !== '_id_') coll.dropIndex(idx)
  } else if (typeof target === 'string') {
    coll.dropIndex(target)
  } else if (Array.isArray(target)) {
    for (const n of target) coll.dropIndex(String(n))
  } else if (isPlainObject(target)) {
    const match = Array.from(coll.indexes.values()).find((i) => compareValues(i.spec.key, target) === 0)
    if (!match)
      throw mongoError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`)
    coll.dropIndex(match.name)
  } else {
    throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'dropIndexes.index' is the wrong type")
  }
  await ctx.flush()
  return { nIndexesWas, ok: 1 }
}

function collMod(ctx: CommandContext): Doc {
  const name = ctx.collectionName
  if (!ctx.engine.get(ctx.db, name))
    throw mongoError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`)
  throw notSupported('collMod')
}

function collStats(ctx: CommandContext): Doc {
  const coll = ctx.engine.get(ctx.db, ctx.collectionName)
  let size = 0
  if (coll) for (const r of coll.docs.values()) size += r.raw.length
  const count = coll?.docs.size ?? 0
  return {
    ns: `${ctx.db}.${ctx.collectionName}`,
    count,
    size,
    avgObjSize: count ? size / count : 0,
    storageSize: size,
    nindexes: coll?.indexes.size ?? 0,
    ok: 1,
  }
}

/** DDL commands. */
export const ddlCommands: CommandTable = {
  create,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collMod,
  collStats,
}
