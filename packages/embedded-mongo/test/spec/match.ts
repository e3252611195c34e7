/**
 * Result matching of MongoDB's unified test format (the rules of its "Evaluating Matches" section):
 * numbers compare by value, root-level documents may hold extra fields, nested ones may not, and
 * the special operators `$$exists`, `$$type`, `$$unsetOrMatches`, `$$matchesEntity`,
 * `$$matchesHexBytes`, `$$sessionLsid` and `$$lte` apply.
 */
import { EJSON } from 'bson'

type Entities = Record<string, unknown>

function isDoc(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array) &&
    !('_bsontype' in v)
  )
}

function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' && '_bsontype' in v ? String(v._bsontype) : undefined
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  const t = bsonType(v)
  return t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128' ? Number(String(v)) : undefined
}

/** The type names `$$type` accepts for a value (JS numbers stand for any numeric BSON type). */
function typeNames(v: unknown): string[] {
  if (v === undefined) return []
  if (v === null) return ['null']
  if (typeof v === 'string') return ['string']
  if (typeof v === 'boolean') return ['bool']
  if (typeof v === 'number')
    return Number.isInteger(v) ? ['int', 'long', 'double', 'number'] : ['double', 'number']
  if (Array.isArray(v)) return ['array']
  if (v instanceof Date) return ['date']
  if (v instanceof RegExp) return ['regex']
  const names: Record<string, string[]> = {
    ObjectId: ['objectId'],
    Long: ['long', 'number'],
    Int32: ['int', 'number'],
    Double: ['double', 'number'],
    Decimal128: ['decimal', 'number'],
    Binary: ['binData'],
    Timestamp: ['timestamp'],
    BSONRegExp: ['regex'],
  }
  return names[bsonType(v) ?? ''] ?? ['object']
}

function bytesHex(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex')
  if (bsonType(v) === 'Binary') return Buffer.from((v as { buffer: Uint8Array }).buffer).toString('hex')
  return ''
}

function matchOperator(
  op: string,
  arg: unknown,
  actual: unknown,
  entities: Entities,
  root: boolean,
  path: string,
) {
  switch (op) {
    case '$$exists':
      return (actual !== undefined) === arg ? undefined : `${path}: $$exists ${String(arg)}`
    case '$$type': {
      const wanted = ([] as unknown[]).concat(arg).map(String)
      const got = typeNames(actual)
      return wanted.some((w) => got.includes(w))
        ? undefined
        : `${path}: type ${got.join('|')} is not ${wanted.join('|')}`
    }
    case '$$unsetOrMatches':
      return actual === undefined ? undefined : match(arg, actual, entities, root, path)
    case '$$matchesEntity':
      return match(entities[String(arg)], actual, entities, root, path)
    case '$$matchesHexBytes':
      return bytesHex(actual) === String(arg).toLowerCase() ? undefined : `${path}: bytes ${bytesHex(actual)}`
    case '$$sessionLsid':
      return undefined
    case '$$lte':
      return (asNumber(actual) ?? NaN) <= (asNumber(arg) ?? NaN)
        ? undefined
        : `${path}: ${String(actual)} > ${String(arg)}`
    default:
      return `${path}: unknown operator ${op}`
  }
}

/** Undefined when `actual` matches `expected`, else a description of the first difference. */
export function match(
  expected: unknown,
  actual: unknown,
  entities: Entities,
  root: boolean,
  path = '',
): string | undefined {
  if (isDoc(expected)) {
    const keys = Object.keys(expected)
    const first = keys[0]
    if (keys.length === 1 && first?.startsWith('$$')) {
      return matchOperator(first, expected[first], actual, entities, root, path)
    }
    if (!isDoc(actual)) return `${path}: expected a document, got ${EJSON.stringify(actual)}`
    for (const k of keys) {
      const miss = match(expected[k], actual[k], entities, false, `${path}.${k}`)
      if (miss) return miss
    }
    const extra = root ? [] : Object.keys(actual).filter((k) => !(k in expected))
    return extra.length ? `${path}: extra fields ${extra.join(', ')}` : undefined
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${EJSON.stringify(actual)}`
    if (expected.length !== actual.length)
      return `${path}: ${actual.length} elements, expected ${expected.length}`
    for (let i = 0; i < expected.length; i++) {
      const miss = match(expected[i], actual[i], entities, root, `${path}[${i}]`)
      if (miss) return miss
    }
    return undefined
  }
  const en = asNumber(expected)
  const an = asNumber(actual)
  if (en !== undefined || an !== undefined)
    return en === an ? undefined : `${path}: ${String(an)} != ${String(en)}`
  if (expected === null) return actual === null || actual === undefined ? undefined : `${path}: not null`
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime()
      ? undefined
      : `${path}: date differs`
  }
  if (bsonType(expected) || expected instanceof Uint8Array) {
    return EJSON.stringify(actual) === EJSON.stringify(expected)
      ? undefined
      : `${path}: ${EJSON.stringify(actual)}`
  }
  return expected === actual ? undefined : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`
}
