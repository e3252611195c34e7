import type { AlignmentResult } from './types'

/**
 * Version of the comparison rules; part of every fingerprint, so a rule change makes old comparisons stale. Bump it
 * whenever a rule changes: the BFF's upkeep then recomputes every alignment stored under an older one, keeping the
 * township's verification where the result is the same (docs/catalog.md, "When the comparison rules change").
 * 2: the rules as changed since 1 was set, last the 村民小组 in matching (rows of two groups are never paired) and a
 * blank cell in a column the public never sees read as silence.
 */
export const ALIGNMENT_VERSION = 'cunwu-alignment/2'

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped, non-finite numbers
 * as null. Two structurally equal values always give the same string.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null'
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return 'null'
}

/**
 * 64-bit FNV-1a over the UTF-8 bytes of a string, as 16 hex digits. Pure JavaScript on 16-bit limbs (no BigInt,
 * no node:crypto), so it runs the same in Node, browsers and the mini-program. Not cryptographic: it detects
 * change, it does not resist forgery.
 */
export function fnv1a64(text: string): string {
  // State as four 16-bit limbs, h0 lowest; offset basis 0xcbf29ce484222325.
  let h0 = 0x2325
  let h1 = 0x8422
  let h2 = 0x9ce4
  let h3 = 0xcbf2
  const mix = (byte: number): void => {
    h0 ^= byte
    // Multiply by the FNV prime 2^40 + 0x1b3: h * 0x1b3 plus h shifted left by 40 bits.
    const t0 = h0 * 0x1b3
    const t1 = h1 * 0x1b3 + (t0 >>> 16)
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8)
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8)
    h0 = t0 & 0xffff
    h1 = t1 & 0xffff
    h2 = t2 & 0xffff
    h3 = t3 & 0xffff
  }
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00)
        i += 1
      }
    }
    if (c < 0x80) mix(c)
    else if (c < 0x800) {
      mix(0xc0 | (c >> 6))
      mix(0x80 | (c & 0x3f))
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12))
      mix(0x80 | ((c >> 6) & 0x3f))
      mix(0x80 | (c & 0x3f))
    } else {
      mix(0xf0 | (c >> 18))
      mix(0x80 | ((c >> 12) & 0x3f))
      mix(0x80 | ((c >> 6) & 0x3f))
      mix(0x80 | (c & 0x3f))
    }
  }
  const hex = (n: number): string => n.toString(16).padStart(4, '0')
  return `${hex(h3)}${hex(h2)}${hex(h1)}${hex(h0)}`
}

/**
 * Stable fingerprint of a comparison: `fnv1a64:` + 16 hex digits of FNV-1a 64 over the rules version and the
 * canonical JSON of the result. Equal results give equal fingerprints across runs, machines and key orders.
 * `version`: the rules version to fingerprint under (an older one tells whether a result stored under it is the
 * same as a new one apart from the version).
 */
export function comparisonFingerprint(result: AlignmentResult, version: string = ALIGNMENT_VERSION): string {
  return `fnv1a64:${fnv1a64(`${version}\n${canonicalJson(result)}`)}`
}
