/** Validation and normalisation of createIndexes specifications (as listIndexes returns them). */
import { ErrorCodes, mongoError, notSupported } from '../errors'
import { compileFilter } from '../query/mingo'
import { isPlainObject, type Doc } from '../query/values'

const INDEX_OPTION_KEYS = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'ns',
  'collation',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'storageEngine',
  'wildcardProjection',
])

/** Validates a createIndexes spec and returns it normalized (v:2, key, name, options). */
export function normalizeIndexSpec(spec: unknown): Doc {
  if (!isPlainObject(spec)) throw mongoError(ErrorCodes.TypeMismatch, 'index spec must be an object')
  const key = spec.key
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw mongoError(ErrorCodes.CannotCreateIndex, 'Index keys cannot be empty.')
  }
  for (const [field, dir] of Object.entries(key)) {
    if (field === '' || (field.startsWith('$') && field !== '$**')) {
      throw mongoError(ErrorCodes.CannotCreateIndex, `Index key contains an illegal field name: '${field}'`)
    }
    if (typeof dir === 'string') {
      if (dir === 'hashed') continue
      throw notSupported(`'${dir}' indexes`)
    }
    if (typeof dir !== 'number' || dir === 0 || Number.isNaN(dir)) {
      throw mongoError(ErrorCodes.CannotCreateIndex, `Values in the index key pattern can't be 0: ${field}`)
    }
  }
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw mongoError(ErrorCodes.FailedToParse, 'The index name must be a non-empty string')
  }
  for (const k of Object.keys(spec)) {
    if (!INDEX_OPTION_KEYS.has(k)) {
      throw mongoError(
        ErrorCodes.InvalidIndexSpecificationOption,
        `The field '${k}' is not valid for an index specification.`,
      )
    }
  }
  if (spec.collation !== undefined) throw notSupported('index collation')
  if (spec.partialFilterExpression !== undefined) compileFilter(spec.partialFilterExpression)
  const out: Doc = { v: 2, key, name: spec.name }
  for (const k of ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden'] as const) {
    if (spec[k] !== undefined) out[k] = spec[k]
  }
  if (out.unique === false) delete out.unique
  if (out.sparse === false) delete out.sparse
  return out
}
