/**
 * Update semantics: validation with MongoDB's errors, `$setOnInsert`, mingo for the operators
 * themselves; exact BSON numeric types in update-exact.ts, upserts in upsert.ts, pipelines in
 * pipeline-update.ts.
 */
import { ObjectId, Timestamp } from 'bson'
import { updateOne } from 'mingo/updater'
import { ErrorCodes, mongoError } from '../errors'
import { formatKeyValue } from '../engine/format'
import { mingoOptions } from './mingo'
import { applyPipelineUpdate } from './pipeline-update'
import { exactAfterOperators, isPositional } from './update-exact'
import { parseUpdatePaths, resolvePositional, updatePathEntries, type ResolvedPath } from './update-paths'
import {
  bsonClass,
  bsonTypeName,
  cloneValue,
  getPathStrict,
  isPlainObject,
  numericValue,
  type Doc,
} from './values'
import { keyString } from './value-order'

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$currentDate',
  '$bit',
  '$setOnInsert',
])

/** Operators whose path may be created (and so must be viable). */
const CREATING_OPERATORS = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$currentDate',
  '$bit',
  '$setOnInsert',
])

/** What an update statement does. */
export type UpdateKind = 'operators' | 'replacement' | 'pipeline'

/** Classifies an update document, raising MongoDB's errors for malformed ones. */
export function classifyUpdate(update: unknown): UpdateKind {
  if (Array.isArray(update)) return 'pipeline'
  if (!isPlainObject(update))
    throw mongoError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array')
  const keys = Object.keys(update)
  if (keys.length === 0 || !(keys[0] as string).startsWith('$')) {
    for (const k of keys) {
      if (k.startsWith('$')) {
        throw mongoError(
          ErrorCodes.DollarPrefixedFieldName,
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        )
      }
    }
    return 'replacement'
  }
  for (const op of keys) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      )
    }
    const arg = update[op]
    if (!isPlainObject(arg)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `Modifiers operate on fields but we found type ${bsonTypeName(arg)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatKeyValue(arg)}}`,
      )
    }
  }
  return 'operators'
}

/** Inputs of one document update. */
export interface UpdateInput {
  /** The update as decoded for matching (numbers as JS numbers). */
  update: Doc | Doc[]
  /** The same update decoded with exact BSON numeric types, to store them as sent. */
  exactUpdate?: unknown
  /** The statement's filter: positional `$` needs it. */
  filter: Doc
  arrayFilters?: Doc[]
  /** True when the update builds the document of an upsert. */
  isInsert: boolean
  /** Variables (`let` and the statement's constants) for the filter's `$expr` and pipeline updates. */
  variables?: Doc
}

/** The new version of a document. */
export interface UpdatedDoc {
  /** The query view of the new document. */
  view: Doc
  /** The document to serialize (exact BSON types where they were known). */
  exact: Doc
}

function idText(doc: Doc): string {
  return `{_id: ${formatKeyValue(doc._id)}}`
}

/** MongoDB's pre-checks for an operator on an existing document (type errors, non-viable paths). */
function checkOperatorOnDoc(doc: Doc, op: string, path: string, arg: unknown): void {
  if (isPositional(path)) return
  const segs = path.split('.')
  let cur: unknown = doc
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string
    const next: unknown = Array.isArray(cur)
      ? /^\d+$/.test(seg)
        ? cur[Number(seg)]
        : undefined
      : (cur as Doc)[seg]
    if (next === undefined) return
    const child = segs[i + 1] as string
    const scalar =
      next === null || typeof next !== 'object' || bsonClass(next) !== undefined || next instanceof Date
    if (scalar || (Array.isArray(next) && !/^\d+$/.test(child))) {
      if (!CREATING_OPERATORS.has(op)) return
      throw mongoError(
        ErrorCodes.PathNotViable,
        `Cannot create field '${child}' in element {${seg}: ${formatKeyValue(next)}}`,
      )
    }
    cur = next
  }
  const existing = getPathStrict(doc, path)
  switch (op) {
    case '$inc':
    case '$mul': {
      const verb = op === '$inc' ? 'increment' : 'multiply'
      if (numericValue(arg) === undefined) {
        throw mongoError(
          ErrorCodes.TypeMismatch,
          `Cannot ${verb} with non-numeric argument: {${path}: ${formatKeyValue(arg)}}`,
        )
      }
      if (existing !== undefined && numericValue(existing) === undefined) {
        throw mongoError(
          ErrorCodes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. ${idText(doc)} has the field '${segs[segs.length - 1]}' of non-numeric type ${bsonTypeName(existing)}`,
        )
      }
      break
    }
    case '$push':
    case '$addToSet':
      if (existing !== undefined && !Array.isArray(existing)) {
        throw mongoError(
          ErrorCodes.BadValue,
          `The field '${path}' must be an array but is of type ${bsonTypeName(existing)} in document ${idText(doc)}`,
        )
      }
      break
    case '$pull':
    case '$pullAll':
      if (existing !== undefined && !Array.isArray(existing)) {
        throw mongoError(ErrorCodes.BadValue, 'Cannot apply $pull to a non-array value')
      }
      break
    case '$pop':
      if (existing !== undefined && !Array.isArray(existing)) {
        throw mongoError(
          ErrorCodes.TypeMismatch,
          `Path '${path}' contains an element of non-array type '${bsonTypeName(existing)}'`,
        )
      }
      break
    default:
      break
  }
}

/** Rewrites `$currentDate` into `$set` with the current Date or Timestamp (mingo only knows Dates). */
function expandCurrentDate(ops: Doc): Doc {
  const cd = ops.$currentDate
  if (!isPlainObject(cd)) return ops
  const { $currentDate: _cd, ...rest } = ops
  const set: Doc = { ...(isPlainObject(rest.$set) ? rest.$set : {}) }
  const now = new Date()
  for (const [path, spec] of Object.entries(cd)) {
    if (isPlainObject(spec) && spec.$type === 'timestamp') {
      set[path] = new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 })
    } else if (spec === true || (isPlainObject(spec) && spec.$type === 'date')) {
      set[path] = now
    } else {
      throw mongoError(
        ErrorCodes.BadValue,
        `${path} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
      )
    }
  }
  return { ...rest, $set: set }
}

function idFirst(doc: Doc): Doc {
  const keys = Object.keys(doc)
  if (keys[0] === '_id' || !('_id' in doc)) return doc
  const out: Doc = { _id: doc._id }
  for (const k of keys) if (k !== '_id') out[k] = doc[k]
  return out
}

function ensureId(doc: Doc): Doc {
  if ('_id' in doc && doc._id !== undefined) return idFirst(doc)
  return { _id: new ObjectId(), ...doc }
}

function checkIdUnchanged(oldView: Doc, newView: Doc): void {
  if (keyString(oldView._id) !== keyString(newView._id)) {
    throw mongoError(
      ErrorCodes.ImmutableField,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    )
  }
}

/** Runs mingo's updater on a copy of `view` (plain paths only) and returns the new document and the changed paths. */
function runMingo(view: Doc, modifier: Doc, variables: Doc | undefined): [Doc, string[] | undefined] {
  const docs = [cloneValue(view)]
  let result
  try {
    result = updateOne(docs, {}, modifier as never, variables ? { let: variables } : {}, mingoOptions())
  } catch (err) {
    if (err instanceof Error && 'code' in err) throw err
    const message = err instanceof Error ? err.message : String(err)
    throw mongoError(ErrorCodes.BadValue, message)
  }
  return [docs[0] as Doc, result.modifiedFields]
}

/** The operators with each positional path replaced by the concrete paths it stands for in one document. */
function concretize(ops: Doc, resolved: ResolvedPath[]): Doc {
  const targets = new Map<string, string[]>()
  for (const r of resolved) targets.set(r.path, [...(targets.get(r.path) ?? []), r.target])
  const out: Doc = {}
  for (const [op, arg] of Object.entries(ops)) {
    if (!isPlainObject(arg)) {
      out[op] = arg
      continue
    }
    const next: Doc = {}
    for (const [path, value] of Object.entries(arg)) {
      if (!isPositional(path)) next[path] = value
      else for (const target of targets.get(path) ?? []) next[target] = cloneValue(value)
    }
    out[op] = next
  }
  return out
}

/** Applies an update to a document (or to an upsert seed) and returns the new version. */
export function applyUpdate(oldView: Doc, oldExact: Doc | undefined, input: UpdateInput): UpdatedDoc {
  const kind = classifyUpdate(input.update)
  if (kind === 'replacement') return applyReplacement(oldView, oldExact, input)
  if (kind === 'pipeline') {
    return applyPipelineUpdate(oldView, oldExact, {
      pipeline: input.update as Doc[],
      ...(input.variables ? { variables: input.variables } : {}),
      isInsert: input.isInsert,
    })
  }
  const update = input.update as Doc
  const entries = updatePathEntries(update, input.isInsert)
  const paths = parseUpdatePaths(entries, update, input.arrayFilters, input.variables)
  let ops = expandCurrentDate(update)
  if ('$setOnInsert' in ops) {
    const { $setOnInsert: soi, ...rest } = ops
    ops = input.isInsert
      ? { ...rest, $set: { ...(isPlainObject(rest.$set) ? rest.$set : {}), ...(soi as Doc) } }
      : rest
  }
  for (const [op, arg] of Object.entries(ops)) {
    for (const [path, value] of Object.entries(arg as Doc)) {
      if (!input.isInsert && (path === '_id' || path.startsWith('_id.'))) {
        // Setting _id to its current value is a no-op; anything else would change it.
        if (!(op === '$set' && path === '_id' && keyString(value) === keyString(oldView._id))) {
          throw mongoError(
            ErrorCodes.ImmutableField,
            "Performing an update on the path '_id' would modify the immutable field '_id'",
          )
        }
      }
    }
  }
  let start = oldView
  if (input.isInsert && isPlainObject(ops.$set) && '_id' in ops.$set) {
    // An upsert that inserts may name the new document's _id ($setOnInsert or $set); mingo refuses to set _id, so
    // it goes into the seed. One that differs from the filter's _id would change it.
    const { _id: id, ...set } = ops.$set
    if ('_id' in oldView && keyString(id) !== keyString(oldView._id)) {
      throw mongoError(
        ErrorCodes.ImmutableField,
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      )
    }
    start = { _id: cloneValue(id), ...oldView }
    ops = { ...ops, $set: set }
  }
  let exactInput = input
  if (paths.positional) {
    if (input.isInsert && entries.some(([, p]) => p.split('.').includes('$'))) {
      throw mongoError(
        ErrorCodes.BadValue,
        'The positional operator did not find the match needed from the query.',
      )
    }
    // Each positional path becomes the concrete paths it stands for in this document; mingo applies those.
    const resolved = resolvePositional(paths, start, input.filter)
    ops = concretize(ops, resolved)
    if (isPlainObject(input.exactUpdate))
      exactInput = { ...input, exactUpdate: concretize(input.exactUpdate, resolved) }
  }
  for (const [op, arg] of Object.entries(ops)) {
    for (const [path, value] of Object.entries(arg as Doc)) checkOperatorOnDoc(oldView, op, path, value)
  }
  const nonEmpty = Object.fromEntries(
    Object.entries(ops).filter(([, arg]) => Object.keys(arg as Doc).length > 0),
  )
  const [updated, changed] = Object.keys(nonEmpty).length
    ? runMingo(start, nonEmpty, input.variables)
    : [cloneValue(start), [] as string[]]
  const view = input.isInsert ? ensureId(updated) : idFirst(updated)
  if (!input.isInsert) checkIdUnchanged(oldView, view)
  return { view, exact: exactAfterOperators(view, oldExact, changed, exactInput) }
}

export function applyReplacement(oldView: Doc, oldExact: Doc | undefined, input: UpdateInput): UpdatedDoc {
  const replacement = input.update as Doc
  const exactRepl = isPlainObject(input.exactUpdate) ? input.exactUpdate : replacement
  if ('_id' in replacement && !input.isInsert && keyString(replacement._id) !== keyString(oldView._id)) {
    throw mongoError(
      ErrorCodes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatKeyValue(replacement._id)}`,
    )
  }
  const id = '_id' in oldView ? oldView._id : '_id' in replacement ? replacement._id : new ObjectId()
  const exactId = oldExact && '_id' in oldExact ? oldExact._id : id
  const view: Doc = { _id: id }
  const exact: Doc = { _id: exactId }
  for (const k of Object.keys(replacement)) {
    if (k === '_id') continue
    view[k] = cloneValue(replacement[k])
    exact[k] = exactRepl[k]
  }
  return { view, exact }
}
