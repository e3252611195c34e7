import {
  idCheckCharacter,
  normalizeHouseholdNo,
  normalizeName,
  normalizeText,
  normalizeTextKey,
} from '@cunwu/domain'

/**
 * The `normalizeKey` family: how cells typed by village secretaries and exported by county systems are made
 * comparable. Every function is pure, total (never throws) and idempotent: `f(f(x)) === f(x)` where the
 * output is a string. Text, name and 户号 normalisation live in `@cunwu/domain` (households/normalize.ts), where
 * household matching uses them too; they are re-exported here so comparison code keeps one import.
 */

export { normalizeHouseholdNo, normalizeName, normalizeText, normalizeTextKey }

/** Whether a value is treated as an empty cell: null, undefined, or a string that normalises to ''. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return normalizeText(value) === ''
  return false
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
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
export function maskedTailStart(value: string): number {
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
