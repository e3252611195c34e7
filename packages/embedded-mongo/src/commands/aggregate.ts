/** The aggregate command: a leading `$match` is served by the planner, the rest of the pipeline by mingo. */
import type { Collection } from '../engine/collection'
import type { CollectionIndex } from '../engine/collection-index'
import { hintScope } from '../engine/hint'
import { validateCollectionName } from '../engine/names'
import { parseSort, queryRecords, type SortSpec } from '../engine/planner'
import type { DocRecord } from '../engine/record'
import { ErrorCodes, mongoError, notSupported } from '../errors'
import { evaluateLet } from '../query/let-vars'
import { checkPipeline, compileFilter, runPipeline } from '../query/mingo'
import { cloneValue, isPlainObject, type Doc } from '../query/values'
import type { CommandContext } from './context'
import { compileRawProjection, projectRaw, type RawProjection } from '../wire/raw-project'
import { cursorFromDocs, openCursor, requestedBatchSize } from './cursor-reply'
import type { CommandTable } from './registry'

/** `[$match, ($skip), ($limit), { $group: { _id: <const>, n: { $sum: 1 } } }]`: the shape countDocuments sends. */
function countShape(
  pipeline: Doc[],
): { filter: Doc; skip: number; limit: number; field: string; id: unknown } | undefined {
  let i = 0
  let filter: Doc = {}
  let skip = 0
  let limit = 0
  const first = pipeline[i]
  if (first && isPlainObject(first.$match)) {
    filter = first.$match
    i++
  }
  const s = pipeline[i]
  if (s && typeof s.$skip === 'number') {
    skip = s.$skip
    i++
  }
  const l = pipeline[i]
  if (l && typeof l.$limit === 'number') {
    limit = l.$limit
    i++
  }
  const g = pipeline[i]
  if (!g || i !== pipeline.length - 1 || !isPlainObject(g.$group)) return undefined
  const keys = Object.keys(g.$group)
  if (keys.length !== 2 || keys[0] !== '_id') return undefined
  const id = g.$group._id
  if (isPlainObject(id) || (typeof id === 'string' && id.startsWith('$'))) return undefined
  const field = keys[1] as string
  const acc = g.$group[field]
  if (!isPlainObject(acc) || acc.$sum !== 1 || Object.keys(acc).length !== 1) return undefined
  return { filter, skip, limit, field, id }
}

interface FindShape {
  filter: Doc
  sort?: SortSpec
  skip: number
  limit: number
  projection?: RawProjection
}

function nonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}

/**
 * `[$match][$sort][$skip][$limit][$project]` in that order, with a top-level inclusion/exclusion
 * `$project`: the shape of a find, served the same way (index plan, stored bytes, no decoding).
 */
function findShape(pipeline: Doc[]): FindShape | undefined {
  const shape: FindShape = { filter: {}, skip: 0, limit: 0 }
  let i = 0
  const at = (name: string): unknown => {
    const stage = pipeline[i]
    return stage && Object.prototype.hasOwnProperty.call(stage, name) ? stage[name] : undefined
  }
  const match = at('$match')
  if (match !== undefined) {
    if (!isPlainObject(match)) return undefined
    shape.filter = match
    i++
  }
  const sort = at('$sort')
  if (sort !== undefined) {
    const spec = parseSort(sort)
    if (!spec) return undefined
    shape.sort = spec
    i++
  }
  const skip = at('$skip')
  if (skip !== undefined) {
    if (!nonNegativeInt(skip)) return undefined
    shape.skip = skip
    i++
  }
  const limit = at('$limit')
  if (limit !== undefined) {
    if (!nonNegativeInt(limit) || limit === 0) return undefined
    shape.limit = limit
    i++
  }
  const project = at('$project')
  if (project !== undefined) {
    const p = isPlainObject(project) ? compileRawProjection(project) : undefined
    if (!p) return undefined
    shape.projection = p
    i++
  }
  return i === pipeline.length ? shape : undefined
}

function* outputRecords(recs: Iterable<DocRecord>, projection: RawProjection | undefined): Generator<Buffer> {
  for (const rec of recs) yield projection ? projectRaw(rec.raw, projection) : rec.raw
}

function collectionDocs(coll: Collection | undefined, within?: CollectionIndex): Doc[] {
  if (!coll) return []
  const recs = within
    ? Array.from(coll.docs.values()).filter((r) => within.holds(r.view))
    : coll.docs.values()
  return Array.from(recs, (r) => cloneValue(r.view))
}

async function aggregate(ctx: CommandContext): Promise<Buffer> {
  const target = ctx.body.aggregate
  if (typeof target !== 'string') throw notSupported('database-level aggregate ({ aggregate: 1 })')
  const name = target
  validateCollectionName(ctx.db, name)
  ctx.checkCollation()
  if (ctx.body.explain) throw notSupported('explain')
  if (!isPlainObject(ctx.body.cursor) && !ctx.body.explain) {
    throw mongoError(
      ErrorCodes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    )
  }
  const pipeline = ctx.body.pipeline
  checkPipeline(pipeline)
  const ns = `${ctx.db}.${name}`
  const batchSize = requestedBatchSize(ctx, 101)
  const coll = ctx.engine.get(ctx.db, name)
  const within = hintScope(coll, ctx.body.hint)
  const scope = within ? { within } : {}
  const variables = evaluateLet(ctx.body.let, 'aggregate.let')

  const shape = countShape(pipeline)
  if (shape) {
    const matcher = compileFilter(shape.filter, variables)
    let n = 0
    if (coll) {
      if (matcher.matchesAll && !within) n = Math.max(0, coll.docs.size - shape.skip)
      else for (const _ of queryRecords(coll, shape.filter, matcher, { skip: shape.skip, ...scope })) n++
      if (shape.limit > 0) n = Math.min(n, shape.limit)
    }
    const out = n > 0 ? [{ _id: shape.id, [shape.field]: n }] : []
    return cursorFromDocs(ctx, ns, out, batchSize)
  }

  const simple = findShape(pipeline)
  if (simple) {
    const matcher = compileFilter(simple.filter, variables)
    if (!coll) return cursorFromDocs(ctx, ns, [], batchSize)
    const recs = queryRecords(coll, simple.filter, matcher, {
      ...(simple.sort ? { sort: simple.sort } : {}),
      skip: simple.skip,
      limit: simple.limit,
      ...scope,
    })
    return openCursor(ctx, ns, outputRecords(recs, simple.projection), batchSize)
  }

  let rest = pipeline
  let input: Doc[]
  const first = pipeline[0]
  if (first && isPlainObject(first.$match) && coll) {
    const matcher = compileFilter(first.$match, variables)
    input = Array.from(queryRecords(coll, first.$match, matcher, scope), (r) => cloneValue(r.view))
    rest = pipeline.slice(1)
  } else {
    input = collectionDocs(coll, within)
  }
  const resolve = (other: string): Doc[] => collectionDocs(ctx.engine.get(ctx.db, other))
  const results = rest.length ? runPipeline(input, rest, resolve, variables) : input
  return cursorFromDocs(ctx, ns, results, batchSize)
}

/** Aggregation commands. */
export const aggregateCommands: CommandTable = { aggregate }
