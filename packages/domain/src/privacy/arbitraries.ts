import fc from 'fast-check'
import { idCheckCharacter, passesLuhn } from './id-number'
import { CHINESE_NUMERAL_DIGITS, digitOf } from './characters'

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
  /**
   * The number as typed: full-width digits, Chinese numerals (all or some digits), spaces, hyphens, punctuation
   * (139.8877.6655, 6222(0212)…), any grouping, a +86 prefix, letters in front (Tel, ID).
   */
  typed: string
}

export const digitRun = (min: number, max: number): fc.Arbitrary<string> =>
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

const SEPARATORS = [
  ' ',
  '-',
  '－',
  '\u3000',
  ' - ',
  '\u200B',
  '—',
  '  ',
  '\u00A0',
  '\u00AD',
  '\u200E',
  '\u2063',
] as const
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

/** Punctuation people type between the groups of a number (docs/scrubbing.md), as typed (full-width too). */
const WEAK_SEPARATORS = [
  '.',
  '/',
  ',',
  '，',
  '、',
  '·',
  '．',
  '／',
  ', ',
  // Any other punctuation or symbol (docs/scrubbing.md): read as a weak separator too.
  '_',
  ':',
  '：',
  '*',
  '~',
  '～',
  '。',
  '|',
  '#',
  '…',
  '→',
  '\u2800',
  '”“',
  '》《',
] as const

/**
 * Other ways to write one digit (docs/scrubbing.md): digits of other scripts, digits under combining marks and
 * keycaps, dingbat, parenthesised and full-stop digits, Hangzhou numerals and tag digits. Each maps a digit 0-9 to
 * its form, or to null where the form has no 0.
 */
const OTHER_DIGIT_FORMS: ReadonlyArray<(d: number) => string | null> = [
  ...[0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xe50, 0x1810].map(
    (zero) => (d: number) => String.fromCodePoint(zero + d),
  ),
  ...['\u0332', '\u0336', '\u0301', '\u20DD', '\u20E3', '\uFE0F\u20E3'].map(
    (mark) => (d: number) => `${d}${mark}`,
  ),
  ...[0x2776, 0x2780, 0x278a, 0x2474, 0x2488].map(
    (one) => (d: number) => (d === 0 ? null : String.fromCodePoint(one + d - 1)),
  ),
  (d) => (d === 0 ? '\u{1F100}' : String.fromCodePoint(0x2488 + d - 1)),
  (d) => String.fromCodePoint(0x1f101 + d),
  (d) => (d === 0 ? '〇' : String.fromCodePoint(0x3020 + d)),
  (d) => String.fromCodePoint(0xe0030 + d),
]

/** Chinese numerals for each digit, every form the scrubber reads (一 or 幺 or 壹 for 1 …). */
const NUMERALS: readonly string[][] = Array.from({ length: 10 }, (_, d) =>
  Object.entries(CHINESE_NUMERAL_DIGITS)
    .filter(([, value]) => value === d)
    .map(([ch]) => ch),
)

/**
 * Group sizes for a number written with punctuation between its groups: the groupings people use, which are
 * also what the scrubber requires across punctuation (at most 5 groups of at least 3 digits, not all of 3).
 */
export function punctuatedGroupings(length: number): number[][] {
  if (length === 11)
    return [
      [3, 4, 4],
      [3, 8],
      [4, 7],
      [7, 4],
    ]
  if (length === 15)
    return [
      [6, 6, 3],
      [3, 4, 4, 4],
      [6, 9],
    ]
  if (length === 18)
    return [
      [6, 8, 4],
      [3, 4, 11],
      [6, 4, 4, 4],
      [4, 4, 4, 4, 2],
    ]
  return [
    [4, 4, 4, length - 12],
    [4, 4, length - 8],
    [3, 4, length - 7],
    [4, length - 4],
  ]
}

/**
 * How the digits of a number are written: ASCII or full-width per group, all Chinese numerals, mixed, or each
 * digit in another form (OTHER_DIGIT_FORMS, one form per number, ASCII where the form has no 0).
 */
type Script = 'digits' | 'numerals' | 'mixed' | 'other'

/**
 * Writes digits in groups with random separators (spaces and dashes, punctuation, or a group in brackets), in
 * ASCII or full-width digits (per group), Chinese numerals or a mix of both, X in either case, after an optional
 * prefix and letters.
 */
function typedForm(
  digits: string,
  prefix: fc.Arbitrary<string>,
  options: { punctuation: boolean },
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('strong', ...(options.punctuation ? (['weak', 'bracket', 'quoted'] as const) : [])),
      groupings(digits.length),
      fc.constantFrom(...punctuatedGroupings(digits.length)),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: 20, maxLength: 20 }),
      fc.constantFrom(...WEAK_SEPARATORS),
      fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      fc.boolean(),
      fc.constantFrom<Script>('digits', 'digits', 'numerals', 'mixed', 'other'),
      fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      fc.constantFrom('', '', 'Tel', 'ID', 'No.'),
      prefix,
    )
    .map(([style, sizes, punctuated, separators, weak, wide, lowerX, script, picks, letters, pre]) => {
      const chosen = style === 'strong' ? sizes : punctuated
      let at = 0
      const groups = chosen.map((size, i) => {
        const group = digits.slice(at, at + size)
        at += size
        const cased = lowerX ? group.replace('X', 'x') : group
        if (script === 'digits') return wide[i] === true ? fullWidth(cased) : cased
        if (script === 'other') {
          const form = OTHER_DIGIT_FORMS[(picks[0] ?? 0) % OTHER_DIGIT_FORMS.length]
          return Array.from(cased, (ch) => (/\d/.test(ch) ? (form?.(Number(ch)) ?? ch) : ch)).join('')
        }
        return Array.from(cased, (ch, k) => {
          const forms = NUMERALS[Number(ch)]
          const numeral = script === 'numerals' || (picks[(at + k) % picks.length] ?? 0) % 2 === 0
          if (!forms || !numeral || !/\d/.test(ch)) return ch
          return forms[(picks[k % picks.length] ?? 0) % forms.length] ?? ch
        }).join('')
      })
      const body =
        style === 'bracket'
          ? `${groups[0] ?? ''}(${groups[1] ?? ''})${groups.slice(2).join('')}`
          : style === 'quoted'
            ? groups.map((g) => `“${g}”`).join('')
            : groups
                .map((g, i) => (i === 0 ? g : `${style === 'weak' ? weak : (separators[i] ?? ' ')}${g}`))
                .join('')
      return letters + pre + body
    })
}

/** A valid personal number of any kind, typed in a random format. */
export const typedNumber: fc.Arbitrary<TypedNumber> = fc.oneof(
  validIdNumber.chain((digits) =>
    typedForm(digits, fc.constant(''), { punctuation: true }).map((typed): TypedNumber => ({
      kind: 'id_number',
      digits,
      typed,
    })),
  ),
  validOldIdNumber.chain((digits) =>
    typedForm(digits, fc.constant(''), { punctuation: true }).map((typed): TypedNumber => ({
      kind: 'old_id_number',
      digits,
      typed,
    })),
  ),
  mainlandMobile.chain((digits) =>
    typedForm(digits, fc.constantFrom('', '+86 ', '86-', '＋８６ '), { punctuation: true }).map(
      (typed): TypedNumber => ({ kind: 'phone', digits, typed }),
    ),
  ),
  bankCardNumber.chain((digits) =>
    // Across punctuation a card is read only when it starts as issued cards do (3, 4, 5, 6 or 9).
    typedForm(digits, fc.constant(''), { punctuation: '34569'.includes(digits.charAt(0)) }).map(
      (typed): TypedNumber => ({ kind: 'bank_account', digits, typed }),
    ),
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
export const wordBetween = fc
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
 * Digits as they can be read out of a text whatever the formatting: NFKC, Chinese numerals read as digits, then
 * everything but digits and X removed.
 * A generated number's digits found in this form of a response mean the number leaked.
 */
export function readableDigits(text: string): string {
  return Array.from(text, (ch) => digitOf(ch) ?? ch.normalize('NFKC'))
    .join('')
    .replace(/[^0-9Xx]/g, '')
    .toUpperCase()
}

const smallNumber = fc.integer({ min: 0, max: 999 }).map(String)
const twoDigits = fc.integer({ min: 1, max: 31 }).map((n) => String(n).padStart(2, '0'))

/**
 * Numbers in prose that are not personal, written with the same punctuation numbers are typed with: amounts with
 * thousands separators and cents, dates with dots and slashes, lists of counts joined by 、 or commas, lists of
 * amounts followed by their unit (150、2000、3000元), Chinese numbers with units (一百二十元), years in numerals
 * (二〇二六年). The scrubber must leave all of them alone.
 */
export const ordinaryNumbers: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 999 }), fc.array(smallNumber, { maxLength: 3 }), twoDigits)
        .map(
          ([head, rest, cents]) => `${[head, ...rest.map((r) => r.padStart(3, '0'))].join(',')}.${cents}元`,
        ),
      fc
        .tuple(fc.integer({ min: 1990, max: 2030 }), twoDigits, twoDigits, fc.constantFrom('.', '/', '-'))
        .map(([y, m, d, sep]) => `${y}${sep}${m}${sep}${d}`),
      fc
        .tuple(
          fc.array(smallNumber, { minLength: 2, maxLength: 8 }),
          fc.constantFrom('、', '，', ',', '/', '.'),
        )
        .map(([items, sep]) => items.join(sep)),
      fc
        .tuple(
          fc.array(fc.integer({ min: 1, max: 99_999 }).map(String), { minLength: 2, maxLength: 6 }),
          fc.constantFrom('、', '，', ',', '/'),
          fc.constantFrom('元', '人', '亩', '万元', ' 元', '个'),
        )
        .map(([items, sep, unit]) => `${items.join(sep)}${unit}`),
      // Times, ratios and ranges with the punctuation now read inside numbers.
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), twoDigits, twoDigits, fc.constantFrom(':', '：'))
        .map(([h, m, s, sep]) => `${String(h).padStart(2, '0')}${sep}${m}${sep}${s}`),
      fc
        .tuple(
          fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 4 }),
          fc.constantFrom(':', '*', '～', '~', '|', '_'),
        )
        .map(([items, sep]) => items.join(sep)),
      fc.constantFrom(
        '一百二十元',
        '2026年3月1日 12:30:45',
        '第1~3条',
        '3:2',
        '1*2*3',
        '三组',
        '二〇二六年三月一日',
        '第一、二、三条',
        '十二万三千四百五十六',
        '三三两两',
      ),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((parts) => chineseFiller.map((filler) => parts.join(`，${filler}`)))
