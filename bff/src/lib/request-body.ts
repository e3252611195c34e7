import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import zlib from 'node:zlib'
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

/** The decoder for a `Content-Encoding`, null for none; 415 for a coding the server does not read. */
function decoderFor(coding: string): zlib.Gunzip | zlib.BrotliDecompress | null {
  switch (coding) {
    case '':
    case 'identity':
      return null
    case 'gzip':
    case 'deflate':
      return zlib.createUnzip()
    case 'br':
      return zlib.createBrotliDecompress()
    default:
      throw unsupportedMediaType()
  }
}

/**
 * Reads a request's body into memory, decoded from its `Content-Encoding` (gzip, deflate, br), refusing one over
 * `limitBytes` once decoded (413: a small gzip bomb is stopped as it inflates) and a body that does not decode (400
 * `invalid_body_encoding`).
 */
export function readBodyBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const decoder = decoderFor((req.headers['content-encoding'] ?? '').trim().toLowerCase())
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length'])
  if (!decoder && declared !== null && declared > limitBytes)
    return Promise.reject(payloadTooLarge(limitBytes))
  return new Promise<Buffer>((resolve, reject) => {
    const source: Readable = decoder ? req.pipe(decoder) : req
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    const settle = (err: unknown, body?: Buffer) => {
      if (settled) return
      settled = true
      source.off('data', onData)
      req.off('aborted', onAborted)
      req.off('close', onClose)
      if (decoder) {
        req.unpipe(decoder)
        decoder.destroy()
      }
      if (err) reject(err)
      else resolve(body ?? Buffer.alloc(0))
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limitBytes) settle(payloadTooLarge(limitBytes))
      else chunks.push(chunk)
    }
    const onAborted = () => settle(aborted())
    const onClose = () => {
      if (!req.complete) settle(aborted())
    }
    source.on('data', onData)
    source.once('end', () => {
      if (!decoder && declared !== null && received !== declared) settle(aborted())
      else settle(null, Buffer.concat(chunks))
    })
    // Listened to for good: an `error` event without a listener would end the process.
    req.on('error', () => settle(aborted()))
    if (decoder) decoder.on('error', () => settle(invalidBodyEncoding()))
    req.once('aborted', onAborted)
    req.once('close', onClose)
  })
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
