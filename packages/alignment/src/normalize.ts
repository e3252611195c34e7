import { idCheckCharacter } from '@cunwu/domain'

/**
 * The `normalizeKey` family: how cells typed by village secretaries and exported by county systems are made
 * comparable. Every function is pure, total (never throws) and idempotent: `f(f(x)) === f(x)` where the
 * output is a string.
 */

// Zero-width and formatting characters that Excel, WeChat and web forms leave in names (ZWSP, ZWNJ, ZWJ,
// LRM/RLM, bidi embeddings, word joiner, BOM, soft hyphen) and C0/C1 controls other than whitespace.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- stray control characters are exactly what this removes
  /[\uFE00-\uFE0F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g
// eslint-disable-next-line no-control-regex -- as above, for the ASCII fast path
const ASCII_CONTROL = /[\u0000-\u001F\u007F]/
const WHITESPACE = /[\s\u3000]+/g
const NON_ASCII = /[^\u0020-\u007E]/
const PLAIN_IDEOGRAPHS = /^[\u4E00-\u9FFF]+$/
const ALREADY_NORMAL = /^[\u4E00-\u9FFF\u0021-\u007E]*$/

/** Whether a value is treated as an empty cell: null, undefined, or a string that normalises to ''. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return normalizeText(value) === ''
  return false
}

/**
 * Display form of a text cell: NFKC (full-width letters, digits and punctuation become half-width, the
 * ideographic space a space), invisible characters removed, runs of whitespace collapsed to one space, trimmed.
 */
export function normalizeText(value: string): string {
  // Fast path: CJK unified ideographs and printable ASCII without spaces are already in normal form.
  if (ALREADY_NORMAL.test(value)) return value
  let text = value
  if (NON_ASCII.test(text)) text = text.normalize('NFKC').replace(INVISIBLE, '')
  else if (ASCII_CONTROL.test(text)) text = text.replace(INVISIBLE, '')
  return text.replace(WHITESPACE, ' ').trim()
}

/**
 * Comparison form of a text cell: `normalizeText`, then every space removed (spaces carry no meaning in Chinese
 * text and are the commonest noise) and ASCII letters upper-cased.
 */
export function normalizeTextKey(value: string): string {
  if (ALREADY_NORMAL.test(value)) return /[a-z]/.test(value) ? value.toUpperCase() : value
  return normalizeText(value).replace(/ /g, '').toUpperCase()
}

// 〇 (U+3007) is the form of zero used in names; ○ (U+25CB), ◯ (U+25EF), ⭕ and 零 are the variants people type.
const ZERO_VARIANTS = /[○◯⚪⭕零]/g
// Middle dots of minority and foreign names (阿卜杜拉·买买提): all become U+00B7.
const DOT_VARIANTS = /[•・‧∙⋅ᐧ．.]/g
// Trailing annotations: bracketed remarks (（户主）, (已故), 【代领】, [重名]) and marker characters (*, ※, #, ★).
const TRAILING_BRACKET =
  /(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>|《[^《》]*》|「[^「」]*」)$/
const TRAILING_MARKS = /[*※#★☆△▲✓√✔·\-_~,;:!?]+$/

/**
 * Matching form of a person's name: `normalizeTextKey`, then 〇/○/◯/零 unified to 〇, middle-dot variants unified
 * to ·, and trailing annotations removed (bracketed remarks such as （户主）, markers such as * or ※).
 * A name that is nothing but an annotation keeps its text, so it never becomes empty by normalisation alone.
 */
export function normalizeName(value: string): string {
  // Fast path: plain ideographs (the common case) have nothing to unify or strip.
  if (PLAIN_IDEOGRAPHS.test(value) && !value.includes('零')) return value
  const base = normalizeTextKey(value).replace(ZERO_VARIANTS, '〇').replace(DOT_VARIANTS, '·')
  let name = base
  for (;;) {
    const next = name.replace(TRAILING_MARKS, '').replace(TRAILING_BRACKET, '')
    if (next === name) break
    name = next
  }
  name = name.replace(/^·+/, '')
  return name === '' ? base : name
}

// A group written before the household serial: 三组-003, 3组003号, 第三村民小组/003, 二队12.
const GROUP_PREFIX = /^.*(?:组|队|社|屯|片)[-_/·:]*/
const LABEL_PREFIX = /^(?:户号|户编号|编号|NO\.?|NO|#)[:：.]*/
const TRAILING_SUFFIX = /(?:号|户)+$/
// Ideographs or digits, a group character, plain separators, digits: only the final digits remain of it.
const GROUPED_SERIAL = /^[\u4E00-\u9FFF\d]*[组队社屯片][-_/:]*\d+$/

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** Whether `value` is one or more ASCII digits. */
function isDigits(value: string): boolean {
  if (value.length === 0) return false
  for (let i = 0; i < value.length; i += 1) if (!isDigit(value.charCodeAt(i))) return false
  return true
}

/** Where the run of digits that ends `value` starts. */
function trailingDigitsStart(value: string): number {
  let start = value.length
  while (start > 0 && isDigit(value.charCodeAt(start - 1))) start -= 1
  return start
}

/** A run of digits without its leading zeros, one digit kept: "003" → "3", "000" → "0". */
function withoutLeadingZeros(digits: string): string {
  let zeros = 0
  while (zeros < digits.length - 1 && digits.charCodeAt(zeros) === 48) zeros += 1
  return zeros === 0 ? digits : digits.slice(zeros)
}

/**
 * Matching form of a 户号 (household number): NFKC, spaces removed, upper-cased; a leading label (户号:, No.),
 * a leading group (三组-, 3组, 第二村民小组) and a trailing 号/户 removed; separators unified to `-`; leading zeros
 * of every digit run removed. So "003", "3", "三组-003", "3组003号" and "户号：００３" all become "3", while
 * "003-01" becomes "3-1". The group is dropped because it is a column of its own and household numbers are
 * only ever matched together with the name.
 */
export function normalizeHouseholdNo(value: string): string {
  if (isDigits(value)) return withoutLeadingZeros(value)
  // Fast path for the commonest grouped form (三组-003, 3组003): the same result as the steps below.
  if (GROUPED_SERIAL.test(value)) return withoutLeadingZeros(value.slice(trailingDigitsStart(value)))
  let text = normalizeTextKey(value)
  text = text.replace(LABEL_PREFIX, '')
  const withoutGroup = text.replace(GROUP_PREFIX, '')
  if (/\d/.test(withoutGroup)) text = withoutGroup
  text = text
    .replace(TRAILING_SUFFIX, '')
    .replace(/[_/·.—–]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return text.replace(/\d+/g, (run) => run.replace(/^0+(?=\d)/, ''))
}

/** A normalised 居民身份证号, full or partial. */
export type IdKey =
  | {
      /** All 18 characters are known (15-digit first-generation numbers are upgraded to 18). */
      kind: 'full'
      value: string
    }
  | {
      /** Masked (110***********002X) or only a tail (002X, 10002X): the known head and tail. */
      kind: 'partial'
      /** Known leading characters; '' when only a tail was given. */
      prefix: string
      /** Known trailing characters. */
      suffix: string
      /** Total length when it is known (a masked number shows it), else null. */
      length: number | null
    }
  | {
      /** Anything else (typos, other documents): compared as text only, never used to match. */
      kind: 'other'
      value: string
    }

const FULL_ID = /^\d{17}[\dXx]$/
const MASK_CHARS = /[*＊×●•○#?？]/g

/**
 * Where the known tail starts when `value` is in the common masked form (110***********002X: up to 6 digits, 4 or
 * more stars, then up to 3 digits and a digit or X; exactly /^(\d{0,6})\*{4,}(\d{0,3}[\dXx])$/), else -1.
 * Checked character by character, without a regular-expression match.
 */
function maskedTailStart(value: string): number {
  let head = 0
  while (head < value.length && isDigit(value.charCodeAt(head))) head += 1
  if (head > 6) return -1
  let tail = head
  while (tail < value.length && value.charCodeAt(tail) === 42) tail += 1
  const known = value.length - tail
  if (tail - head < 4 || known < 1 || known > 4) return -1
  for (let i = tail; i < value.length - 1; i += 1) if (!isDigit(value.charCodeAt(i))) return -1
  const last = value.charCodeAt(value.length - 1)
  return isDigit(last) || last === 88 || last === 120 ? tail : -1
}

/** Whether `value` is a full ID exactly as `normalizeIdNumber` writes it: 17 digits and a digit or X. */
function isNormalFullId(value: string): boolean {
  if (value.length !== 18) return false
  for (let i = 0; i < 17; i += 1) if (!isDigit(value.charCodeAt(i))) return false
  const last = value.charCodeAt(17)
  return isDigit(last) || last === 88
}

/**
 * The full ID `normalizeIdNumber(value)` gives, or null when it gives anything else. The forms most cells take (a
 * full ID as typed, the common masked form) are answered without building a key.
 */
export function fullIdNumber(value: string): string | null {
  if (isNormalFullId(value)) return value
  if (maskedTailStart(value) >= 0) return null
  const key = normalizeIdNumber(value)
  return key?.kind === 'full' ? key.value : null
}

/** The common masked form as a partial key, or null when `value` is not in that form. */
function quickMasked(value: string): IdKey | null {
  const tail = maskedTailStart(value)
  if (tail < 0) return null
  return {
    kind: 'partial',
    prefix: value.slice(0, value.indexOf('*')),
    suffix: value.slice(tail).toUpperCase(),
    length: value.length === 18 ? 18 : null,
  }
}

function upperX(code: number): number {
  return code === 120 ? 88 : code
}

/**
 * `idCompatible(normalizeIdNumber(full), normalizeIdNumber(masked))` without building keys, for the commonest
 * pair of cells: a full ID as typed (17 digits and a digit or X) and the common masked form. Null when the cells
 * are not of these forms.
 */
export function fullFitsMaskedCell(full: string, masked: string): boolean | null {
  if (!FULL_ID.test(full)) return null
  const tail = maskedTailStart(masked)
  if (tail < 0) return null
  const head = masked.indexOf('*')
  for (let i = 0; i < head; i += 1) if (full.charCodeAt(i) !== masked.charCodeAt(i)) return false
  const offset = full.length - masked.length
  for (let i = tail; i < masked.length; i += 1) {
    if (upperX(full.charCodeAt(offset + i)) !== upperX(masked.charCodeAt(i))) return false
  }
  return true
}

/**
 * Parses an ID number cell: full-width digits, spaces, hyphens and invisible characters are ignored, `x` is
 * upper-cased, `*` (and ×, ●, #, ?) or an X anywhere but the last position mark masked digits, a 15-digit
 * first-generation number is upgraded to 18 digits (19 + GB 11643 check character), 3–8 digits alone are a
 * tail. Returns null for an empty cell.
 */
export function normalizeIdNumber(value: string): IdKey | null {
  if (FULL_ID.test(value)) return { kind: 'full', value: value.toUpperCase() }
  const quick = quickMasked(value)
  if (quick) return quick
  let text = normalizeTextKey(value).replace(/[-—–_.·]/g, '')
  if (text === '') return null
  text = text.replace(MASK_CHARS, '*')
  // An X before the last position cannot be a check character, so it is a mask.
  if (text.length > 1) text = text.slice(0, -1).replace(/X/g, '*') + text.slice(-1)
  if (/^\d{17}[\dX]$/.test(text)) return { kind: 'full', value: text }
  if (/^\d{15}$/.test(text)) {
    const first17 = `${text.slice(0, 6)}19${text.slice(6)}`
    return { kind: 'full', value: `${first17}${idCheckCharacter(first17) ?? ''}` }
  }
  const masked = /^(\d*)(\*+[\d*]*?)?([\dX]*)$/.exec(text)
  if (masked && text.includes('*')) {
    const prefix = masked[1] ?? ''
    const suffix = masked[3] ?? ''
    if (prefix.length + suffix.length >= 3 && !/\*\d+\*/.test(text)) {
      return { kind: 'partial', prefix, suffix, length: text.length === 18 ? 18 : null }
    }
  }
  if (/^\d{2,7}[\dX]$/.test(text)) return { kind: 'partial', prefix: '', suffix: text, length: null }
  return { kind: 'other', value: text }
}

/** The last `n` known characters of an ID key (for the name + ID tail strategy), or null when fewer are known. */
export function idTail(key: IdKey, n = 4): string | null {
  if (key.kind === 'other') return null
  const known = key.kind === 'full' ? key.value : key.suffix
  return known.length >= n ? known.slice(-n) : null
}

/**
 * Whether two ID keys can denote the same number: equal when both are full; otherwise the known heads and tails
 * agree (one is a prefix/suffix of the other) and known lengths are equal. `other` keys are compatible only
 * with an equal `other` key.
 */
export function idCompatible(a: IdKey, b: IdKey): boolean {
  if (a.kind === 'other') return b.kind === 'other' && a.value === b.value
  if (b.kind === 'other') return false
  if (a.kind === 'full' && b.kind === 'full') return a.value === b.value
  if (a.kind === 'full' && b.kind === 'partial') return fullFitsPartial(a.value, b)
  if (a.kind === 'partial' && b.kind === 'full') return fullFitsPartial(b.value, a)
  if (a.kind !== 'partial' || b.kind !== 'partial') return false
  if (a.length !== null && b.length !== null && a.length !== b.length) return false
  return prefixesAgree(a.prefix, b.prefix) && suffixesAgree(a.suffix, b.suffix)
}

function fullFitsPartial(
  full: string,
  partial: { prefix: string; suffix: string; length: number | null },
): boolean {
  if (partial.length !== null && partial.length !== full.length) return false
  return full.startsWith(partial.prefix) && full.endsWith(partial.suffix)
}

function prefixesAgree(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b)
}

function suffixesAgree(a: string, b: string): boolean {
  return a.length <= b.length ? b.endsWith(a) : a.endsWith(b)
}

/** Canonical string of an ID key (for content comparison and sorting): full digits, or head*tail/length. */
export function idKeyString(key: IdKey): string {
  if (key.kind === 'full') return key.value
  if (key.kind === 'other') return `?${key.value}`
  return `${key.prefix}*${key.suffix}/${key.length ?? ''}`
}

/**
 * Matching form of a phone number or bank account: the digits only (a leading +86/86 of a 13-digit phone number
 * dropped) with masked positions kept as `*`, so masked and full numbers can be checked for compatibility.
 */
export function normalizeDigits(value: string, kind: 'phone' | 'bank_account'): string {
  let text = normalizeTextKey(value)
    .replace(MASK_CHARS, '*')
    .replace(/[^\d*]/g, '')
  if (kind === 'phone' && text.length === 13 && text.startsWith('86')) text = text.slice(2)
  return text
}

/** Whether two digit strings with `*` masks can denote the same number (same length, known digits agree). */
export function maskedDigitsCompatible(a: string, b: string): boolean {
  if (a === b) return true
  if (!a.includes('*') && !b.includes('*')) return false
  if (a.length !== b.length) {
    // A mask of unknown width (138****5678 vs 138*5678) still fixes the head and tail.
    const [ah, at] = headTail(a)
    const [bh, bt] = headTail(b)
    return prefixesAgree(ah, bh) && suffixesAgree(at, bt)
  }
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]
    const y = b[i]
    if (x !== '*' && y !== '*' && x !== y) return false
  }
  return true
}

function headTail(value: string): [string, string] {
  const first = value.indexOf('*')
  if (first < 0) return [value, value]
  return [value.slice(0, first), value.slice(value.lastIndexOf('*') + 1)]
}

/**
 * The `normalizeKey` family in one object, for callers that build their own indexes (e.g. the BFF's
 * 与我相关 lookup) and must normalise exactly as the comparison does.
 */
export const normalizeKey = {
  text: normalizeTextKey,
  name: normalizeName,
  householdNo: normalizeHouseholdNo,
  idNumber: normalizeIdNumber,
  idTail,
  phone: (value: string): string => normalizeDigits(value, 'phone'),
  bankAccount: (value: string): string => normalizeDigits(value, 'bank_account'),
} as const
