/**
 * How names and 户号 typed by village secretaries, kept on the village roster and exported by county systems are
 * made comparable: the one home of these rules, used by the alignment comparison (`@cunwu/alignment` re-exports
 * them in its `normalizeKey` family) and by household matching (与我相关, roster checks). Every function is pure,
 * total (never throws) and idempotent: `f(f(x)) === f(x)`.
 */

import { INVISIBLE_CHARACTERS } from '../text/invisible'
import { chineseNumeralValue } from '../text/chinese-numerals'

// eslint-disable-next-line no-control-regex -- control characters, for the ASCII fast path
const ASCII_CONTROL = /[\u0000-\u001F\u007F]/
const WHITESPACE = /[\s\u3000]+/g
const NON_ASCII = /[^\u0020-\u007E]/
const PLAIN_IDEOGRAPHS = /^[\u4E00-\u9FFF]+$/
const ALREADY_NORMAL = /^[\u4E00-\u9FFF\u0021-\u007E]*$/

/**
 * Display form of a text cell: NFKC (full-width letters, digits and punctuation become half-width, the
 * ideographic space a space), invisible characters removed, runs of whitespace collapsed to one space, trimmed.
 */
export function normalizeText(value: string): string {
  // Fast path: CJK unified ideographs and printable ASCII without spaces are already in normal form.
  if (ALREADY_NORMAL.test(value)) return value
  let text = value
  if (NON_ASCII.test(text)) text = text.normalize('NFKC').replace(INVISIBLE_CHARACTERS, '')
  else if (ASCII_CONTROL.test(text)) text = text.replace(INVISIBLE_CHARACTERS, '')
  return text.replace(WHITESPACE, ' ').trim()
}

/**
 * Comparison form of a text cell: `normalizeText`, then every space removed (spaces carry no meaning in Chinese
 * text and are the commonest noise) and ASCII letters upper-cased.
 */
export function normalizeTextKey(value: string): string {
  if (ALREADY_NORMAL.test(value)) return /[a-z]/.test(value) ? value.toUpperCase() : value
  // Only ASCII letters: upper-casing others can leave text that is no longer NFKC (ΐ → Ι + two combining marks, which
  // NFKC composes again), so the key would change when normalised a second time.
  return normalizeText(value)
    .replace(/ /g, '')
    .replace(/[a-z]+/g, (letters) => letters.toUpperCase())
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
 * "003-01" becomes "3-1". The group is not part of this form: serials restart at 001 in each 村民小组, so the group
 * is compared on its own (`householdGroupOf`, `groupsAgree`), where both sides give one.
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

// A group name: an optional 第, the group's number or name, and its word (三组, 第三村民小组, 二队, 东风社).
const GROUP_WORD = /(?:村民小组|村民组|小组|组|队|社|屯|片)$/
const GROUP_NUMBER = /([\d〇零一二两三四五六七八九十百]+)$/

/**
 * Matching form of a 村民小组 (a 村民小组 cell, or the group written before a 户号): NFKC, spaces removed, a leading
 * 第 and the group word (组, 村民小组, 队, 社, 屯, 片) dropped, a number in Chinese numerals written in digits, leading
 * zeros dropped. So "一组", "1组", "第一村民小组", "01" and "一" all become "1"; a named group keeps its name
 * (东风组 → 东风); a village name before the group is dropped when the group has a number (云溪村三组 → 3).
 */
export function normalizeGroup(value: string): string {
  let text = normalizeTextKey(value).replace(/[-_/·:]+$/, '')
  text = text.replace(GROUP_WORD, '')
  const number = GROUP_NUMBER.exec(text)?.[1]
  if (number !== undefined) {
    const value = /^\d+$/.test(number) ? number : chineseNumeralValue(number)
    if (!Number.isNaN(value)) return withoutLeadingZeros(String(value))
  }
  return text.replace(/^第/, '')
}

/**
 * The 村民小组 a 户号 names before its serial (三组-003, 3组003号, 第二村民小组/12), in `normalizeGroup`'s form; '' when
 * the 户号 names none.
 */
export function householdGroupOf(value: string): string {
  if (isDigits(value)) return ''
  const text = normalizeTextKey(value).replace(LABEL_PREFIX, '')
  const group = /^(.*(?:组|队|社|屯|片))[-_/·:]*/.exec(text)?.[1]
  if (group === undefined || !/\d/.test(text.slice(group.length))) return ''
  return normalizeGroup(group)
}

/**
 * Whether two groups (`normalizeGroup` forms, '' when a side names none) may be the same 村民小组: a side that
 * names no group is silent, not contradicting.
 */
export function groupsAgree(a: string, b: string): boolean {
  return a === '' || b === '' || a === b
}

/** What a 户号 cell may be: a written form whose matching form is a serial. */
export const HOUSEHOLD_NO_RULE =
  '户号应是数字（可带字母和“-”，前面可写组名，如 一组-001、001号），最长 32 个字'

/**
 * Whether `value` is a 户号 in a form the household matcher understands (一组-001, 001号, 户号：001, A-12): at most 32
 * characters, its matching form (`normalizeHouseholdNo`) digits, letters and “-”. The one rule for table rows typed,
 * sent as JSON and imported from a spreadsheet (docs/spreadsheet-imports.md).
 */
export function isHouseholdNo(value: string): boolean {
  return value.length >= 1 && value.length <= 32 && /^[0-9A-Z-]{1,32}$/.test(normalizeHouseholdNo(value))
}
