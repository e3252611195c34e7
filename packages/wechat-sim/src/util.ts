import { randomBytes } from 'node:crypto'

/** A JSON object as parsed from a request body. */
export type JsonObject = Record<string, unknown>

/** Narrows an unknown value to a plain JSON object. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a string property, or undefined when absent or not a string. */
export function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key]
  return typeof v === 'string' ? v : undefined
}

/** Reads a nested object property, or undefined. */
export function obj(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key]
  return isRecord(v) ? v : undefined
}

/** Parses JSON without throwing; returns undefined on malformed input. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Random hex string of `bytes` bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

/** Random decimal digits string of the given length. */
export function randomDigits(length: number): string {
  let out = ''
  while (out.length < length) out += String(randomBytes(4).readUInt32BE(0)).padStart(10, '0')
  return out.slice(0, length)
}

/** Random URL-safe base64 characters of the given length. */
export function randomB64Url(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length)
}

/** Resolves after `ms` milliseconds (real time). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
