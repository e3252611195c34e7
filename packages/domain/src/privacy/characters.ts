// How the number scanner reads each character: digits of any script, Chinese numerals, separators, marks.
import { INVISIBLE_CHARACTERS } from '../text/invisible'

/**
 * Characters that may stand between the digits of one number as people type it: spaces of every width (NFKC
 * turns the ideographic and full-width forms into a space), hyphens and dashes. Up to MAX_SEPARATORS
 * (digit-chains.ts) of them may follow each other ("139 - 0431 - 1000"). The invisible characters that forms and
 * WeChat leave behind are not among them: INVISIBLE skips them, and they count as no separator.
 */
const SEPARATOR = /^[\s\-\u2010-\u2015\u2212\uFE58\uFE63]$/u
/**
 * Characters that show nothing (INVISIBLE_CHARACTERS: zero-width and bidi marks, soft hyphen, variation selectors,
 * stray controls): skipped wherever they stand, so any number of them between digits hides nothing.
 */
const INVISIBLE = new RegExp(`^${INVISIBLE_CHARACTERS.source}$`, 'u')
/**
 * Punctuation people also type inside a number ("139.8877.6655", "6222(0212)3456…", "139·8877·6655"), after NFKC:
 * full stop, brackets and middle dots. The same characters separate amounts and dates, so a number read across
 * one of them must also look written in groups (weakRunFits, scan.ts) and not be followed by a unit
 * (docs/scrubbing.md).
 */
const WEAK_SEPARATOR = /^[.()\u00B7\u2022\u2027\u30FB\u119E\u318D\u3010\u3011\u3014\u3015[\]]$/u
/**
 * The punctuation of lists (",", "，" after NFKC, "、", "/"), also typed inside numbers ("139，1234，5010",
 * "110/1011/99003074514"): a number read across it must in addition be the whole list ("150、2000、3000元" is
 * three amounts, "326，955，561，937，1993" five counts).
 */
const LIST_SEPARATOR = /^[,/\u3001]$/u

/**
 * Chinese numerals read as digits, as people write numbers out (一三九…, 幺 for 1 and 两 for 2 when a number is
 * read aloud, 〇 and 零 for 0) and the financial forms (壹贰叁…, with 叄 beside 叁). Units (十百千万, and the
 * financial 拾佰仟) are not digits, so ordinary Chinese numbers (一百二十, 三万, 壹拾贰) never join into a number.
 */
export const CHINESE_NUMERAL_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  幺: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  叄: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
  // Traditional forms of the financial numerals and of 两.
  貳: 2,
  參: 3,
  陸: 6,
  兩: 2,
  // Hangzhou (Suzhou) numerals 〡–〩, still written in market and ledger notes; 〇 is above.
  〡: 1,
  〢: 2,
  〣: 3,
  〤: 4,
  〥: 5,
  〦: 6,
  〧: 7,
  〨: 8,
  〩: 9,
}

/** What one character of the scanned string is, after NFKC. */
type CharClass =
  | { kind: 'digit'; value: string; han: boolean }
  | { kind: 'x'; value: string }
  | { kind: 'separator' | 'weak' | 'list' | 'letter' | 'invisible' | 'other' }

const OTHER: CharClass = { kind: 'other' }
const INVISIBLE_CLASS: CharClass = { kind: 'invisible' }
const LETTER: CharClass = { kind: 'letter' }
const SEPARATOR_CLASS: CharClass = { kind: 'separator' }
const WEAK_CLASS: CharClass = { kind: 'weak' }
const LIST_CLASS: CharClass = { kind: 'list' }
const X: CharClass = { kind: 'x', value: 'X' }
const DIGITS: readonly CharClass[] = Array.from({ length: 10 }, (_, d) => ({
  kind: 'digit',
  value: String(d),
  han: false,
}))
const HAN_CLASSES: ReadonlyMap<number, CharClass> = new Map(
  Object.entries(CHINESE_NUMERAL_DIGITS).map(([ch, d]) => [
    ch.charCodeAt(0),
    { kind: 'digit', value: String(d), han: true },
  ]),
)
/** The same, as one bit per code unit: most ideographs are not numerals, and this answers without a lookup. */
const HAN_BITS = new Uint32Array(0x10000 / 32)
for (const code of HAN_CLASSES.keys()) HAN_BITS[code >>> 5] = (HAN_BITS[code >>> 5] ?? 0) | (1 << (code & 31))

/** A decimal digit of any script (Arabic-Indic ١, Devanagari १, Thai ๑, Mongolian ᠑, N'Ko ߁ …). */
const ANY_DIGIT = /^\p{Nd}$/u
/**
 * Combining marks (nonspacing and enclosing: 1̲, 1̶, 1́, 1⃝, the keycap's U+20E3): they draw on the character
 * before them, so a digit with marks is that digit, and the marks are skipped like invisible characters.
 */
const COMBINING_MARK = /^[\p{Mn}\p{Me}]$/u
/** The same marks and variation selectors, which a mask takes with the number's last digit. */
const TRAILING_MARK = /^[\p{Mn}\p{Me}\uFE00-\uFE0F]$/u
/**
 * Any other punctuation or symbol (_ * ~ : ; | # + = & @ ' " … → 。《》“”): typed between the groups of a number as
 * often as a dot is, it is read as a weak separator under the same rules. The braille blank U+2800, a symbol that
 * shows nothing, is invisible (INVISIBLE, tested first).
 */
const OTHER_PUNCTUATION = /^[\p{P}\p{S}]$/u
/** A digit in parentheses or followed by a full stop or comma, as NFKC spells ⑴, ⒈ and 🄂: the digit. */
const DECORATED_DIGIT = /^(?:\(([0-9])\)|([0-9])[.,])$/

/**
 * The value of a \p{Nd} character: Unicode encodes each script's decimal digits as one run of ten, 0 to 9, so it
 * is how many digits stand before it in its run (runs of ten may follow each other, as the mathematical digits do).
 */
function decimalValue(c: number): number {
  let k = 0
  while (ANY_DIGIT.test(String.fromCodePoint(c - k - 1))) k += 1
  return k % 10
}

/** What a character that NFKC leaves as one character is, read from its code. */
function classifyCode(c: number, n: string): CharClass {
  if (INVISIBLE.test(n)) return INVISIBLE_CLASS
  if (c >= 48 && c <= 57) return DIGITS[c - 48] ?? OTHER
  if (c === 88 || c === 120) return X
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return LETTER
  const han = HAN_CLASSES.get(c)
  if (han) return han
  if (SEPARATOR.test(n)) return SEPARATOR_CLASS
  if (LIST_SEPARATOR.test(n)) return LIST_CLASS
  if (WEAK_SEPARATOR.test(n)) return WEAK_CLASS
  if (c >= 0x80) {
    if (ANY_DIGIT.test(n)) return DIGITS[decimalValue(c)] ?? OTHER
    if (COMBINING_MARK.test(n)) return INVISIBLE_CLASS
    // Dingbat circled digits ❶–❿, ➀–➉, ➊–➓ (NFKC leaves them): 1 to 9 are digits, 10 is not one.
    if (c >= 0x2776 && c <= 0x2793) {
      const value = ((c - 0x2776) % 10) + 1
      return value <= 9 ? (DIGITS[value] ?? OTHER) : OTHER
    }
    // Dingbat circled zeros 🄋 🄌.
    if (c === 0x1f10b || c === 0x1f10c) return DIGITS[0] ?? OTHER
  }
  return OTHER_PUNCTUATION.test(n) ? WEAK_CLASS : OTHER
}

/** ASCII characters (and so full-width forms, by offset) classified once. */
const ASCII_CLASSES: readonly CharClass[] = Array.from({ length: 0x80 }, (_, c) =>
  classifyCode(c, String.fromCharCode(c)),
)

/** What one character of the scanned string is, after NFKC, when no fast path answers. */
function classifySlow(ch: string): CharClass {
  const code = ch.codePointAt(0) ?? 0
  // Tag digits U+E0030–E0039 show nothing but carry digits (copied, searched, read by software): read as digits,
  // so a number hidden in them is masked like any other (docs/scrubbing.md).
  if (code >= 0xe0030 && code <= 0xe0039) return DIGITS[code - 0xe0030] ?? OTHER
  if (INVISIBLE.test(ch)) return INVISIBLE_CLASS
  const n = ch.normalize('NFKC')
  const c = n.codePointAt(0) ?? 0
  if (n.length === 1 || (n.length === 2 && c > 0xffff)) {
    return c < 0x80 ? (ASCII_CLASSES[c] ?? OTHER) : classifyCode(c, n)
  }
  const decorated = DECORATED_DIGIT.exec(n)
  if (decorated) return DIGITS[Number(decorated[1] ?? decorated[2])] ?? OTHER
  // NFKC made two or more characters of it. A compatibility form made of punctuation only (… is "...", ‥ is ".."),
  // or of spaces and punctuation: a weak separator.
  const parts = Array.from(n, (p) => classifySlow(p).kind)
  if (parts.every((k) => k === 'invisible')) return INVISIBLE_CLASS
  return parts.every((k) => k === 'separator' || k === 'weak' || k === 'list' || k === 'invisible')
    ? WEAK_CLASS
    : OTHER
}

/** Ideographic punctuation U+3000–U+303F (。「」《》〜, Hangzhou numerals, tone marks) classified once. */
const CJK_SYMBOL_CLASSES: readonly CharClass[] = Array.from(
  { length: 0x40 },
  (_, k) => HAN_CLASSES.get(0x3000 + k) ?? classifySlow(String.fromCharCode(0x3000 + k)),
)

/** What one character of the scanned string is, after NFKC. */
export function classify(ch: string): CharClass {
  const code = ch.charCodeAt(0)
  if (code < 0x80) return ASCII_CLASSES[code] ?? OTHER
  // Ideographs and CJK punctuation (the bulk of the text) are left as they are by NFKC: only numerals among the
  // ideographs matter, and the punctuation is classified once. The unified ideographs are U+3400–U+4DBF and
  // U+4E00–U+9FFF: the Yijing hexagram symbols U+4DC0–U+4DFF between them are symbols, read as any other.
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) {
    if (((HAN_BITS[code >>> 5] ?? 0) & (1 << (code & 31))) !== 0) return HAN_CLASSES.get(code) ?? OTHER
    return OTHER
  }
  if (code >= 0x3000 && code <= 0x303f) return CJK_SYMBOL_CLASSES[code - 0x3000] ?? OTHER
  // Full-width ASCII forms (，：（）０-９Ａ-Ｚ) are NFKC-mapped by a fixed offset.
  if (code >= 0xff01 && code <= 0xff5e) return ASCII_CLASSES[code - 0xfee0] ?? OTHER
  return classifySlow(ch)
}

/** The digit (or X) a character is read as, or null: what a reader of the masked text could still read. */
export function digitOf(ch: string): string | null {
  const c = classify(ch)
  return c.kind === 'digit' || c.kind === 'x' ? c.value : null
}

/**
 * The end of the combining marks and variation selectors right after `end` (a keycap's U+20E3 on the last digit),
 * read across invisible characters, which hide nothing: a mark after them still goes with the digit.
 */
export function afterMarks(text: string, end: number): number {
  let marksEnd = end
  for (let at = end; at < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(at) ?? 0)
    at += ch.length
    if (TRAILING_MARK.test(ch)) marksEnd = at
    else if (classify(ch).kind !== 'invisible') break
  }
  return marksEnd
}

/**
 * What each UTF-16 code unit is for mayHoldNumber (scan.ts): 1 classify may read it as a digit, 2 as a
 * separator, 3 ignored (invisible, a combining mark, the second half of a surrogate pair), 0 it ends a number.
 * Built from classify itself on first use over every code unit but the unified ideographs (U+3400–U+4DBF,
 * U+4E00–U+9FFF) and Hangul syllables (digits of every script, punctuation and symbols stand anywhere); a
 * surrogate pair counts as a digit (𝟏, 🈩, tag digits).
 */
let unitClasses: Uint8Array | null = null

const UNIT_CLASS: Readonly<Record<CharClass['kind'], number>> = {
  digit: 1,
  x: 1,
  separator: 2,
  weak: 2,
  list: 2,
  invisible: 3,
  letter: 0,
  other: 0,
}

export function unitClassTable(): Uint8Array {
  if (unitClasses) return unitClasses
  const table = new Uint8Array(0x10000)
  for (let code = 0; code < 0x10000; code += 1) {
    if (code === 0x3400) code = 0x4dc0
    if (code === 0x4e00) code = 0xa000
    if (code === 0xac00) code = 0xe000
    table[code] = UNIT_CLASS[classify(String.fromCharCode(code)).kind]
  }
  for (const code of HAN_CLASSES.keys()) table[code] = 1
  table.fill(1, 0xd800, 0xdc00)
  table.fill(3, 0xdc00, 0xe000)
  unitClasses = table
  return table
}
