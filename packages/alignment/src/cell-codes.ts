import { householdNumberValue } from './keys'
import type { ShortStrings } from './interned-codes'
import { maskedTailStart, normalizeHouseholdNo } from './normalize'
import type { ColumnComparer } from './columns'
import { cellText, plainYuanFen } from './values'

/**
 * The codes of single cells (row-codes.ts says what the codes are for): the kinds of column codes, their
 * sentinel values, and how an amount, an ID, a digits-only number or a 户号 is written as 32-bit integers. A
 * code is exact or absent: a cell in a form not covered here gets the column's fall-back code.
 */

// The kinds of column codes:
/** amount_fen: the fen of a plain amount (safe integer number or "1,234.50"), in Int32 range. */
export const AMOUNT = 1
/** integer / decimal: units × 8 + scale of a plain decimal ("3.50" → 35 × 8 + 1). */
export const DECIMAL = 2
/** id_number (two ints): a full ID as two integers, or the known head and tail of the common masked form. */
export const ID = 3
/** phone / bank_account (three ints): the digits of a digits-only cell, with its length. */
export const DIGITS = 4
/** household_no: the value of a numeric normalised 户号. */
export const HOUSEHOLD = 5
/** Any other column (text, enum, date, boolean): the number of the cell's canonical form in a dictionary. */
export const INTERNED = 6

/** One-int codes: a blank cell (null or undefined), and a cell that the code does not cover. */
export const BLANK = -2147483648
export const FALLBACK = -2147483647

/** ID codes (first int): blank, not covered; masked forms are FIRST_MASKED or less; full IDs are ≥ 0. */
export const ID_BLANK = -1
export const ID_FALLBACK = -2
export const FIRST_MASKED = -16

/** Digit cells of up to this many digits are coded (7 + 9 + 9 digits in three ints). */
export const MAX_DIGITS = 25

export const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

/** Int32 range left for amounts (the two smallest values are BLANK and FALLBACK). */
export const MIN_CODE = -2147483646
export const MAX_CODE = 2147483647
/** |units| below this fit units × 8 + scale. */
export const DECIMAL_LIMIT = 1 << 27

/** The code of one compared column: its kind and where its ints sit in a row's codes. */
export interface ColumnCode {
  kind: number
  /** Position of the first int in a row's codes. */
  offset: number
  comparer: ColumnComparer
  /** DECIMAL: whether fractions are unreadable (integer columns). DIGITS: whether a leading 86 is dropped. */
  flag: boolean
  /**
   * INTERNED: the cells are numbered by their raw value (`raw` for most, `short` for strings of up to SHORT
   * characters); `values` holds each raw value by number and `rawCanon` the number of its canonical form, found
   * when first needed (-1 until then): most matched cells have the same raw value on both sides, and their
   * canonical form is then never computed. `canonNumbers` numbers the canonical forms, `canons` lists them.
   */
  raw: Map<unknown, number> | null
  short: ShortStrings | null
  values: unknown[]
  rawCanon: number[]
  canonNumbers: Map<string, number> | null
  canons: string[]
}

/** Fen of a plain amount cell, as `compare`'s quick path reads it; BLANK / FALLBACK otherwise. */
export function amountCode(cell: unknown): number {
  if (cell === null || cell === undefined) return BLANK
  let fen: number | null = null
  if (typeof cell === 'number') fen = Number.isSafeInteger(cell) ? cell : null
  else if (typeof cell === 'string') fen = plainYuanFen(cell)
  return fen !== null && Number.isInteger(fen) && fen >= MIN_CODE && fen <= MAX_CODE ? fen : FALLBACK
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57
}

/** ID code: a full ID (17 digits and a digit or X/x) as [first 9 digits, next 8 digits × 11 + check]. */
export function writeIdCode(cell: unknown, codes: Int32Array, at: number): void {
  codes[at + 1] = 0
  if (cell === null || cell === undefined) {
    codes[at] = ID_BLANK
    return
  }
  if (typeof cell !== 'string') {
    codes[at] = ID_FALLBACK
    return
  }
  if (cell.length === 18) {
    let high = 0
    let low = 0
    let digits = true
    for (let k = 0; k < 17; k += 1) {
      const c = cell.charCodeAt(k)
      if (!isDigitCode(c)) {
        digits = false
        break
      }
      if (k < 9) high = high * 10 + (c - 48)
      else low = low * 10 + (c - 48)
    }
    const last = cell.charCodeAt(17)
    const check = last === 88 || last === 120 ? 10 : isDigitCode(last) ? last - 48 : -1
    if (digits && check >= 0) {
      codes[at] = high
      codes[at + 1] = low * 11 + check
      return
    }
  }
  const tail = maskedTailStart(cell)
  if (tail < 0) {
    codes[at] = ID_FALLBACK
    return
  }
  // The common masked form: up to 6 digits, 4 or more '*', up to 3 digits and a digit or X/x.
  let head = 0
  let headLength = 0
  while (headLength < cell.length && isDigitCode(cell.charCodeAt(headLength))) {
    head = head * 10 + (cell.charCodeAt(headLength) - 48)
    headLength += 1
  }
  let tailDigits = 0
  for (let k = tail; k < cell.length - 1; k += 1) tailDigits = tailDigits * 10 + (cell.charCodeAt(k) - 48)
  const last = cell.charCodeAt(cell.length - 1)
  const check = last === 88 || last === 120 ? 10 : last - 48
  codes[at] = FIRST_MASKED - ((head * 8 + headLength) * 8 + (cell.length - tail))
  codes[at + 1] = tailDigits * 11 + check
}

/**
 * Digits code: [length + 32 × digits 1–7, digits 8–16, digits 17–25] of the cell's digits right-aligned in 25
 * places, for a cell of ASCII digits only ('' and blank cells: length 0), which is its own normalised form (a
 * 13-digit phone number starting 86 without the 86). First int -1: not covered.
 */
export function writeDigitsCode(cell: unknown, phone: boolean, codes: Int32Array, at: number): void {
  codes[at] = 0
  codes[at + 1] = 0
  codes[at + 2] = 0
  if (cell === null || cell === undefined) return
  if (typeof cell !== 'string') {
    codes[at] = -1
    return
  }
  let from = 0
  const length = cell.length
  for (let k = 0; k < length; k += 1) {
    if (!isDigitCode(cell.charCodeAt(k))) {
      codes[at] = -1
      return
    }
  }
  if (phone && length === 13 && cell.charCodeAt(0) === 56 && cell.charCodeAt(1) === 54) from = 2
  const count = length - from
  if (count > MAX_DIGITS) {
    codes[at] = -1
    return
  }
  let a = 0
  let b = 0
  let c = 0
  for (let k = from; k < length; k += 1) {
    const place = MAX_DIGITS - count + (k - from)
    const digit = cell.charCodeAt(k) - 48
    if (place < 7) a = a * 10 + digit
    else if (place < 16) b = b * 10 + digit
    else c = c * 10 + digit
  }
  codes[at] = count + 32 * a
  codes[at + 1] = b
  codes[at + 2] = c
}

/** 户号 code: the value of the normalised 户号 when it is 1–9 digits (no leading zero), BLANK when it is ''. */
export function householdCode(cell: unknown): number {
  if (cell === null || cell === undefined) return BLANK
  if (typeof cell !== 'string' && typeof cell !== 'number') return FALLBACK
  const text = typeof cell === 'string' ? cell : cellText(cell)
  let value = -1
  // Digits only (the usual cell): normalizeHouseholdNo drops the leading zeros.
  let digitsOnly = text.length > 0
  let significant = 0
  let number = 0
  for (let k = 0; k < text.length; k += 1) {
    const c = text.charCodeAt(k)
    if (!isDigitCode(c)) {
      digitsOnly = false
      break
    }
    if (significant > 0 || c !== 48) {
      significant += 1
      if (significant <= 9) number = number * 10 + (c - 48)
    }
  }
  if (digitsOnly) {
    value = significant <= 9 ? number : -1
  } else {
    const hn = normalizeHouseholdNo(text)
    if (hn === '') return BLANK
    value = householdNumberValue(hn)
  }
  return value >= 0 ? value : FALLBACK
}

function tailMatches(lowA: number, lowB: number, length: number): boolean {
  if (lowA % 11 !== lowB % 11) return false
  const mod = POW10[length - 1] ?? 1
  return Math.floor(lowA / 11) % mod === Math.floor(lowB / 11) % mod
}

/** Whether two ID codes (neither blank nor fall-back) may denote the same number, as `idCompatible` decides. */
export function idCodesAgree(highA: number, lowA: number, highB: number, lowB: number): boolean {
  if (highA >= 0 && highB >= 0) return highA === highB && lowA === lowB
  if (highA >= 0 || highB >= 0) {
    // A full ID against a masked one: the masked head and tail are the full ID's (fullFitsMaskedCell).
    const [fullHigh, fullLow, maskHigh, maskLow] =
      highA >= 0 ? [highA, lowA, highB, lowB] : [highB, lowB, highA, lowA]
    const m = FIRST_MASKED - maskHigh
    const tailLength = m & 7
    const headLength = (m >> 3) & 7
    const head = m >> 6
    if (headLength > 0 && Math.floor(fullHigh / (POW10[9 - headLength] ?? 1)) !== head) return false
    return tailMatches(fullLow, maskLow, tailLength)
  }
  // Two masked IDs: the shorter head starts the longer one, the shorter tail ends the longer one.
  const ma = FIRST_MASKED - highA
  const mb = FIRST_MASKED - highB
  const headA = ma >> 6
  const headB = mb >> 6
  const headLengthA = (ma >> 3) & 7
  const headLengthB = (mb >> 3) & 7
  const h = Math.min(headLengthA, headLengthB)
  if (
    Math.floor(headA / (POW10[headLengthA - h] ?? 1)) !== Math.floor(headB / (POW10[headLengthB - h] ?? 1))
  ) {
    return false
  }
  return tailMatches(lowA, lowB, Math.min(ma & 7, mb & 7))
}
