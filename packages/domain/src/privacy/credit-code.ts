/**
 * 统一社会信用代码 (GB 32100-2015, 法人和其他组织统一社会信用代码编码规则): 18 characters of the code set 0–9 and
 * the capital letters without I, O, Z, S and V (31 characters, each worth its place in that set). Character 1 is
 * the registering authority, 2 the kind of organisation, 3–8 the region code (digits), 9–17 the organisation's
 * own code, and 18 a check character: with weights W(i) = 3^(i-1) mod 31, C18 = 31 − (Σ C(i)·W(i) mod 31), where
 * 31 is written 0.
 */

/** The code set in value order (GB 32100-2015 表1). */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** W(i) = 3^(i-1) mod 31 for characters 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** Computes the check character of the first 17 characters, or null when they are not 17 of the code set. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i += 1) {
    const value = CODE_CHARS.indexOf(first17[i] ?? '')
    if (value < 0) return null
    sum += value * (WEIGHTS[i] ?? 0)
  }
  return CODE_CHARS[(31 - (sum % 31)) % 31] ?? null
}

/**
 * Whether a string is a well-formed 统一社会信用代码: 18 characters of the code set, digits in places 3–8 (the
 * region code) and the right check character. Written in capitals (callers normalise what a phone typed).
 */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17]
}
