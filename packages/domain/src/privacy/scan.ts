import { INVISIBLE_CHARACTERS } from '../text/invisible'
import { redactHouseNumbers } from './address'
import { birthDateFromIdNumber, isMainlandMobile, isValidChineseId, passesLuhn } from './id-number'
import { maskBankAccount, maskIdNumber, maskPhone } from './mask'

/** Kind of a personal number found in free text. */
export type SensitiveNumberKind = 'id_number' | 'phone' | 'bank_account'

/** One personal number found in a string. */
export interface SensitiveNumberMatch {
  /** What the number is. */
  kind: SensitiveNumberKind
  /** The matched text, separators included. */
  text: string
  /** The number without separators or +86 prefix. */
  digits: string
  /** Offset of the match in the scanned string (UTF-16 code units). */
  index: number
}

/**
 * Characters that may stand between the digits of one number as people type it: spaces of every width (NFKC
 * turns the ideographic and full-width forms into a space), hyphens and dashes, and invisible characters that
 * forms and WeChat leave behind. Up to MAX_SEPARATORS of them may follow each other ("139 - 0431 - 1000").
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
 * one of them must also look written in groups (weakRunFits) and not be followed by a unit (docs/scrubbing.md).
 */
const WEAK_SEPARATOR = /^[.()\u00B7\u2022\u2027\u30FB\u119E\u318D\u3010\u3011\u3014\u3015[\]]$/u
/**
 * The punctuation of lists (",", "，" after NFKC, "、", "/"), also typed inside numbers ("139，1234，5010",
 * "110/1011/99003074514"): a number read across it must in addition be the whole list ("150、2000、3000元" is
 * three amounts, "326，955，561，937，1993" five counts).
 */
const LIST_SEPARATOR = /^[,/\u3001]$/u
/** Characters after a run of numbers that make it quantities (amounts, counts, areas, dates), not one number. */
const UNITS = new Set(Array.from('元角万亿人个次亩米斤吨年月日天岁%份套间台辆件张条本名位项株棵头只千百十'))
const MAX_SEPARATORS = 3
/** The longest number looked for: a 19-digit card, or a mobile number after 86 (13 digits). */
const MAX_DIGITS = 19
/** The shortest: a mobile number. */
const MIN_DIGITS = 11

/**
 * Chinese numerals read as digits, as people write numbers out (一三九…, 幺 for 1 and 两 for 2 when a number is
 * read aloud, 〇 and 零 for 0) and the financial forms (壹贰叁…). Units (十百千万) are not digits, so ordinary
 * Chinese numbers (一百二十, 三万) never join into a number.
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

/** How a digit group is joined to the one before it in its chain. */
type Join = 'none' | 'strong' | 'weak' | 'list'

/** A run of digits (its last character may be an X) in the scanned string. */
interface DigitGroup {
  /** Offset of its first character in the scanned string. */
  start: number
  /** Offset just after its last character. */
  end: number
  /** Its digits after NFKC (full-width ０-９ become 0-9, Chinese numerals their digit), with a final X upper-cased. */
  digits: string
  /** Whether it is written in Chinese numerals (a change of script starts a new group, joined by 'none'). */
  han: boolean
  /**
   * How it follows the previous group of its chain: directly (a change between Chinese numerals and digits),
   * across spaces/dashes only ('strong'), across punctuation ('weak'), or across a list's comma or 、 ('list').
   */
  join: Join
  /**
   * Whether it is part of a longer token where letters and digits alternate (an ObjectId, a hash, a file code):
   * then it is never part of a number, which keeps hex ids from raising false alarms. Letters on one side only
   * ("Tel13988776655", "ID110101199003074514x") do not hide a number.
   */
  touchesLetter: boolean
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
 * Any other punctuation or symbol (_ * ~ : ; | # + = & @ ' " … → 。《》“” and the braille blank U+2800): typed
 * between the groups of a number as often as a dot is, it is read as a weak separator under the same rules.
 */
const OTHER_PUNCTUATION = /^[\p{P}\p{S}\u2800]$/u
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
  if (SEPARATOR.test(n)) return SEPARATOR_CLASS
  // A compatibility form made of punctuation only (… is "...", ‥ is ".."): a weak separator.
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
function classify(ch: string): CharClass {
  const code = ch.charCodeAt(0)
  if (code < 0x80) return ASCII_CLASSES[code] ?? OTHER
  // Ideographs and CJK punctuation (the bulk of the text) are left as they are by NFKC: only numerals among the
  // ideographs matter, and the punctuation is classified once.
  if (code >= 0x3400 && code <= 0x9fff) {
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

const JOIN_RANK: Readonly<Record<Join, number>> = { none: 0, strong: 1, weak: 2, list: 3 }

/** The join a run of separators makes: the most telling of them (a list's comma over a dot over a space). */
function strongerJoin(a: Join, b: Join): Join {
  return JOIN_RANK[a] >= JOIN_RANK[b] ? a : b
}

/** Digits per group of a chain's groups i..j as separators delimit them (numerals meeting digits are one group). */
function runSegments(chain: readonly DigitGroup[], i: number, j: number): number[] {
  const segments: number[] = []
  for (let k = i; k <= j; k += 1) {
    const length = chain[k]?.digits.length ?? 0
    if (k === i || chain[k]?.join !== 'none') segments.push(length)
    else segments[segments.length - 1] = (segments[segments.length - 1] ?? 0) + length
  }
  return segments
}

/** Whether groups from..to-1 of a chain each follow the previous one directly (numerals meeting digits). */
function joinedDirectly(chain: readonly DigitGroup[], from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) if (chain[k]?.join !== 'none') return false
  return true
}

/**
 * Whether a unit follows the chain ending at `end` (after any spaces, or a closing quote or bracket: "“3000”元"):
 * then its numbers are quantities.
 */
function unitFollows(text: string, end: number): boolean {
  for (const ch of text.slice(end, end + MAX_SEPARATORS + 1)) {
    const kind = classify(ch).kind
    if (kind !== 'separator' && kind !== 'invisible' && kind !== 'weak') return UNITS.has(ch)
  }
  return false
}

/**
 * Splits a string into chains of digit groups: digits separated by at most MAX_SEPARATORS separator characters
 * (spaces and dashes, or punctuation), and a new group wherever Chinese numerals and digits meet ("张三13812345678"
 * reads 3 | 13812345678, so a number may start at either).
 */
function digitChains(text: string): DigitGroup[][] {
  const chains: DigitGroup[][] = []
  let chain: DigitGroup[] = []
  // The group being read (kept in an object: closeChain resets it, which flow analysis would not see).
  const open: { group: DigitGroup | null } = { group: null }
  let separators = 0
  let join: Join = 'none'
  let afterLetter = false
  // The last digit group of the current letters-and-digits token when letters followed it: digits after those
  // letters make the token an identifier (digit, letter, digit).
  let groupBeforeLetters: DigitGroup | null = null
  const closeChain = (): void => {
    if (open.group) chain.push(open.group)
    if (chain.length > 0) chains.push(chain)
    chain = []
    open.group = null
    separators = 0
    join = 'none'
  }
  let index = 0
  for (const ch of text) {
    const c = classify(ch)
    const end = index + ch.length
    if (c.kind === 'invisible') {
      index = end
      continue
    }
    const current = open.group
    // An X that neither ends digits nor follows them after a space ("…1670 X") is a letter.
    const letter = c.kind === 'letter' || (c.kind === 'x' && current === null && chain.length === 0)
    if (letter) {
      if (current !== null) groupBeforeLetters = current
      else if (!afterLetter) groupBeforeLetters = null
      closeChain()
    } else if (c.kind === 'digit' || c.kind === 'x') {
      const han = c.kind === 'digit' && c.han
      // Digits right after an X: the X was a letter inside a longer token, and so were the digits before it.
      const afterX = current !== null && current.digits === 'X'
      if (afterX) {
        current.touchesLetter = true
        const before = chain[chain.length - 1]
        if (current.join === 'none' && before) before.touchesLetter = true
        closeChain()
      }
      if (current === null || afterX) {
        // Digits after letters that followed digits: an identifier such as an ObjectId.
        const identifier = afterX || (afterLetter && groupBeforeLetters !== null)
        if (identifier && groupBeforeLetters !== null && afterLetter) groupBeforeLetters.touchesLetter = true
        open.group = {
          start: index,
          end,
          digits: c.value,
          han,
          join: chain.length > 0 ? join : 'none',
          touchesLetter: identifier,
        }
        join = 'none'
      } else if (c.kind === 'x' || current.han !== han) {
        // A new group where numerals and digits meet, and for an X: a number may end just before it
        // ("ID110101199003074514x") or with it (an ID's check character).
        chain.push(current)
        open.group = {
          start: index,
          end,
          digits: c.value,
          han,
          join: 'none',
          touchesLetter: current.touchesLetter,
        }
      } else {
        current.digits += c.value
        current.end = end
      }
    } else if (c.kind === 'separator' || c.kind === 'weak' || c.kind === 'list') {
      if (current !== null) chain.push(current)
      open.group = null
      separators = chain.length > 0 ? separators + 1 : 0
      if (chain.length > 0) join = strongerJoin(join, c.kind === 'separator' ? 'strong' : c.kind)
      if (separators > MAX_SEPARATORS) closeChain()
    } else {
      closeChain()
    }
    if (c.kind !== 'separator' && c.kind !== 'weak' && c.kind !== 'list') separators = 0
    if (!letter && c.kind !== 'digit' && c.kind !== 'x') groupBeforeLetters = null
    afterLetter = letter
    index = end
  }
  closeChain()
  return chains
}

/**
 * Words that say the number after them is an account (存折账号, 银行卡号, 账户): any such number of ACCOUNT_MIN_DIGITS
 * or more is masked as one, Luhn or not, since passbook (存折) and 一卡通 accounts carry no check digit.
 */
const ACCOUNT_LABEL = /(?:账号|帐号|卡号|存折|折号|账户|帐户|银行卡|社保卡|一卡通)[^0-9\p{Script=Han}]{0,4}$/u
const ACCOUNT_MIN_DIGITS = 12
/** How far before a number its label is looked for. */
const ACCOUNT_LABEL_WINDOW = 12

/** Whether the text just before `start` labels what follows as an account number. */
function labelledAccount(text: string, start: number): boolean {
  return ACCOUNT_LABEL.test(text.slice(Math.max(0, start - ACCOUNT_LABEL_WINDOW), start))
}

/**
 * Whether a run of groups read across punctuation looks like one number written in groups rather than a list,
 * an amount or a date: at most 5 groups of at least 3 digits (the last may be shorter after 4-4-4-4, or in an
 * 18-character ID), not all of exactly 3 digits (thousands, lists of counts), and a card starting as issued cards
 * do (3, 4, 5, 6 or 9: UnionPay 62, Visa, Mastercard, JCB, old 95… cards), which leaves out years and amounts
 * starting 1, 2, 7 or 8.
 */
function weakRunFits(run: readonly number[], kind: SensitiveNumberKind, digits: string): boolean {
  // A mobile's 86 prefix is a group of its own ("86-139.8877.6655").
  const segments = kind === 'phone' && digits.length === 13 && run[0] === 2 ? run.slice(1) : run
  if (segments.length > 5) return false
  const last = segments.length - 1
  const shortLast =
    (kind === 'id_number' && digits.length === 18) ||
    (last === 4 && segments.slice(0, 4).every((n) => n === 4))
  for (let k = 0; k < segments.length; k += 1) {
    if ((segments[k] ?? 0) < 3 && !(k === last && shortLast)) return false
  }
  if (segments.every((n) => n === 3)) return false
  return kind !== 'bank_account' || '34569'.includes(digits.charAt(0))
}

/** Whether 15 digits form a first-generation 居民身份证号 (GB 11643-1989: address, 19YYMMDD birth date, order). */
function isOldChineseId(digits: string): boolean {
  if (!/^[1-9]\d{14}$/.test(digits)) return false
  return birthDateFromIdNumber(`${digits.slice(0, 6)}19${digits.slice(6)}0`) !== null
}

/** The kind of personal number `digits` is (X only as an ID's last character), or null. */
function kindOf(digits: string): SensitiveNumberKind | null {
  if (digits.length === 18 && isValidChineseId(digits)) return 'id_number'
  if (digits.length === 15 && isOldChineseId(digits)) return 'id_number'
  // One wrong digit (a typing slip) leaves it a person's ID all the same: 18 characters whose 7th–14th are a birth
  // date, whatever the check character says.
  if (digits.length === 18 && /^[1-9]/.test(digits) && birthDateFromIdNumber(digits) !== null)
    return 'id_number'
  if (digits.includes('X')) return null
  if (isMainlandMobile(digits)) return 'phone'
  if (digits.length === 13 && digits.startsWith('86') && isMainlandMobile(digits.slice(2))) return 'phone'
  if (digits.length >= 16 && digits.length <= 19 && passesLuhn(digits)) return 'bank_account'
  return null
}

/**
 * What each UTF-16 code unit is for mayHoldNumber: 1 classify may read it as a digit, 2 as a separator, 3 ignored
 * (invisible, a combining mark, the second half of a surrogate pair), 0 it ends a number. Built from classify
 * itself on first use over every code unit but the unified ideographs and Hangul syllables (digits of every
 * script, punctuation and symbols stand anywhere); a surrogate pair counts as a digit (𝟏, 🈩, tag digits).
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

function unitClassTable(): Uint8Array {
  if (unitClasses) return unitClasses
  const table = new Uint8Array(0x10000)
  for (let code = 0; code < 0x10000; code += 1) {
    if (code === 0x3400) code = 0xa000
    if (code === 0xac00) code = 0xe000
    table[code] = UNIT_CLASS[classify(String.fromCharCode(code)).kind]
  }
  for (const code of HAN_CLASSES.keys()) table[code] = 1
  table.fill(1, 0xd800, 0xdc00)
  table.fill(3, 0xdc00, 0xe000)
  unitClasses = table
  return table
}

/**
 * Whether the text has MIN_DIGITS characters read as digits with at most MAX_SEPARATORS separators between each two:
 * what every personal number needs. Most text (dates, amounts, 一百二十元) is answered by this one pass.
 */
function mayHoldNumber(text: string): boolean {
  const table = unitClassTable()
  let digits = 0
  let separators = 0
  for (let i = 0; i < text.length; i += 1) {
    const unit = table[text.charCodeAt(i)]
    // Most text is ideographs and punctuation with no digit before them: nothing to count.
    if (digits === 0 && unit !== 1) continue
    if (unit === 1) {
      digits += 1
      if (digits >= MIN_DIGITS) return true
      separators = 0
    } else if (unit === 2) {
      separators += 1
      if (separators > MAX_SEPARATORS) digits = 0
    } else if (unit === 0) {
      digits = 0
      separators = 0
    }
  }
  return false
}

/** The end of the combining marks and variation selectors right after `end` (a keycap's U+20E3 on the last digit). */
function afterMarks(text: string, end: number): number {
  let at = end
  while (at < text.length && TRAILING_MARK.test(text.charAt(at))) at += 1
  return at
}

/**
 * The longest run of groups of a chain, after `floor` and up to a group touching letters, that overlaps groups
 * i..found.j (a number found) and holds more digits than it, and that is by its digits alone an ID (or a card
 * around a labelled account, or starting as issued cards do): the grouping and unit rules, which keep amounts and lists readable, no longer matter
 * once a number is masked there. Null if there is none.
 */
function widerRun(
  chain: readonly DigitGroup[],
  floor: number,
  i: number,
  found: { j: number; kind: SensitiveNumberKind; digits: string },
): { from: number; to: number; kind: SensitiveNumberKind; digits: string } | null {
  let wider: { from: number; to: number; kind: SensitiveNumberKind; digits: string } | null = null
  for (let a = found.j; a >= floor && !chain[a]?.touchesLetter; a -= 1) {
    let digits = ''
    for (let b = a; b < chain.length && !chain[b]?.touchesLetter; b += 1) {
      digits += chain[b]?.digits ?? ''
      if (digits.length > MAX_DIGITS) break
      if (b < i || digits.length <= Math.max(found.digits.length, wider?.digits.length ?? 0)) continue
      const kind = kindOf(digits)
      // An ID (birth date, check character) is rarely made by chance; a Luhn pass is one time in ten, so a card is
      // taken only around an account found by its label or when it starts as issued cards do (never a mobile's 1).
      if (
        kind === 'id_number' ||
        (kind === 'bank_account' && (found.kind === 'bank_account' || '34569'.includes(digits.charAt(0))))
      )
        wider = { from: a, to: b, kind, digits }
    }
  }
  return wider
}

/**
 * Finds full personal numbers anywhere in a string (the formats and their sources: docs/scrubbing.md), however they
 * are typed: full-width digits, Chinese numerals (一三九…, mixed with digits), spaces, hyphens, punctuation
 * (139.8877.6655, 6222(0212)…) and invisible characters between digits, any grouping (6-8-4, 3-4-4, 4-4-4-4-2 …),
 * a +86 prefix, letters on one side (Tel13988776655). Looked for: 18-digit 身份证号 with a valid GB 11643 checksum
 * and birth date, 15-digit first-generation IDs with a valid birth date, mainland mobile numbers, and 16-19 digit
 * bank card numbers that pass Luhn. Used to scrub every public string and to prove that no public response leaks
 * one.
 */
export function findSensitiveNumbers(text: string): SensitiveNumberMatch[] {
  const found: SensitiveNumberMatch[] = []
  if (!mayHoldNumber(text)) return found
  for (const chain of digitChains(text)) {
    let i = 0
    // Where the chain starts for a list's rule: after the last number found in it ("…6655，139，1234，5010").
    let listStart = 0
    while (i < chain.length) {
      // The longest run of whole groups from group i that is a personal number.
      let best: { j: number; kind: SensitiveNumberKind; digits: string } | null = null
      let digits = ''
      // Whether punctuation, and a list's, is among the separators of the run.
      let weak = false
      let list = false
      for (let j = i; j < chain.length; j += 1) {
        const group = chain[j]
        if (!group || group.touchesLetter) break
        digits += group.digits
        if (digits.length > MAX_DIGITS) break
        if (j > i && group.join === 'weak') weak = true
        if (j > i && group.join === 'list') list = true
        if (digits.length < MIN_DIGITS) continue
        const kind =
          kindOf(digits) ??
          (!weak &&
          !list &&
          digits.length >= ACCOUNT_MIN_DIGITS &&
          labelledAccount(text, chain[i]?.start ?? 0)
            ? 'bank_account'
            : null)
        if (!kind) continue
        if (weak || list) {
          // A list's punctuation is read only across the whole chain: a run from its first group (or a numeral
          // touching it, or the group after a number found) to its last.
          const toChainEnd = joinedDirectly(chain, j + 1, chain.length)
          if (!weakRunFits(runSegments(chain, i, j), kind, digits)) continue
          if (list && !(toChainEnd && joinedDirectly(chain, listStart + 1, i + 1))) continue
          if (toChainEnd && unitFollows(text, chain[chain.length - 1]?.end ?? group.end)) continue
        }
        best = { j, kind, digits }
      }
      if (!best) {
        i += 1
        continue
      }
      // A number found inside a longer run that is itself an ID (or a card around a labelled account), which the
      // grouping or unit rules turned down ("130.10219900.3074514元", "86 1 3010219900 3074514"): the whole run is
      // masked, never the rest of it left readable beside a masked part.
      let from = i
      const wider = widerRun(chain, listStart, i, best)
      if (wider) {
        from = wider.from
        best = { j: wider.to, kind: wider.kind, digits: wider.digits }
      }
      const first = chain[from]
      const last = chain[best.j]
      if (first && last) {
        const digitsOnly =
          best.kind === 'phone' && best.digits.length === 13 ? best.digits.slice(2) : best.digits
        found.push({
          kind: best.kind,
          text: text.slice(first.start, afterMarks(text, last.end)),
          digits: digitsOnly,
          index: first.start,
        })
      }
      i = best.j + 1
      listStart = i
    }
  }
  return found
}

const MASKERS: Readonly<Record<SensitiveNumberKind, (value: string) => string>> = {
  id_number: maskIdNumber,
  phone: maskPhone,
  bank_account: maskBankAccount,
}

/**
 * Replaces every personal number found by findSensitiveNumbers with its masked form, repeating until none is
 * left (a masked tail such as `5678` could otherwise join the next digits into a new card-shaped number), then
 * the house numbers of residence addresses (redactHouseNumbers).
 */
export function redactSensitiveNumbers(text: string): string {
  let current = redactHouseNumbers(text)
  // Every pass replaces digits with stars, so the loop ends after at most as many passes as there are digits.
  for (;;) {
    const matches = findSensitiveNumbers(current)
    if (matches.length === 0) return current
    let out = ''
    let cursor = 0
    for (const m of matches) {
      out += current.slice(cursor, m.index) + MASKERS[m.kind](m.digits)
      cursor = m.index + m.text.length
    }
    current = out + current.slice(cursor)
  }
}
