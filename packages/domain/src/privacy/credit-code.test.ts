import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code'

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const codeChar = fc.constantFrom(...CODE_CHARS)
const digit = fc.constantFrom(...'0123456789')
/** The first 17 characters of a code: two of the code set, six digits, nine of the code set. */
const first17 = fc
  .tuple(
    fc.array(codeChar, { minLength: 2, maxLength: 2 }),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(codeChar, { minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, c]) => [...a, ...b, ...c].join(''))
const valid = first17.map((f) => `${f}${creditCodeCheckCharacter(f) ?? ''}`)

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('should accept published codes', () => {
    // The standard's own example, and codes printed on licences.
    for (const code of ['91350100M000100Y43', '91110000100010433L', '53100000500021676K']) {
      expect(isValidCreditCode(code), code).toBe(true)
    }
  })

  it('should refuse a wrong check character, a wrong length, letters outside the set and letters in the region', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false)
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false)
    expect(isValidCreditCode('91350100M000100Y430')).toBe(false)
    expect(isValidCreditCode('9135O100M000100Y43')).toBe(false)
    expect(isValidCreditCode('913501I0M000100Y43')).toBe(false)
    expect(isValidCreditCode('91350100m000100y43')).toBe(false)
    expect(isValidCreditCode('ABCD')).toBe(false)
  })

  it('should accept every code whose check character is computed, and only that character', () => {
    fc.assert(
      fc.property(first17, codeChar, (f, c) => {
        const check = creditCodeCheckCharacter(f)
        expect(check).not.toBeNull()
        expect(isValidCreditCode(`${f}${c}`)).toBe(c === check)
      }),
      { numRuns: 500 },
    )
  })

  it('should catch any one character changed (the check is a prime modulus over the code set)', () => {
    fc.assert(
      fc.property(
        valid,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (code, at, shift) => {
          const chars = [...code]
          const value = CODE_CHARS.indexOf(chars[at] ?? '')
          chars[at] = CODE_CHARS[(value + shift) % 31] ?? ''
          const changed = chars.join('')
          // A letter moved into the region digits is refused by form; any other change by the check character.
          expect(isValidCreditCode(changed)).toBe(false)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('should catch two neighbouring characters swapped, unless they are equal or weigh the same', () => {
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: 15 }), (code, at) => {
        const chars = [...code]
        const [a, b] = [chars[at] ?? '', chars[at + 1] ?? '']
        fc.pre(a !== b)
        chars[at] = b
        chars[at + 1] = a
        expect(isValidCreditCode(chars.join(''))).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})
