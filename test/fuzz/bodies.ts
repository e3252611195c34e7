// Request bodies for the API fuzz: fitting JSON bent into wrong shapes, malformed or truncated JSON, compressed
// bodies (valid, corrupt, truncated, unknown coding) and multipart uploads (whole, truncated, wrong field).
import zlib from 'node:zlib'
import fc from 'fast-check'
import type { Arbitrary } from 'fast-check'
import { anyJson, nasty, valueOf } from './schema-values'
import type { Schema } from './schema-values'

/** How the body goes out. */
export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'bytes'; contentType: string; data: Uint8Array; encoding?: string }

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
export function bodyFor(op: { body: Schema | null }): Arbitrary<FuzzBody> {
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
