/**
 * Write commands that change existing documents: update, delete and findAndModify. Each reads
 * `let` (variables for `$expr` and pipeline updates), checks `hint` against the collection's
 * indexes, and refuses statements with fields MongoDB 7.0 does not define before any runs.
 */
import { deserialize } from 'bson'
import type { Collection } from '../engine/collection'
import { hintScope } from '../engine/hint'
import { validateCollectionName } from '../engine/names'
import { parseSort, queryRecords, type SortSpec } from '../engine/planner'
import { makeRecord, type DocRecord } from '../engine/record'
import { ErrorCodes, mongoError, toMongoError } from '../errors'
import { evaluateLet, statementVariables } from '../query/let-vars'
import { compileFilter, isPlainProjection, projectDocs, type Matcher } from '../query/mingo'
import { applyUpdate, classifyUpdate } from '../query/update'
import { buildUpsertDocument } from '../query/upsert'
import { isPlainObject, type Doc } from '../query/values'
import { serializeDoc, type ArrayItem, type CommandContext } from './context'
import { checkStatementFields } from './fields'
import { checkId } from './id-rules'
import type { CommandTable } from './registry'

interface StatementResult {
  n: number
  nModified: number
  upsertedId?: unknown
}

/** What one document update needs besides the document. */
interface UpdateSpec {
  update: Doc | Doc[]
  /** The update with exact BSON numeric types, decoded only when a document is written. */
  exactUpdate: () => unknown
  filter: Doc
  arrayFilters: Doc[] | undefined
  variables: Doc | undefined
}

function exactOf(rec: DocRecord): Doc {
  return deserialize(rec.raw, { promoteValues: false }) as Doc
}

function updateInput(spec: UpdateSpec) {
  return {
    update: spec.update,
    exactUpdate: spec.exactUpdate(),
    filter: spec.filter,
    ...(spec.arrayFilters ? { arrayFilters: spec.arrayFilters } : {}),
    ...(spec.variables ? { variables: spec.variables } : {}),
  }
}

/** Updates one document; returns the new record, or undefined when nothing changed. */
function updateRecord(coll: Collection, rec: DocRecord, spec: UpdateSpec): DocRecord | undefined {
  const built = applyUpdate(rec.view, exactOf(rec), { ...updateInput(spec), isInsert: false })
  const raw = serializeDoc(built.exact, 'update')
  if (raw.equals(rec.raw)) return undefined
  const next = makeRecord(raw, built.view)
  coll.replace(rec, next)
  return next
}

function upsertRecord(ctx: CommandContext, name: string, spec: UpdateSpec): DocRecord {
  const built = buildUpsertDocument(updateInput(spec))
  checkId(built.view)
  const raw = serializeDoc(built.exact, 'insert')
  const rec = makeRecord(raw, built.view)
  ctx.engine.getOrCreate(ctx.db, name).insert(rec)
  return rec
}

/** The collection a write targets. An upsert creates it first, as MongoDB does, so its hint is checked. */
function targetCollection(ctx: CommandContext, name: string, upsert: boolean): Collection | undefined {
  return upsert ? ctx.engine.getOrCreate(ctx.db, name) : ctx.engine.get(ctx.db, name)
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

function runUpdateStatement(
  ctx: CommandContext,
  name: string,
  st: ArrayItem,
  letVars: Doc | undefined,
): StatementResult {
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
  const variables = statementVariables(letVars, s.c)
  const coll = targetCollection(ctx, name, upsert)
  const within = hintScope(coll, s.hint)
  const matcher = compileFilter(q, variables)
  const targets = coll
    ? Array.from(queryRecords(coll, q, matcher, { limit: multi ? 0 : 1, ...(within ? { within } : {}) }))
    : []
  const spec: UpdateSpec = {
    update: u,
    exactUpdate: () => st.exact().u,
    filter: q,
    arrayFilters: arrayFiltersOf(s.arrayFilters),
    variables,
  }
  if (targets.length === 0) {
    if (!upsert) return { n: 0, nModified: 0 }
    const rec = upsertRecord(ctx, name, spec)
    return { n: 1, nModified: 0, upsertedId: rec.view._id }
  }
  let nModified = 0
  for (const rec of targets) {
    if (updateRecord(coll as Collection, rec, spec)) nModified++
  }
  return { n: targets.length, nModified }
}

async function update(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const statements = ctx.arrayArg('updates')
  checkStatementFields('update', 'updates', statements)
  const letVars = evaluateLet(ctx.body.let, 'update.let')
  const ordered = ctx.bool('ordered', true)
  let n = 0
  let nModified = 0
  const upserted: Doc[] = []
  const writeErrors: Doc[] = []
  for (let i = 0; i < statements.length; i++) {
    try {
      const r = runUpdateStatement(ctx, name, statements[i] as ArrayItem, letVars)
      n += r.n
      nModified += r.nModified
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId })
    } catch (err) {
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  await ctx.flush()
  return {
    n,
    nModified,
    ...(upserted.length ? { upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  }
}

function runDeleteStatement(ctx: CommandContext, name: string, s: Doc, letVars: Doc | undefined): number {
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
  const coll = ctx.engine.get(ctx.db, name)
  const within = hintScope(coll, s.hint)
  const matcher = compileFilter(q, letVars)
  if (!coll) return 0
  const limit = s.limit === 1 ? 1 : 0
  const targets = Array.from(queryRecords(coll, q, matcher, { limit, ...(within ? { within } : {}) }))
  for (const rec of targets) coll.delete(rec)
  return targets.length
}

async function del(ctx: CommandContext): Promise<Doc> {
  const name = ctx.collectionName
  validateCollectionName(ctx.db, name)
  const statements = ctx.arrayArg('deletes')
  checkStatementFields('delete', 'deletes', statements)
  const letVars = evaluateLet(ctx.body.let, 'delete.let')
  const ordered = ctx.bool('ordered', true)
  let n = 0
  const writeErrors: Doc[] = []
  for (let i = 0; i < statements.length; i++) {
    try {
      n += runDeleteStatement(ctx, name, (statements[i] as ArrayItem).view, letVars)
    } catch (err) {
      writeErrors.push(toMongoError(err).toWriteError(i))
      if (ordered) break
    }
  }
  await ctx.flush()
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
  const variables = evaluateLet(ctx.body.let, 'findAndModify.let')
  const coll = targetCollection(ctx, name, upsert)
  const within = hintScope(coll, ctx.body.hint)
  const matcher = compileFilter(query, variables)
  const target = coll
    ? queryRecords(coll, query, matcher, {
        ...(sort ? { sort } : {}),
        limit: 1,
        ...(within ? { within } : {}),
      }).next().value
    : undefined
  if (remove) {
    if (target && coll) coll.delete(target)
    await ctx.flush()
    return {
      lastErrorObject: { n: target ? 1 : 0 },
      value: target ? returnedDoc(target, fields, matcher) : null,
      ok: 1,
    }
  }
  const spec: UpdateSpec = {
    update: u as Doc | Doc[],
    exactUpdate: () => ctx.exactBody.update,
    filter: query,
    arrayFilters,
    variables,
  }
  classifyUpdate(spec.update)
  if (target && coll) {
    const next = updateRecord(coll, target, spec) ?? target
    await ctx.flush()
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: returnedDoc(returnNew ? next : target, fields, matcher),
      ok: 1,
    }
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 }
  const rec = upsertRecord(ctx, name, spec)
  await ctx.flush()
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: rec.view._id },
    value: returnNew ? returnedDoc(rec, fields, matcher) : null,
    ok: 1,
  }
}

/** update, delete and findAndModify. */
export const modifyCommands: CommandTable = {
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
}
