import fc from 'fast-check'
import { INVISIBLE_CHARACTERS } from '../text/invisible'
import {
  bankCardNumber,
  chineseFiller,
  digitRun,
  mainlandMobile,
  ordinaryNumbers,
  punctuatedGroupings,
  typedNumber,
  validIdNumber,
  wordBetween,
} from './arbitraries'

/**
 * fast-check generators of whole texts as the scrubber meets them (`scrubberText`) and of invisible characters
 * inserted anywhere in a text, for the scrubber's properties (scrub.test.ts); the personal numbers themselves come
 * from arbitraries.ts.
 */

/**
 * Characters that show nothing (INVISIBLE_CHARACTERS, text/invisible.ts) that the scrubber skips wherever they
 * stand: zero-width and bidi marks, soft hyphen, word joiner, invisible operators, BOM, combining grapheme joiner,
 * variation selectors (VS16 and the astral VS17), Mongolian vowel separator, controls, the braille blank, a Hangul
 * filler, a tag space and astral format controls. Tag digits (U+E0030–U+E0039) are not among them: they carry
 * digits and are read as digits (docs/scrubbing.md).
 */
export const invisibleCharacter: fc.Arbitrary<string> = fc.constantFrom(
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202E',
  '\u061C',
  '\u00AD',
  '\u2060',
  '\u2063',
  '\uFEFF',
  '\u034F',
  '\uFE0F',
  '\u180E',
  '\u0001',
  '\u007F',
  '\u2800',
  '\u3164',
  '\u{E0100}',
  '\u{E0020}',
  '\u{1D173}',
  '\u{1BCA0}',
)

/** Removes the characters invisibleCharacter generates, and every other invisible character but the tag digits. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, (ch) => (/^[\u{E0030}-\u{E0039}]$/u.test(ch) ? ch : ''))
}

/**
 * The text with runs of 1–6 invisible characters inserted between its characters (about one place in four, and
 * never inside a surrogate pair): before a unit ("139.8877.6655\u200B\u200B\u200B\u200B元"), inside a label
 * ("账\u200B号"), between a digit and its keycap.
 */
export function withInvisibles(text: string): fc.Arbitrary<string> {
  const characters = Array.from(text)
  const run = fc.array(invisibleCharacter, { minLength: 1, maxLength: 6 }).map((a) => a.join(''))
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: run }), {
      minLength: characters.length + 1,
      maxLength: characters.length + 1,
    })
    .map((runs) => runs.map((r, k) => r + (characters[k] ?? '')).join(''))
}

/**
 * A personal number written with punctuation between its groups and followed by a unit (after up to three
 * spaces, quotes or brackets), which the scrubber leaves as a quantity: "139.8877.6655 元", "“6222·0212·3456·7894”万".
 */
const numberBeforeUnit: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(mainlandMobile, validIdNumber, bankCardNumber),
    fc.constantFrom('.', '·', '_', ':', '，', '、'),
    fc.nat(),
    fc.array(fc.constantFrom(' ', '\u3000', '”', '）', '》'), { maxLength: 3 }),
    fc.constantFrom('元', '万', '人', '亩', '年', '%', '个'),
  )
  .map(([digits, weak, pick, between, unit]) => {
    const groupings = punctuatedGroupings(digits.length)
    const sizes = groupings[pick % groupings.length] ?? [digits.length]
    let at = 0
    const groups = sizes.map((size) => {
      const group = digits.slice(at, at + size)
      at += size
      return group
    })
    return `${groups.join(weak)}${between.join('')}${unit}`
  })

/** A number of 12–19 digits right after an account label, masked as an account whether or not it passes Luhn. */
const labelledAccount: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('账号', '存折账号：', '卡号 ', '一卡通', '银行卡：'), digitRun(12, 19))
  .map(([label, digits]) => `${label}${digits}`)

/**
 * Text as the scrubber meets it: typed personal numbers, ordinary numbers, labelled accounts and numbers followed
 * by a unit, between Chinese words. No residence cue (住, 地址, 门牌): house numbers follow a rule of their own.
 */
export const scrubberText: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      wordBetween,
      fc.oneof(
        typedNumber.map((n) => n.typed),
        ordinaryNumbers,
        labelledAccount,
        numberBeforeUnit,
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .chain((parts) => chineseFiller.map((tail) => parts.map((p) => p.join('')).join('') + tail))
