/**
 * A fast matcher for the filters point lookups send: equality, `$eq`, `$in` and ranges on scalar
 * values, ANDed over fields. Anything else returns undefined and goes to mingo. Semantics follow
 * MongoDB: a field matches when its value, or any element of an array value, satisfies the condition;
 * ranges only match values of the same type bracket.
 */
import { bsonClass, getPathValues, isPlainObject, type Doc } from './values'
import { compareValues, typeOrder } from './value-order'

type Predicate = (v: unknown) => boolean

function isSimpleScalar(v: unknown): boolean {
  if (v === null || v === undefined) return false
  const t = typeof v
  if (t === 'string' || t === 'number' || t === 'boolean') return !(t === 'number' && Number.isNaN(v))
  if (v instanceof Date) return true
  const cls = bsonClass(v)
  return cls === 'ObjectId'
}

function fieldMatcher(path: string, pred: Predicate): (doc: Doc) => boolean {
  if (!path.includes('.')) {
    return (doc) => {
      const v = doc[path]
      if (Array.isArray(v)) return v.some(pred)
      return v !== undefined && pred(v)
    }
  }
  return (doc) => {
    for (const v of getPathValues(doc, path)) {
      if (Array.isArray(v) ? v.some(pred) : pred(v)) return true
    }
    return false
  }
}

function equalTo(x: unknown): Predicate {
  const bracket = typeOrder(x)
  if (typeof x === 'string') return (v) => v === x
  return (v) => typeOrder(v) === bracket && compareValues(v, x) === 0
}

function conditionPredicate(cond: unknown): Predicate | undefined {
  if (!isPlainObject(cond)) return isSimpleScalar(cond) ? equalTo(cond) : undefined
  const entries = Object.entries(cond)
  if (entries.length === 0) return undefined
  const preds: Predicate[] = []
  for (const [op, arg] of entries) {
    switch (op) {
      case '$eq':
        if (!isSimpleScalar(arg)) return undefined
        preds.push(equalTo(arg))
        break
      case '$in': {
        if (!Array.isArray(arg) || !arg.every(isSimpleScalar)) return undefined
        const eqs = arg.map(equalTo)
        preds.push((v) => eqs.some((p) => p(v)))
        break
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (!isSimpleScalar(arg)) return undefined
        const bracket = typeOrder(arg)
        const ok =
          op === '$gt'
            ? (c: number) => c > 0
            : op === '$gte'
              ? (c: number) => c >= 0
              : op === '$lt'
                ? (c: number) => c < 0
                : (c: number) => c <= 0
        preds.push((v) => typeOrder(v) === bracket && ok(compareValues(v, arg)))
        break
      }
      default:
        return undefined
    }
  }
  return preds.length === 1 ? preds[0] : (v) => preds.every((p) => p(v))
}

/** A predicate for a simple filter, or undefined when the filter needs the full query engine. */
export function compileSimpleFilter(filter: Doc): ((doc: Doc) => boolean) | undefined {
  const tests: ((doc: Doc) => boolean)[] = []
  for (const [path, cond] of Object.entries(filter)) {
    if (path.startsWith('$') || path === '' || path.split('.').some((s) => s === '' || /^\d+$/.test(s)))
      return undefined
    const pred = conditionPredicate(cond)
    if (!pred) return undefined
    // Range operators on one field must each be met by the same element only with $elemMatch;
    // for plain fields MongoDB lets different elements satisfy different bounds.
    if (isPlainObject(cond) && Object.keys(cond).length > 1) {
      const parts = Object.entries(cond).map(([op, arg]) =>
        fieldMatcher(path, conditionPredicate({ [op]: arg }) as Predicate),
      )
      tests.push((doc) => parts.every((t) => t(doc)))
    } else {
      tests.push(fieldMatcher(path, pred))
    }
  }
  if (tests.length === 1) return tests[0]
  return (doc) => tests.every((t) => t(doc))
}
