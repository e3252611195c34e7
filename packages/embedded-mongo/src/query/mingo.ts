/**
 * The engine's mingo setup: a Context with every mingo operator, where the operators mingo gets
 * wrong for BSON values (`$type`, `$toString`, `$toObjectId`) are replaced, plus guards that turn
 * unsupported operators into MongoDB errors that name them.
 */
import { deserialize, ObjectId } from 'bson'
import { Aggregator } from 'mingo/aggregator'
import { Context, evalExpr as mingoEval, ProcessingMode } from 'mingo/core'
import * as accumulatorOperators from 'mingo/operators/accumulator'
import * as expressionOperators from 'mingo/operators/expression'
import * as pipelineOperators from 'mingo/operators/pipeline'
import * as projectionOperators from 'mingo/operators/projection'
import * as queryOperators from 'mingo/operators/query'
import * as windowOperators from 'mingo/operators/window'
import { Query } from 'mingo/query'
import type { Options } from 'mingo/types'
import { ErrorCodes, mongoError, notSupported, toMongoError } from '../errors'
import { compileSimpleFilter } from './simple-filter'
import { bsonClass, bsonTypeName, getPathValues, isPlainObject, TYPE_NUMBERS, type Doc } from './values'

/** Non-enumerable property of a stored document's view holding its raw BSON bytes (exact types). */
export const RAW = Symbol('raw')

const exactCache = new WeakMap<object, Doc>()

function exactDocOf(view: unknown): Doc | undefined {
  if (view === null || typeof view !== 'object') return undefined
  const raw = (view as { [RAW]?: Buffer })[RAW]
  if (!raw) return undefined
  let exact = exactCache.get(view)
  if (!exact) {
    exact = deserialize(raw, { promoteValues: false }) as Doc
    exactCache.set(view, exact)
  }
  return exact
}

function typeMatches(v: unknown, wanted: unknown): boolean {
  const name = typeof wanted === 'number' ? TYPE_NUMBERS[wanted] : wanted
  if (name === 'number') {
    const t = bsonTypeName(v)
    return t === 'int' || t === 'long' || t === 'double' || t === 'decimal'
  }
  return bsonTypeName(v) === name
}

function checkTypeAlias(wanted: unknown): void {
  if (typeof wanted === 'number' && TYPE_NUMBERS[wanted] !== undefined) return
  if (typeof wanted === 'string' && (wanted === 'number' || Object.values(TYPE_NUMBERS).includes(wanted)))
    return
  throw mongoError(ErrorCodes.BadValue, `Unknown type name alias: ${String(wanted)}`)
}

/** `$type` on exact BSON types: int, long, double and decimal are told apart using the stored bytes. */
function $type(selector: string, value: unknown): (obj: unknown) => boolean {
  const wanted = Array.isArray(value) ? value : [value]
  wanted.forEach(checkTypeAlias)
  return (obj: unknown) => {
    const source = exactDocOf(obj) ?? obj
    for (const v of getPathValues(source, selector)) {
      if (wanted.some((w) => typeMatches(v, w))) return true
      if (Array.isArray(v) && v.some((el) => wanted.some((w) => typeMatches(el, w)))) return true
    }
    return false
  }
}

type ExprFn = (obj: unknown, expr: unknown, options: Options) => unknown
const evalExpr = expressionOperators as unknown as Record<string, ExprFn>
const baseToString = evalExpr.$toString as ExprFn

/** `$toString` that also converts ObjectId (mingo throws on it). */
function $toString(obj: unknown, expr: unknown, options: Options): unknown {
  const v = evalOperand(obj, expr, options)
  if (bsonClass(v) === 'ObjectId') return (v as ObjectId).toHexString()
  return baseToString(obj, expr, options)
}

function evalOperand(obj: unknown, expr: unknown, options: Options): unknown {
  return mingoEval(obj, expr, options)
}

/** `$toObjectId`: a 24-hex-digit string becomes an ObjectId. */
function $toObjectId(obj: unknown, expr: unknown, options: Options): unknown {
  const v = evalOperand(obj, expr, options)
  if (v === null || v === undefined) return null
  if (bsonClass(v) === 'ObjectId') return v
  if (typeof v === 'string' && ObjectId.isValid(v) && v.length === 24) return new ObjectId(v)
  throw mongoError(241, `Failed to parse objectId '${String(v)}' in $convert with no onError value`)
}

const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: { ...expressionOperators, $toString, $toObjectId } as unknown as Record<`$${string}`, ExprFn>,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, $type } as typeof queryOperators,
  window: windowOperators,
})

/** Options shared by every mingo call. */
export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  return {
    context: CONTEXT,
    idKey: '_id',
    useStrictMode: true,
    scriptEnabled: false,
    processingMode: ProcessingMode.CLONE_OFF,
    ...extra,
  }
}

const UNSUPPORTED_QUERY_OPS = new Set([
  '$text',
  '$where',
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$within',
  '$jsonSchema',
])

/** Throws a MongoDB error for query operators the engine does not implement. */
function checkQueryOperators(filter: unknown, depth = 0): void {
  if (depth > 100) throw mongoError(ErrorCodes.BadValue, 'query is nested too deeply')
  if (Array.isArray(filter)) {
    for (const el of filter) checkQueryOperators(el, depth + 1)
    return
  }
  if (!isPlainObject(filter)) return
  for (const [k, v] of Object.entries(filter)) {
    if (UNSUPPORTED_QUERY_OPS.has(k)) throw notSupported(`the ${k} query operator`)
    if (k === '$expr') continue
    checkQueryOperators(v, depth + 1)
  }
}

/** Removes `$comment` (accepted by MongoDB, unknown to mingo) from a filter. */
function stripComment(filter: Doc): Doc {
  if (!('$comment' in filter)) return filter
  const { $comment: _c, ...rest } = filter
  return rest
}

/** A compiled filter. */
export interface Matcher {
  /** True when the filter is empty (matches everything). */
  readonly matchesAll: boolean
  test(doc: Doc): boolean
  /** The mingo Query, for projections that need the filter (positional `$`). */
  readonly query: Query
}

/** Compiles a MongoDB filter into a Matcher, raising MongoDB errors for invalid or unsupported filters. */
export function compileFilter(filter: unknown, variables?: Doc): Matcher {
  if (filter === undefined || filter === null) filter = {}
  if (!isPlainObject(filter)) throw mongoError(ErrorCodes.TypeMismatch, 'filter must be an object')
  const cleaned = stripComment(filter)
  const matchesAll = Object.keys(cleaned).length === 0
  // Simple filters (equality, $in and ranges on scalars) skip mingo: building a mingo Query
  // copies its operator tables, which dominates point lookups.
  const fast = variables ? undefined : compileSimpleFilter(cleaned)
  if (fast) {
    let query: Query | undefined
    return {
      matchesAll,
      get query() {
        query ??= new Query(cleaned, mingoOptions())
        return query
      },
      test: matchesAll ? () => true : fast,
    }
  }
  checkQueryOperators(filter)
  let query: Query
  try {
    query = new Query(cleaned, mingoOptions(variables ? { variables } : {}))
  } catch (err) {
    throw toMongoError(err)
  }
  return {
    matchesAll,
    query,
    test: matchesAll ? () => true : (doc) => query.test(doc),
  }
}

const UNSUPPORTED_STAGES = new Set([
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$changeStream',
  '$collStats',
  '$indexStats',
  '$out',
  '$merge',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$listSearchIndexes',
])

/** Throws a MongoDB error for aggregation stages the engine does not implement. */
export function checkPipeline(pipeline: unknown): asserts pipeline is Doc[] {
  if (!Array.isArray(pipeline))
    throw mongoError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array")
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw mongoError(40323, 'A pipeline stage specification object must contain exactly one field.')
    }
    const name = Object.keys(stage)[0] ?? ''
    if (UNSUPPORTED_STAGES.has(name)) throw notSupported(`the ${name} aggregation stage`)
    if (!(name in pipelineOperators)) {
      throw mongoError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${name}'`)
    }
    if (name === '$match') checkQueryOperators(stage.$match)
    if (name === '$lookup' && isPlainObject(stage.$lookup) && Array.isArray(stage.$lookup.pipeline)) {
      checkPipeline(stage.$lookup.pipeline)
    }
    if (name === '$facet' && isPlainObject(stage.$facet)) {
      for (const sub of Object.values(stage.$facet)) checkPipeline(sub)
    }
  }
}

/** Runs an aggregation pipeline over documents (which the pipeline may modify: pass copies). */
export function runPipeline(
  docs: Doc[],
  pipeline: Doc[],
  resolveCollection: (name: string) => Doc[],
  variables?: Doc,
): Doc[] {
  try {
    const agg = new Aggregator(
      pipeline,
      mingoOptions({ collectionResolver: resolveCollection, ...(variables ? { variables } : {}) }),
    )
    return agg.run(docs) as Doc[]
  } catch (err) {
    if (err instanceof Error && 'code' in err) throw err
    throw toMongoError(err)
  }
}

const MATCH_ALL = new Query({}, mingoOptions())

/** True when a projection only includes or excludes fields (no `$slice`, `$elemMatch`, `$` or expressions). */
export function isPlainProjection(projection: Doc): boolean {
  return Object.entries(projection).every(
    ([k, v]) => !k.includes('$') && (typeof v === 'number' || typeof v === 'boolean'),
  )
}

/**
 * Applies a find projection (inclusion, exclusion, `$slice`, `$elemMatch`, positional `$`).
 * With a matcher, the documents are re-tested against its filter (needed by positional `$`).
 */
export function projectDocs(docs: Doc[], projection: Doc, matcher?: Matcher): Doc[] {
  try {
    return (matcher?.query ?? MATCH_ALL).find(docs, projection).all() as Doc[]
  } catch (err) {
    throw toMongoError(err)
  }
}

export { CONTEXT as mingoContext }
