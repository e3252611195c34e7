import { describe, expect, it } from 'vitest'
import { catalogTable } from '../bench/roster'
import { compareTables } from './compare'
import { ALIGNMENT_VERSION, canonicalJson, comparisonFingerprint, fnv1a64 } from './fingerprint'

describe(fnv1a64.name, () => {
  it('should match the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64('foobar')).toBe('85944171f73967e8')
  })

  it('should hash UTF-8 bytes (the same as hashing the encoded buffer)', () => {
    const text = '王建国 𠀀 ✓'
    let h = 0xcbf29ce484222325n
    for (const byte of new TextEncoder().encode(text)) {
      h ^= BigInt(byte)
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn
    }
    expect(fnv1a64(text)).toBe(h.toString(16).padStart(16, '0'))
  })
})

describe(canonicalJson.name, () => {
  it('should sort keys and drop undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}')
  })
})

describe(comparisonFingerprint.name, () => {
  const row = { name: '王建国', household_no: '003', amount: 123450 }
  const result = compareTables({
    schema: catalogTable('耕地地力保护补贴发放名册'),
    village: [row],
    government: [row],
  })

  it('should fingerprint under the current rules version unless told another', () => {
    expect(comparisonFingerprint(result)).toBe(comparisonFingerprint(result, ALIGNMENT_VERSION))
    // A result stored under older rules is the same as a new one when its fingerprint under their version agrees.
    expect(comparisonFingerprint(result, 'cunwu-alignment/1')).not.toBe(comparisonFingerprint(result))
    expect(comparisonFingerprint(result, 'cunwu-alignment/1')).toMatch(/^fnv1a64:[0-9a-f]{16}$/)
  })
})
