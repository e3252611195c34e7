import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import getRawBody from 'raw-body'
import inflate from 'inflation'
import { ErrorCode } from '@cunwu/domain'
import {
  AppError,
  invalidBodyEncoding,
  invalidJson,
  payloadTooLarge,
  requestTimeout,
  unsupportedMediaType,
  validationError,
} from '../errors'

/**
 * How deep a JSON body may nest (an object or array inside another counts one more). The deepest body the API
 * takes (a disclosure's rows, a consultation's questions and their options) is under 10; anything deeper is not a
 * form anyone filled in, and code that walks a body (the submission guard's hash) need not be written for it.
 */
export const MAX_BODY_DEPTH = 32

/** The client hung up (or was cut off) before the whole body arrived: logged at info by the error handler. */
function aborted(): Error {
  return Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400, expose: true })
}

/** raw-body's error types (its README, "Errors"). */
const ABORTED_TYPES = new Set(['request.aborted', 'request.size.invalid', 'stream.encoding.set'])

/**
 * Reads a request's body into memory with raw-body, decoded from its `Content-Encoding` by inflation (gzip, deflate,
 * br; the two libraries under co-body, which @koa/bodyparser used before bodies had to be checked as bytes),
 * refusing one over `limitBytes` once decoded (413: a small gzip bomb is stopped as it inflates), a coding the
 * server does not read (415), and a body that does not decode (400 `invalid_body_encoding`). The bytes are not
 * decoded to text here: raw-body would read bytes that are not UTF-8 as �; `utf8Text` refuses them.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  limitBytes: number,
  timeoutMs?: number,
): Promise<Buffer> {
  const coding = (req.headers['content-encoding'] ?? '').trim().toLowerCase() || 'identity'
  let stream: Readable
  try {
    // `encoding` as inflation reads it (index.js); @types/inflation names that option `gzip`.
    const options: inflate.Options & { encoding: string } = { encoding: coding }
    stream = inflate(req, options)
  } catch {
    throw unsupportedMediaType()
  }
  // raw-body sees a decoder's output, which does not end when the client hangs up mid-body: end it then.
  if (stream !== req) {
    const decoder = stream
    req.once('close', () => {
      if (!req.complete) decoder.destroy(aborted())
    })
  }
  // The declared length only describes the bytes as sent, so it is checked only when nothing is decoded.
  const declared = req.headers['content-length']
  const length = coding === 'identity' && declared !== undefined ? Number(declared) : undefined
  const reading = getRawBody(stream, { limit: limitBytes, length })
  // A body that has not arrived within `timeoutMs` is answered 408: the server's request timeout is sized for the
  // largest upload (docs/http-hardening.md, "Slow clients"), far more than a JSON body needs. Reading stops (the
  // request itself is left alone, or its socket would close before the answer); the caller closes the connection.
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    if (timeoutMs === undefined) return
    timer = setTimeout(() => {
      stream.pause()
      reject(Object.assign(new Error('body too slow'), { type: 'body.timeout' }))
    }, timeoutMs)
  })
  // Once late, the read settles only when the connection closes: nobody awaits it then.
  reading.catch(() => undefined)
  try {
    return await Promise.race([reading, late])
  } catch (err) {
    const type = (err as { type?: unknown }).type
    if (type === 'body.timeout') throw requestTimeout()
    if (type === 'entity.too.large') throw payloadTooLarge(limitBytes)
    if (typeof type === 'string' && ABORTED_TYPES.has(type)) throw aborted()
    // zlib's errors (a body that is not the gzip / deflate / br it claims to be) carry no raw-body type.
    if (stream !== req) throw invalidBodyEncoding()
    throw aborted()
  } finally {
    clearTimeout(timer)
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The body's bytes as text. JSON exchanged between systems is UTF-8 (RFC 8259 §8.1): bytes that are not are
 * refused rather than read as �, which would be stored (a leading byte order mark is dropped, as JSON allows).
 */
export function utf8Text(bytes: Buffer): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new AppError(400, ErrorCode.InvalidJson, '请求内容里有无法识别的文字，请用 UTF-8 编码发送')
  }
}

/** JSON text that starts as an object or an array (RFC 8259 whitespace before it). */
const OBJECT_OR_ARRAY = /^[ \t\n\r]*[[{]/

/**
 * Parses a JSON body: an object or an array (anything else is 400 `invalid_json`), empty text being `{}`. Then, in
 * one walk without recursion, refuses (400 `validation_error`) a body nested deeper than `MAX_BODY_DEPTH` and the
 * keys that would reach an object's prototype when copied (`__proto__`, and `constructor` holding `prototype`):
 * valid JSON, but no schema has them.
 */
export function parseJsonBody(text: string): unknown {
  if (text === '') return {}
  if (!OBJECT_OR_ARRAY.test(text)) throw invalidJson()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalidJson()
  }
  checkShape(value as object)
  return value
}

/** A node of the body under inspection; the path to it is only spelt out for a refusal. */
interface Frame {
  value: object
  depth: number
  parent: Frame | null
  key: string
}

const pathOf = (frame: Frame): string => (frame.parent ? `${pathOf(frame.parent)}.${frame.key}` : 'body')

/** Whether a key would reach an object's prototype when the body is copied (`__proto__`, `constructor.prototype`). */
const reachesPrototype = (key: string, child: unknown): boolean =>
  key === '__proto__' ||
  (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype'))

/**
 * One walk over a parsed body, without recursion, that refuses nesting deeper than `MAX_BODY_DEPTH` and prototype
 * keys. It runs before sign-in is checked, so it allocates nothing per scalar and no text per node: a 900 KB body
 * of 300,000 empty arrays took ~0.4 s with a path string and an entries array per node (tester r2, N2).
 */
function checkShape(root: object): void {
  const stack: Frame[] = [{ value: root, depth: 1, parent: null, key: '' }]
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (frame.depth > MAX_BODY_DEPTH)
      throw validationError({ body: `内容的嵌套层数太多（最多 ${MAX_BODY_DEPTH} 层）` })
    const node = frame.value
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const child: unknown = node[i]
        if (typeof child !== 'object' || child === null) continue
        // An empty array holds nothing to walk: only its own depth counts.
        if (Array.isArray(child) && child.length === 0 && frame.depth < MAX_BODY_DEPTH) continue
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key: String(i) })
      }
      continue
    }
    const record = node as Record<string, unknown>
    for (const key in record) {
      const child = record[key]
      if (reachesPrototype(key, child)) throw validationError({ [pathOf(frame)]: `有多余的内容：${key}` })
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key })
    }
  }
}
