/**
 * Query planning: picks the index that serves a filter's equality and range conditions (and, when
 * it can, the requested sort), so that indexed lookups do not scan the collection. Candidates are
 * always re-checked against the full filter, so a plan can only make a query faster, never wrong.
 */
import { ErrorCodes, mongoError, notSupported } from '../errors'
import type { Matcher } from '../query/mingo'
import { bsonClass, getPathValues, isPlainObject, type Doc } from '../query/values'
import { compareValues, keyString, typeOrder } from '../query/value-order'
import type { Collection } from './collection'
import type { CollectionIndex, FieldRange } from './collection-index'
import type { DocRecord } from './record'

/** A sort specification as ordered [field, direction] pairs. */
export type SortSpec = [string, 1 | -1][]

interface FieldCond {
  points?: unknown[]
  range?: FieldRange
}

/**
 * Most index points (`$in` values, times those of later fields) a plan looks up one by one. Each is a
 * logarithmic lookup, so a wide `$in` (a batch of 2,000 user ids) is still far cheaper than the scan it
 * replaces, which tests every document against every value.
 */
const MAX_COMBOS = 100_000

/** Parses a `sort` document into [field, direction] pairs, raising MongoDB's errors for bad values. */
export function parseSort(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined
  if (!isPlainObject(sort)) throw mongoError(ErrorCodes.TypeMismatch, 'sort must be an object')
  const out: SortSpec = []
  for (const [field, dir] of Object.entries(sort)) {
    if (isPlainObject(dir) && '$meta' in dir)
      throw notSupported(`sorting by { $meta: ${JSON.stringify(dir.$meta)} }`)
    if (dir !== 1 && dir !== -1) {
      throw mongoError(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)')
    }
    out.push([field, dir])
  }
  return out.length ? out : undefined
}

function usablePoint(v: unknown): boolean {
  if (Array.isArray(v) || v instanceof RegExp || bsonClass(v) === 'BSONRegExp') return false
  if (isPlainObject(v)) return !Object.keys(v).some((k) => k.startsWith('$'))
  return true
}

function addCond(conds: Map<string, FieldCond>, field: string, value: unknown): void {
  const cond = conds.get(field) ?? {}
  if (
    isPlainObject(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => k.startsWith('$'))
  ) {
    for (const [op, arg] of Object.entries(value)) {
      if (op === '$eq' && usablePoint(arg)) {
        cond.points = [arg]
      } else if (op === '$in' && Array.isArray(arg) && arg.every(usablePoint) && !cond.points) {
        cond.points = arg
      } else if (
        (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') &&
        usablePoint(arg) &&
        arg !== null
      ) {
        const bracket = typeOrder(arg)
        const range: FieldRange = cond.range && cond.range.bracket === bracket ? cond.range : { bracket }
        const bound = { value: arg, inclusive: op.endsWith('e') }
        if (op.startsWith('$g')) {
          if (!range.lower || compareValues(arg, range.lower.value) > 0) range.lower = bound
        } else if (!range.upper || compareValues(arg, range.upper.value) < 0) {
          range.upper = bound
        }
        cond.range = range
      }
    }
  } else if (usablePoint(value)) {
    cond.points = [value]
  }
  conds.set(field, cond)
}

/** Equality and range conditions on fields, from the top level of a filter and its `$and` members. */
function extractConditions(filter: Doc, conds = new Map<string, FieldCond>()): Map<string, FieldCond> {
  for (const [field, value] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) extractConditions(sub, conds)
    } else if (!field.startsWith('$')) {
      addCond(conds, field, value)
    }
  }
  return conds
}

interface IndexPlan {
  index: CollectionIndex
  combos: unknown[][]
  /** The index fields the combos give values for (a prefix of the index). */
  eqFields: string[]
  range?: FieldRange
  /** 1: index order gives the sort, -1: reverse index order gives it, 0: does not. */
  sortDir: 1 | -1 | 0
  score: number
}

function sortDirection(
  idx: CollectionIndex,
  eqFields: string[],
  singlePoint: boolean,
  sort: SortSpec | undefined,
): 1 | -1 | 0 {
  if (!sort || idx.multikey || !singlePoint) return 0
  const rest = sort.filter(([f]) => !eqFields.includes(f))
  if (rest.length === 0) return 1
  const k = eqFields.length
  if (k + rest.length > idx.fields.length) return 0
  let dir: 1 | -1 | 0 = 0
  for (let i = 0; i < rest.length; i++) {
    const [f, d] = rest[i] as [string, 1 | -1]
    if (idx.fields[k + i] !== f) return 0
    const s = ((idx.dirs[k + i] as number) * d) as 1 | -1
    if (dir === 0) dir = s
    else if (dir !== s) return 0
  }
  return dir
}

function planIndex(
  idx: CollectionIndex,
  conds: Map<string, FieldCond>,
  sort: SortSpec | undefined,
): IndexPlan | undefined {
  if (idx.partial || idx.spec.hidden === true) return undefined
  const eqFields: string[] = []
  let combos: unknown[][] = [[]]
  for (const f of idx.fields) {
    const points = conds.get(f)?.points
    if (!points || points.length === 0) break
    // A sparse index lacks documents without the field; a multikey one lacks a null key for array
    // elements without the path: neither can answer an equality with null.
    if ((idx.sparse || idx.multikey) && points.some((p) => p === null)) break
    if (combos.length * points.length > MAX_COMBOS) break
    const next: unknown[][] = []
    for (const c of combos) for (const p of points) next.push([...c, p])
    combos = next
    eqFields.push(f)
  }
  const k = eqFields.length
  let range = k < idx.fields.length ? conds.get(idx.fields[k] as string)?.range : undefined
  if (range && idx.multikey && range.lower && range.upper) {
    // On arrays, the two bounds may be met by different elements: keep one side only.
    range = { bracket: range.bracket, lower: range.lower }
  }
  const sortDir = sortDirection(idx, eqFields, combos.length === 1, sort)
  if (k === 0 && !range) {
    if (sortDir === 0 || !idx.complete || idx.multikey || !sort) return undefined
    return { index: idx, combos: [[]], eqFields, sortDir, score: 1 }
  }
  let score = k * 10 + (range ? 5 : 0) + (sortDir ? 2 : 0)
  if (idx.unique && k === idx.fields.length) score += 3
  return { index: idx, combos, eqFields, ...(range ? { range } : {}), sortDir, score }
}

/** The records a query should look at, and whether they already come in sort order. */
export interface Candidates {
  records: Iterable<DocRecord>
  sorted: boolean
  /** Name of the index used, or undefined for a collection scan. */
  indexName?: string
  /**
   * True when the plan returns exactly the matching records (equality on scalars, every filter
   * field served by the index), so the filter need not be re-checked per record.
   */
  exact?: boolean
}

/** Scalars whose index equality is exactly the filter's equality (no null, arrays, documents, regexes). */
function exactScalar(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return !Number.isNaN(v)
    default:
      return v instanceof Date || bsonClass(v) === 'ObjectId'
  }
}

/** The equality values of a filter field (`v`, `{ $eq: v }`, `{ $in: [...] }`) when all are exact scalars. */
function exactPoints(value: unknown): boolean {
  if (exactScalar(value)) return true
  if (!isPlainObject(value)) return false
  const keys = Object.keys(value)
  if (keys.length !== 1) return false
  if (keys[0] === '$eq') return exactScalar(value.$eq)
  const list = value.$in
  return keys[0] === '$in' && Array.isArray(list) && list.length > 0 && list.every(exactScalar)
}

/** True when every field of `filter` is an exact-scalar equality on one of `fields` (top-level, no operators). */
function servedExactly(filter: Doc, fields: string[]): boolean {
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$') || !fields.includes(field)) return false
    if (field.split('.').some((s) => s === '' || /^\d+$/.test(s))) return false
    if (!exactPoints(value)) return false
  }
  return true
}

function* indexRecords(plan: IndexPlan): Generator<DocRecord> {
  const dedupe = plan.index.multikey || plan.combos.length > 1 ? new Set<string>() : undefined
  for (const combo of plan.combos) {
    for (const rec of plan.index.scan(combo, plan.range, plan.sortDir === -1)) {
      if (dedupe) {
        if (dedupe.has(rec.id)) continue
        dedupe.add(rec.id)
      }
      yield rec
    }
  }
}

/** Chooses how to find the records matching `filter` (optionally in `sort` order). */
export function planCandidates(coll: Collection, filter: Doc, sort?: SortSpec): Candidates {
  const conds = extractConditions(filter)
  const idCond = conds.get('_id')
  if (idCond?.points && idCond.points.length <= MAX_COMBOS && !(sort && idCond.points.length > 1)) {
    const recs: DocRecord[] = []
    const seen = new Set<string>()
    for (const p of idCond.points) {
      for (const rec of lookupId(coll, p)) {
        if (!seen.has(rec.id)) {
          seen.add(rec.id)
          recs.push(rec)
        }
      }
    }
    return {
      records: recs,
      sorted: recs.length <= 1,
      indexName: '_id_',
      exact: servedExactly(filter, ['_id']),
    }
  }
  let best: IndexPlan | undefined
  for (const idx of coll.indexes.values()) {
    const plan = planIndex(idx, conds, sort)
    if (plan && (!best || plan.score > best.score)) best = plan
  }
  if (!best) return { records: coll.docs.values(), sorted: !sort }
  return {
    records: indexRecords(best),
    sorted: !sort || best.sortDir !== 0,
    indexName: best.index.name,
    exact: best.range ? rangeServedExactly(filter, best) : servedExactly(filter, best.eqFields),
  }
}

/**
 * True when `filter` is exact-scalar equalities on the plan's equality fields and, on the next index
 * field, one lower and/or one upper bound that the plan's range keeps, all strings, all dates or all
 * ObjectIds: the index scan then returns exactly the matching records (numbers are left out: NaN sorts
 * below every number in the index, and whether a bound matches it is the filter's to decide). On a multikey index a document is matched by
 * any one element in range, as the scan finds it; a range with both bounds there is not exact (the plan
 * keeps one side, since different elements may meet each bound).
 */
function rangeServedExactly(filter: Doc, plan: IndexPlan): boolean {
  const field = plan.index.fields[plan.eqFields.length]
  const range = plan.range
  if (field === undefined || !range || !Object.hasOwn(filter, field)) return false
  if (field.split('.').some((s) => s === '' || /^\d+$/.test(s))) return false
  const { [field]: cond, ...rest } = filter
  if (!servedExactly(rest, plan.eqFields) || !isPlainObject(cond)) return false
  let lower = 0
  let upper = 0
  let bracket: number | undefined
  for (const [op, v] of Object.entries(cond)) {
    if (op === '$gt' || op === '$gte') lower++
    else if (op === '$lt' || op === '$lte') upper++
    else return false
    if (!(typeof v === 'string' || v instanceof Date || bsonClass(v) === 'ObjectId')) return false
    const t = typeOrder(v)
    if (bracket !== undefined && t !== bracket) return false
    bracket = t
  }
  if (lower + upper === 0 || lower > 1 || upper > 1 || bracket !== range.bracket) return false
  return (lower === 0 || range.lower !== undefined) && (upper === 0 || range.upper !== undefined)
}

function lookupId(coll: Collection, value: unknown): DocRecord[] {
  // Numbers of any BSON type share one key, so a direct map lookup covers int/long/double.
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    const rec = coll.docs.get(keyString(value))
    return rec ? [rec] : []
  }
  return Array.from(coll.idIndex.scan([value]))
}

/** The value a document sorts by for one sort field (arrays: smallest or largest element). */
function sortValue(doc: Doc, field: string, dir: 1 | -1): unknown {
  const values = getPathValues(doc, field)
  let best: unknown
  let found = false
  for (const v of values) {
    const items = Array.isArray(v) ? (v.length ? v : [undefined]) : [v]
    for (const x of items) {
      if (!found) {
        best = x
        found = true
        continue
      }
      const c = compareValues(x, best)
      if (dir === 1 ? c < 0 : c > 0) best = x
    }
  }
  return found ? best : null
}

/** Sorts records in memory by a sort spec (MongoDB order, arrays by min/max element). */
export function sortRecords(records: DocRecord[], sort: SortSpec): DocRecord[] {
  const keyed = records.map((rec) => ({ rec, keys: sort.map(([f, d]) => sortValue(rec.view, f, d)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c !== 0) return c * (sort[i] as [string, 1 | -1])[1]
    }
    return 0
  })
  return keyed.map((k) => k.rec)
}

/** Sorts plain documents (aggregation-free paths such as findAndModify). */
export function sortDocs(docs: Doc[], sort: SortSpec): Doc[] {
  const keyed = docs.map((doc) => ({ doc, keys: sort.map(([f, d]) => sortValue(doc, f, d)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c !== 0) return c * (sort[i] as [string, 1 | -1])[1]
    }
    return 0
  })
  return keyed.map((k) => k.doc)
}

/** Options of a record query. */
export interface QueryOptions {
  sort?: SortSpec
  skip?: number
  /** 0 or undefined: no limit. */
  limit?: number
  /** A hinted sparse or partial index: only the documents it holds are read, as in MongoDB. */
  within?: CollectionIndex
}

/**
 * The records matching a filter, in sort order, with skip and limit applied. Lazy when the plan
 * delivers sorted records (so cursors over large results do not materialize them).
 */
export function* queryRecords(
  coll: Collection,
  filter: Doc,
  matcher: Matcher,
  opts: QueryOptions = {},
): Generator<DocRecord> {
  const { sort, skip = 0, limit = 0, within } = opts
  const plan = planCandidates(coll, filter, sort)
  const check = !plan.exact && !matcher.matchesAll
  const held = (rec: DocRecord): boolean => !within || within.holds(rec.view)
  let skipped = 0
  let returned = 0
  if (plan.sorted) {
    for (const rec of plan.records) {
      if (coll.docs.get(rec.id) !== rec) continue
      if (check && !matcher.test(rec.view)) continue
      if (!held(rec)) continue
      if (skipped < skip) {
        skipped++
        continue
      }
      yield rec
      if (limit > 0 && ++returned >= limit) return
    }
    return
  }
  const matched: DocRecord[] = []
  for (const rec of plan.records) if ((!check || matcher.test(rec.view)) && held(rec)) matched.push(rec)
  // Several index points (an $in) without a sort: the records need no ordering at all.
  const sorted = sort ? sortRecords(matched, sort) : matched
  const end = limit > 0 ? skip + limit : sorted.length
  for (let i = skip; i < Math.min(end, sorted.length); i++) yield sorted[i] as DocRecord
}
