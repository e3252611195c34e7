// JSON Schema → fast-check: values that fit an OpenAPI schema, and the hostile values clients send instead.
import fc from 'fast-check'
import type { Arbitrary } from 'fast-check'

/** A JSON Schema node as zod emits it (only the keywords the generator reads). */
export interface Schema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: Schema | boolean
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  format?: string
}

/** Strings that have broken parsers and validators before. */
export const nasty = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '$where',
  '{"$gt":""}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '🙂',
  '村'.repeat(300),
  'a'.repeat(5000),
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '0123456789abcdef0123456',
  '0123456789abcdef012345678',
  'ffffffffffffffffffffffff',
  '000000000000',
  '999999999999',
  '360999100200',
)

/** Any JSON value, biased to the kinds that break validators (wrong types, huge numbers, deep nesting, operators). */
export const anyJson: Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, -1e308, 0.1, 2 ** 53 + 1) },
  { weight: 1, arbitrary: fc.constant({ $gt: '' }) },
  {
    weight: 1,
    arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 20, max: 200 }).map((depth) => {
      let v: unknown = 1
      for (let i = 0; i < depth; i++) v = [v]
      return v
    }),
  },
)

/** Arbitraries for regular expressions, built once per pattern (building one is the slow part). */
const patternArbs = new Map<string, Arbitrary<string>>()

function patternArb(pattern: string): Arbitrary<string> {
  let arb = patternArbs.get(pattern)
  if (!arb) {
    try {
      arb = fc.stringMatching(new RegExp(pattern))
    } catch {
      arb = fc.string()
    }
    patternArbs.set(pattern, arb)
  }
  return arb
}

/** An arbitrary of values that (mostly) satisfy `schema`. */
export function valueOf(schema: Schema, depth = 0): Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum?.length) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueOf(s, depth + 1)))
  if (schema.allOf?.length) return valueOf(Object.assign({}, ...schema.allOf), depth + 1)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      if (schema.pattern) return patternArb(schema.pattern)
      if (schema.format === 'date')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) })
    }
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, -1_000_000_000),
        max: Math.min(schema.maximum ?? 1_000_000, 1_000_000_000),
      })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 5),
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      })
    case 'object': {
      const props = schema.properties ?? {}
      const keys = Object.keys(props)
      if (keys.length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
      const model: Record<string, Arbitrary<unknown>> = {}
      for (const k of keys) model[k] = valueOf(props[k] ?? {}, depth + 1)
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}
