/**
 * Updates given as an aggregation pipeline: only the stages MongoDB allows in an update, run by
 * the same mingo aggregation as the `aggregate` command (so every expression works there too,
 * `$setField` on `$`-prefixed or dotted names included), with `_id` kept when the stages drop it.
 * See docs/embedded-mongo-conformance.md, "Pipeline updates".
 */
import { ObjectId } from 'bson'
import { ErrorCodes, mongoError } from '../errors'
import { formatKeyValue } from '../engine/format'
import { checkPipeline, runPipeline } from './mingo'
import { cloneValue, isPlainObject, type Doc } from './values'
import { keyString } from './value-order'

/** The stages MongoDB accepts in a pipeline update. */
const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'])

/** Refuses malformed pipelines, unsupported stages, and stages not allowed in an update (code 72). */
export function checkUpdatePipeline(pipeline: unknown): asserts pipeline is Doc[] {
  checkPipeline(pipeline)
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] as string
    if (!UPDATE_STAGES.has(name)) {
      throw mongoError(ErrorCodes.InvalidOptions, `${name} is not allowed to be used within an update`)
    }
  }
}

/** Input of one pipeline update. */
export interface PipelineUpdateInput {
  pipeline: Doc[]
  /** `let` and the statement's constants, as `$$name`. */
  variables?: Doc
  /** True when the pipeline builds the document of an upsert (from the filter's seed). */
  isInsert: boolean
}

/** Runs a pipeline update on a document; returns the new view and the document to store. */
export function applyPipelineUpdate(
  oldView: Doc,
  oldExact: Doc | undefined,
  input: PipelineUpdateInput,
): { view: Doc; exact: Doc } {
  checkUpdatePipeline(input.pipeline)
  const [doc] = runPipeline([cloneValue(oldView)], input.pipeline, () => [], input.variables)
  if (!isPlainObject(doc))
    throw mongoError(ErrorCodes.BadValue, 'the update pipeline did not produce a document')
  let view: Doc
  if (doc._id === undefined) {
    // A result without _id keeps the document's _id (an upsert's comes from the filter), first.
    const { _id: _missing, ...rest } = doc
    const id = oldView._id !== undefined ? oldView._id : new ObjectId()
    view = { _id: id, ...rest }
  } else {
    view = idFirst(doc)
    if (!input.isInsert && keyString(oldView._id) !== keyString(view._id)) {
      throw mongoError(
        ErrorCodes.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatKeyValue(view._id)}`,
      )
    }
  }
  // Fields whose value the pipeline left equal keep their stored BSON types.
  const exact: Doc = {}
  for (const k of Object.keys(view)) {
    const same = oldExact && k in oldExact && k in oldView && keyString(oldView[k]) === keyString(view[k])
    exact[k] = same ? oldExact[k] : view[k]
  }
  return { view, exact }
}

function idFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc
  const { _id, ...rest } = doc
  return { _id, ...rest }
}
