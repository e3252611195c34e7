/**
 * Idempotency keys for the requests that create something a villager would not want twice (a question, an
 * information request, a consultation, a charge, a decision, a correction request). One key per filled form, sent
 * again when the same content is sent again, so a retry after a lost answer gets the first answer back instead of a
 * second copy (docs/miniapp.md, Forms).
 */

/** The header the BFF reads (same person + same key → the first answer again). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/** What the BFF accepts: 16–64 characters of letters, digits, `_` and `-`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
const KEY_LENGTH = 32

/** A fresh random key (Web Crypto where there is one; the key is scoped to its sender, so Math.random will do). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(KEY_LENGTH)
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < KEY_LENGTH; i++) bytes[i] = Math.floor(Math.random() * 256)
  let key = ''
  for (const b of bytes) key += ALPHABET[b % ALPHABET.length]
  return key
}

/** The header to add to a create request, or none when there is no key. */
export function idempotencyHeaders(key: string | undefined): Record<string, string> {
  return key ? { [IDEMPOTENCY_HEADER]: key } : {}
}
