import { describe, expect, it } from 'vitest'
import { canonicalJson, fnv1a64 } from './fingerprint'

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
