/**
 * 居民身份证号码 rules (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit order code and
 * a check character computed with ISO 7064 MOD 11-2 (value 10 is written X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

/** Computes the GB 11643 check character for the first 17 digits, or null when they are not 17 digits. */
export function idCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS[sum % 11] ?? null
}

/** Whether a YYYYMMDD string is a real calendar date (proleptic Gregorian). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  return day <= days
}

/** Birth date (YYYY-MM-DD) encoded in an 18-character ID number, or null when digits 7-14 are not a date. */
export function birthDateFromIdNumber(id: string): string | null {
  const compact = id.trim()
  if (!/^\d{17}[\dXx]$/.test(compact)) return null
  const year = Number(compact.slice(6, 10))
  const month = Number(compact.slice(10, 12))
  const day = Number(compact.slice(12, 14))
  if (year < 1800 || !isCalendarDate(year, month, day)) return null
  return `${compact.slice(6, 10)}-${compact.slice(10, 12)}-${compact.slice(12, 14)}`
}

/**
 * Whether a string is a structurally valid 18-digit 居民身份证号码: 17 digits and a check character (X or x),
 * a non-zero first digit, a real birth date and a correct GB 11643 checksum.
 */
export function isValidChineseId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false
  if (birthDateFromIdNumber(id) === null) return false
  return idCheckCharacter(id.slice(0, 17)) === id.slice(17).toUpperCase()
}

/** Why typed text is not a valid 18-digit ID number (`readIdNumber`). */
export type IdNumberProblem = 'id_old_format' | 'invalid_id_number' | 'id_birth_date' | 'id_checksum'

/** What each problem tells the person who typed the number. */
export const ID_NUMBER_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  id_old_format: '这是 15 位的旧身份证号，请换成 18 位身份证号',
  invalid_id_number: '身份证号应为 18 位',
  id_birth_date: '身份证号中的出生日期不对',
  id_checksum: '身份证号校验不通过，可能有数字填错',
}

/**
 * Reads an ID number as people type or paste it, the one rule for forms, the JSON API and spreadsheet imports:
 * full-width digits and letters and full-width spaces (NFKC), spaces inside, and a lower-case x are the same
 * number, stored as 18 ASCII characters with an upper-case X. A 15-digit first-generation number (no longer valid
 * since 2013) is refused with its own message; an 18-digit one needs a real birth date and a correct checksum.
 */
export function readIdNumber(
  raw: string,
): { ok: true; value: string } | { ok: false; problem: IdNumberProblem } {
  const s = raw
    .normalize('NFKC')
    .replace(/[\s\u2009\u202f]/g, '')
    .toUpperCase()
  if (/^\d{15}$/.test(s)) return { ok: false, problem: 'id_old_format' }
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'invalid_id_number' }
  if (birthDateFromIdNumber(s) === null) return { ok: false, problem: 'id_birth_date' }
  if (!isValidChineseId(s)) return { ok: false, problem: 'id_checksum' }
  return { ok: true, value: s }
}

/** Luhn (mod 10) check used by bank card numbers (ISO/IEC 7812). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i])
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** Whether a string is a mainland mobile number (11 digits starting 13-19), without separators or prefix. */
export function isMainlandMobile(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits)
}
