// Request generators for the API fuzz: fast-check arbitraries built from the OpenAPI document's JSON Schemas, then
// bent in the ways clients get requests wrong (wrong types, malformed JSON, truncated multipart, corrupt encodings,
// odd raw paths, bad tokens).
import zlib from 'node:zlib'
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

/** One operation of the OpenAPI document. */
export interface Operation {
  method: string
  /** Path template, e.g. /api/v1/disclosures/{id}. */
  path: string
  params: { name: string; in: 'path' | 'query'; schema: Schema; required: boolean }[]
  body: Schema | null
  /** `required`, `optional` (public read that shows more to staff) or `none`. */
  auth: 'required' | 'optional' | 'none'
}

/** A value filled in at send time from what the server has answered so far (ids, codes, tokens). */
export interface PoolRef {
  pool: 'objectId' | 'regionCode' | 'scene'
  pick: number
}

/** A generated request, before pool references are resolved. */
export interface FuzzRequest {
  op: string
  method: string
  /** Path segments; a PoolRef is replaced by a value seen in earlier answers. */
  path: (string | PoolRef)[]
  query: [string, string | PoolRef][]
  /** Index into the sign-ins (every role, plus anonymous and broken tokens). */
  who: number
  body: FuzzBody
  /** Send the request line byte by byte as written (odd paths Node's client would refuse). */
  raw: boolean
  extraHeaders: [string, string][]
}

/** How the body goes out. */
export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'bytes'; contentType: string; data: Uint8Array; encoding?: string }

/** The OpenAPI document's operations, as the fuzz reads them. */
export function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const security = op.security ?? []
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          schema: p.schema ?? {},
          required: Boolean(p.required),
        })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        auth:
          security.length === 0
            ? 'none'
            : security.some((s) => Object.keys(s).length === 0)
              ? 'optional'
              : 'required',
      })
    }
  }
  return ops
}

/** The part of an OpenAPI operation object the fuzz reads. */
export interface OpenApiOperation {
  security?: Record<string, unknown>[]
  parameters?: { name: string; in: 'path' | 'query'; schema?: Schema; required?: boolean }[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}

const nasty = fc.constantFrom(
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
const anyJson: Arbitrary<unknown> = fc.oneof(
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

function patternArb(pattern: string): Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern))
  } catch {
    return fc.string()
  }
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

/** Mostly a fitting value, sometimes anything at all, and an object sometimes loses or gains a field. */
function bent(schema: Schema): Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: valueOf(schema) },
    { weight: 2, arbitrary: anyJson },
    {
      weight: 2,
      arbitrary: fc.tuple(valueOf(schema), fc.string({ maxLength: 10 }), anyJson).map(([v, key, extra]) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
        const copy: Record<string, unknown> = { ...v }
        const keys = Object.keys(copy)
        if (keys.length && key.length % 2 === 0) delete copy[keys[key.length % keys.length] ?? '']
        else copy[key || 'extra'] = extra
        return copy
      }),
    },
  )
}

function poolFor(name: string, schema: Schema): PoolRef['pool'] | null {
  if (schema.pattern === '^[0-9a-f]{24}$' || schema.pattern === '^[0-9a-fA-F]{24}$' || /id$/i.test(name))
    return 'objectId'
  if (schema.pattern === '^\\d{12}$' || /code$/i.test(name)) return 'regionCode'
  if (name === 'scene') return 'scene'
  return null
}

/** A path or query value: from the pool of real ones, fitting the schema, or hostile. */
function paramValue(name: string, schema: Schema): Arbitrary<string | PoolRef> {
  const pool = poolFor(name, schema)
  const plain = valueOf(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  return fc.oneof(
    ...(pool ? [{ weight: 6, arbitrary: fc.nat().map((pick): PoolRef => ({ pool, pick })) }] : []),
    { weight: 3, arbitrary: plain },
    { weight: 2, arbitrary: nasty },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  )
}

const MULTIPART_BOUNDARY = 'FuzzBoundary7MA4YWxkTrZu0gW'

function multipart(filename: string, content: Uint8Array, truncate: boolean, field = 'file'): Uint8Array {
  const head = Buffer.from(
    `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${MULTIPART_BOUNDARY}--\r\n`)
  return Buffer.concat([head, content, ...(truncate ? [] : [tail])])
}

const FILE_STARTS = [
  Buffer.from('姓名,户号,金额\n张三,001,100\n'),
  Buffer.from('%PDF-1.4\n%%EOF\n'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]),
  Buffer.from('\u0000\u0001garbage'),
]

/** Bodies a careless or hostile client sends. */
function bodyFor(op: Operation): Arbitrary<FuzzBody> {
  const schema = op.body ?? {}
  const json = bent(schema)
  const text = (s: string, contentType = 'application/json'): FuzzBody => ({
    kind: 'bytes',
    contentType,
    data: Buffer.from(s),
  })
  return fc.oneof(
    { weight: op.body ? 10 : 1, arbitrary: json.map((value): FuzzBody => ({ kind: 'json', value })) },
    { weight: op.body ? 0 : 3, arbitrary: fc.constant<FuzzBody>({ kind: 'none' }) },
    // Malformed or truncated JSON.
    {
      weight: 2,
      arbitrary: fc.tuple(json, fc.nat()).map(([v, cut]) => {
        const s = JSON.stringify(v) ?? 'null'
        return text(s.slice(0, cut % (s.length + 1)) + (cut % 3 === 0 ? '}' : ''))
      }),
    },
    { weight: 1, arbitrary: nasty.map((s) => text(s)) },
    // A body of a type the route does not read.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'application/json; charset=gbk',
            'x/y',
            ';;;',
          ),
          fc.string({ maxLength: 60 }),
        )
        .map(([type, s]) => text(s, type)),
    },
    // Compressed bodies: valid, corrupt, truncated, or an unknown coding.
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          json,
          fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'gzip, gzip'),
          fc.integer({ min: 0, max: 3 }),
        )
        .map(([v, encoding, damage]): FuzzBody => {
          const plain = Buffer.from(JSON.stringify(v) ?? 'null')
          const packed =
            encoding === 'br'
              ? zlib.brotliCompressSync(plain)
              : encoding === 'deflate'
                ? zlib.deflateSync(plain)
                : zlib.gzipSync(plain)
          const data =
            damage === 0
              ? packed
              : damage === 1
                ? packed.subarray(0, Math.max(1, packed.length - 5))
                : damage === 2
                  ? plain
                  : Buffer.from(packed).fill(0x41, Math.min(3, packed.length), Math.min(9, packed.length))
          return { kind: 'bytes', contentType: 'application/json', data, encoding }
        }),
    },
    // Multipart uploads: whole, truncated before the closing boundary, in the wrong field, or not multipart at all.
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...FILE_STARTS),
          fc.constantFrom(
            'a.csv',
            'a.pdf',
            'a.png',
            'a.jpg',
            'a.xlsx',
            '',
            '../../x.csv',
            '名单.csv',
            'a"b.csv',
          ),
          fc.boolean(),
          fc.constantFrom('file', 'other', ''),
          fc.boolean(),
        )
        .map(([content, filename, truncate, field, badBoundary]): FuzzBody => ({
          kind: 'bytes',
          contentType: badBoundary
            ? 'multipart/form-data'
            : `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
          data: multipart(filename, content, truncate, field),
        })),
    },
  )
}

/** Raw paths that reach Node's parser and the static file server as written. */
export const ODD_PATHS = [
  '/..%2f..%2fetc/passwd',
  '/%',
  '/index.html%00.js',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/api/v1/%',
  '/api/v1/disclosures/%zz',
  '/api/v1/regions/%E0%A4%A',
  '//api//v1//health',
  '/api/v1/health/../../../etc/passwd',
  '/api/v1/search?q=%',
  '/api/v1/search?q[$gt]=&q=1&q=2',
  '/api/v1/villages/%00/feed',
  '/api/v1/openapi.json?' + 'a=1&'.repeat(2000),
  '/' + 'a/'.repeat(300),
  '/assets/%c0%ae%c0%ae/x',
  '/\\..\\..\\windows',
  '*',
  'http://evil.example/api/v1/health',
]

/** Requests for `op`: path and query from its schemas (or the pools), a body, a caller, and odd headers. */
export function requestFor(op: Operation, callers: number): Arbitrary<FuzzRequest> {
  const segments = op.path.split('/').filter(Boolean)
  const pathArb = fc.tuple(
    ...segments.map((seg): Arbitrary<string | PoolRef> => {
      const m = /^\{(.+)\}$/.exec(seg)
      if (!m?.[1]) return fc.constant(seg)
      const name = m[1]
      const param = op.params.find((p) => p.in === 'path' && p.name === name)
      return paramValue(name, param?.schema ?? {})
    }),
  )
  const queryParams = op.params.filter((p) => p.in === 'query')
  const queryArb = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.option(
          paramValue(p.name, p.schema).map((v): [string, string | PoolRef] => [p.name, v]),
          { freq: p.required ? 8 : 2 },
        ),
      ),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { freq: 4 }),
    )
    .map((entries) => entries.filter((e): e is [string, string | PoolRef] => e !== null))
  const headers = fc.array(
    fc.oneof(
      fc.constant<[string, string]>(['X-Request-Id', '../../bad id\t']),
      fc.constant<[string, string]>(['X-Forwarded-For', 'not-an-ip, ::ffff:1.2.3.4, 999.1.1.1']),
      fc.constant<[string, string]>(['X-Forwarded-Proto', 'https']),
      fc.constant<[string, string]>(['Origin', 'http://evil.example']),
      fc.constant<[string, string]>(['Accept-Encoding', 'gzip, br']),
      fc.constant<[string, string]>(['Range', 'bytes=5-1']),
      fc.constant<[string, string]>(['If-None-Match', '*']),
    ),
    { maxLength: 2 },
  )
  return fc.record({
    op: fc.constant(`${op.method} ${op.path}`),
    // Mostly the documented method; sometimes another one (405 paths).
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant(op.method) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
    ),
    path: pathArb,
    query: queryArb,
    who: fc.nat({ max: callers - 1 }),
    body: bodyFor(op),
    raw: fc.constant(false),
    extraHeaders: headers,
  })
}

/** Raw-path requests (GET/POST by anyone), for Node's parser and the static file server. */
export function oddPathRequest(callers: number): Arbitrary<FuzzRequest> {
  return fc.record({
    op: fc.constant('raw path'),
    method: fc.constantFrom('GET', 'HEAD', 'POST'),
    path: fc.constantFrom(...ODD_PATHS).map((p) => [p]),
    query: fc.constant([]),
    who: fc.nat({ max: callers - 1 }),
    body: fc.constant<FuzzBody>({ kind: 'none' }),
    raw: fc.constant(true),
    extraHeaders: fc.constant([]),
  })
}
