/** MongoDB 7.0's rules for a document's `_id` (insert and upsert). */
import { ErrorCodes, mongoError } from '../errors'
import { bsonClass, isPlainObject, type Doc } from '../query/values'

/** Refuses an array or regex `_id` and `$`-prefixed fields inside `_id`, with MongoDB's codes. */
export function checkId(view: Doc): void {
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
