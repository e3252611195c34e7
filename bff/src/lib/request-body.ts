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
export async function readBodyBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
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
  try {
    return await getRawBody(stream, { limit: limitBytes, length })
  } catch (err) {
    const type = (err as { type?: unknown }).type
    if (type === 'entity.too.large') throw payloadTooLarge(limitBytes)
    if (typeof type === 'string' && ABORTED_TYPES.has(type)) throw aborted()
    // zlib's errors (a body that is not the gzip / deflate / br it claims to be) carry no raw-body type.
    if (stream !== req) throw invalidBodyEncoding()
    throw aborted()
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
  const stack: Array<{ value: object; path: string; depth: number }> = [
    { value: value as object, path: 'body', depth: 1 },
  ]
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (frame.depth > MAX_BODY_DEPTH)
      throw validationError({ body: `内容的嵌套层数太多（最多 ${MAX_BODY_DEPTH} 层）` })
    const entries = Object.entries(frame.value) as Array<[string, unknown]>
    for (const [key, child] of entries) {
      const prototypeKey =
        key === '__proto__' ||
        (key === 'constructor' &&
          typeof child === 'object' &&
          child !== null &&
          Object.hasOwn(child, 'prototype'))
      if (prototypeKey) throw validationError({ [frame.path]: `有多余的内容：${key}` })
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, path: `${frame.path}.${key}`, depth: frame.depth + 1 })
    }
  }
  return value
}
