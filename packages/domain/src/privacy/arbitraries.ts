import fc from 'fast-check'
import { idCheckCharacter, passesLuhn } from './id-number'

/**
 * fast-check generators of valid personal numbers typed the ways people type them, for property tests of the
 * scrubber (here) and of every public response (BFF route tests import this file directly; it is not part of the
 * package's runtime exports because fast-check is a development dependency).
 */

/** A generated personal number: its canonical digits and how it was typed. */
export interface TypedNumber {
  kind: 'id_number' | 'old_id_number' | 'phone' | 'bank_account'
  /** The digits without separators (an ID's X upper-case; a mobile without +86). */
  digits: string
  /** The number as typed: full-width digits, spaces, hyphens, any grouping, a +86 prefix. */
  typed: string
}

const digitRun = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''))

const birthDate = (min: string, max: string): fc.Arbitrary<string> =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''))

/** Valid 18-digit 居民身份证号: address code, a real birth date, order code and the GB 11643 check character. */
export const validIdNumber: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 110000, max: 659999 }), birthDate('1900-01-01', '2025-12-31'), digitRun(3, 3))
  .map(([address, birth, order]) => {
    const first17 = `${address}${birth}${order}`
    return `${first17}${idCheckCharacter(first17) ?? ''}`
  })

/** Valid 15-digit first-generation IDs: address code, a 19YY birth date written YYMMDD, order code. */
export const validOldIdNumber: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 110000, max: 659999 }), birthDate('1900-01-01', '1999-12-31'), digitRun(3, 3))
  .map(([address, birth, order]) => `${address}${birth.slice(2)}${order}`)

/** Mainland mobile numbers (1, then 3-9, then nine digits). */
export const mainlandMobile: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digitRun(9, 9))
  .map(([second, rest]) => `1${second}${rest}`)

/** 16-19 digit bank card numbers with a Luhn check digit. */
export const bankCardNumber: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digitRun(14, 17))
  .map(([first, rest]) => {
    const body = `${first}${rest}`
    for (let d = 0; d <= 9; d += 1) if (passesLuhn(`${body}${d}`)) return `${body}${d}`
    return body
  })

const SEPARATORS = [' ', '-', '－', '\u3000', ' - ', '\u200B', '—', '  ', '\u00A0'] as const
const FULL_WIDTH_ZERO = 0xff10

function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(FULL_WIDTH_ZERO + Number(d))).replace(/X/g, 'Ｘ')
}

/** Group sizes a number of `length` digits may be written in: as printed, 4-4-4-4-2, or at random. */
function groupings(length: number): fc.Arbitrary<number[]> {
  const usual: number[][] = [[length]]
  if (length === 18) usual.push([6, 8, 4], [4, 4, 4, 4, 2], [3, 3, 4, 4, 4], [6, 4, 4, 4])
  if (length === 15) usual.push([6, 6, 3], [3, 4, 4, 4])
  if (length === 11) usual.push([3, 4, 4], [3, 8], [4, 3, 4])
  if (length >= 16) usual.push([4, 4, 4, 4, length - 16].filter((n) => n > 0))
  const random = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }).map((sizes) => {
    const out: number[] = []
    let left = length
    for (const size of sizes) {
      if (left <= 0) break
      out.push(Math.min(size, left))
      left -= size
    }
    if (left > 0) out.push(left)
    return out
  })
  return fc.oneof(fc.constantFrom(...usual), random)
}

/** Writes digits in groups with random separators, in ASCII or full-width digits (per group), X in either case. */
function typedForm(digits: string, prefix: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      groupings(digits.length),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: 20, maxLength: 20 }),
      fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      fc.boolean(),
      prefix,
    )
    .map(([sizes, separators, wide, lowerX, pre]) => {
      let at = 0
      const groups = sizes.map((size, i) => {
        const group = digits.slice(at, at + size)
        at += size
        const cased = lowerX ? group.replace('X', 'x') : group
        return wide[i] === true ? fullWidth(cased) : cased
      })
      return pre + groups.map((g, i) => (i === 0 ? g : `${separators[i] ?? ' '}${g}`)).join('')
    })
}

/** A valid personal number of any kind, typed in a random format. */
export const typedNumber: fc.Arbitrary<TypedNumber> = fc.oneof(
  validIdNumber.chain((digits) =>
    typedForm(digits, fc.constant('')).map((typed): TypedNumber => ({ kind: 'id_number', digits, typed })),
  ),
  validOldIdNumber.chain((digits) =>
    typedForm(digits, fc.constant('')).map((typed): TypedNumber => ({
      kind: 'old_id_number',
      digits,
      typed,
    })),
  ),
  mainlandMobile.chain((digits) =>
    typedForm(digits, fc.constantFrom('', '+86 ', '86-', '＋８６ ')).map((typed): TypedNumber => ({
      kind: 'phone',
      digits,
      typed,
    })),
  ),
  bankCardNumber.chain((digits) =>
    typedForm(digits, fc.constant('')).map((typed): TypedNumber => ({ kind: 'bank_account', digits, typed })),
  ),
)

/** Chinese text around a number: ideographs and punctuation, never an ASCII letter or digit touching it. */
export const chineseFiller: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(
    '村',
    '民',
    '低',
    '保',
    '户',
    '电',
    '话',
    '卡',
    '号',
    '：',
    '，',
    '。',
    '（',
    '）',
    '\n',
    '"',
  ),
  maxLength: 8,
})

/** At least one ideograph between two numbers: digits run together are one long number, not two. */
const wordBetween = fc
  .tuple(chineseFiller, fc.constantFrom('村', '民', '户', '号'), chineseFiller)
  .map((p) => p.join(''))

/** A sentence of Chinese text with 1-4 typed numbers in it. */
export const textWithNumbers: fc.Arbitrary<{ text: string; numbers: TypedNumber[] }> = fc
  .array(fc.tuple(wordBetween, typedNumber), { minLength: 1, maxLength: 4 })
  .chain((parts) =>
    chineseFiller.map((tail) => ({
      text: parts.map(([before, n]) => `${before}${n.typed}`).join('') + tail,
      numbers: parts.map(([, n]) => n),
    })),
  )

/**
 * Digits as they can be read out of a text whatever the formatting: NFKC, then everything but digits and X removed.
 * A generated number's digits found in this form of a response mean the number leaked.
 */
export function readableDigits(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^0-9Xx]/g, '')
    .toUpperCase()
}
