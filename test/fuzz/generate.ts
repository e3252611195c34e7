// Request generators for the API fuzz: one arbitrary per OpenAPI operation (path and query from its schemas or from
// values the server has answered, a body from ./bodies, a caller, odd headers), and odd raw paths.
import fc from 'fast-check'
import type { Arbitrary } from 'fast-check'
import { bodyFor } from './bodies'
import type { FuzzBody } from './bodies'
import { nasty, valueOf } from './schema-values'
import type { Schema } from './schema-values'

export type { FuzzBody } from './bodies'

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
