import type { ColumnComparer } from './columns'
import { householdNumberValue } from './keys'
import { maskedTailStart, normalizeHouseholdNo } from './normalize'
import { int32Scratch } from './scratch'
import type { SideTotals } from './totals'
import type { Row } from './types'
import { cellText, type Decimal, plainYuanFen, readPlainDecimal } from './values'

/**
 * Columnar copies of the compared cells. Each side's rows are read once, in row order, and every compared cell is
 * written as a few 32-bit integers into one Int32Array per side (row-major: the codes of a row sit together, so
 * reading the codes of a government row at random costs one cache line, where reading the row itself meant its
 * object and one string per cell, scattered over a heap far larger than the processor's cache). The comparing of
 * matched rows, the column totals and the full-ID and 户号 + name matching steps then work on these arrays.
 *
 * A code is exact or absent: two codes decide `a === b || comparer.equal(a, b)` exactly, and a cell in any form
 * the code does not cover (an unusual spelling, an object, a value out of range) gets the column's fall-back code,
 * for which callers read the row and compare the cells as before. So results do not depend on the codes.
 */

// The kinds of column codes:
/** amount_fen: the fen of a plain amount (safe integer number or "1,234.50"), in Int32 range. */
const AMOUNT = 1
/** integer / decimal: units × 8 + scale of a plain decimal ("3.50" → 35 × 8 + 1). */
const DECIMAL = 2
/** id_number (two ints): a full ID as two integers, or the known head and tail of the common masked form. */
const ID = 3
/** phone / bank_account (three ints): the digits of a digits-only cell, with its length. */
const DIGITS = 4
/** household_no: the value of a numeric normalised 户号. */
const HOUSEHOLD = 5
/** Any other column (text, enum, date, boolean): the number of the cell's canonical form in a dictionary. */
const INTERNED = 6

/** One-int codes: a blank cell (null or undefined), and a cell that the code does not cover. */
export const BLANK = -2147483648
export const FALLBACK = -2147483647

/** ID codes (first int): blank, not covered; masked forms are FIRST_MASKED or less; full IDs are ≥ 0. */
const ID_BLANK = -1
export const ID_FALLBACK = -2
const FIRST_MASKED = -16

/** Digit cells of up to this many digits are coded (7 + 9 + 9 digits in three ints). */
const MAX_DIGITS = 25

/** Rows per block of `CodeLayout.encode`: small enough that a block's rows and cells stay in the cache. */
const ENCODE_BLOCK = 256

/** Distinct raw values per interned column at most; further new values fall back to the rows. */
const MAX_INTERNED = 1 << 18

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

/** Int32 range left for amounts (the two smallest values are BLANK and FALLBACK). */
const MIN_CODE = -2147483646
const MAX_CODE = 2147483647
/** |units| below this fit units × 8 + scale. */
const DECIMAL_LIMIT = 1 << 27

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

function kindOf(comparer: ColumnComparer): number {
  switch (comparer.column.type) {
    case 'amount_fen':
      return AMOUNT
    case 'integer':
    case 'decimal':
      return DECIMAL
    case 'id_number':
      return ID
    case 'phone':
    case 'bank_account':
      return DIGITS
    case 'household_no':
      return HOUSEHOLD
    default:
      return INTERNED
  }
}

const WIDTH = [0, 1, 1, 2, 3, 1, 1]

/**
 * How the compared columns are coded (shared by both sides: the dictionaries of interned columns too, so that
 * equal canonical forms get equal numbers on both sides).
 */
export class CodeLayout {
  readonly columns: ColumnCode[]
  /** Ints per row. */
  readonly stride: number
  /** The codes of the identifying columns, when they are compared and coded in a form the matching can use. */
  id: ColumnCode | null = null
  household: ColumnCode | null = null
  name: ColumnCode | null = null
  private readonly decimal: Decimal = { units: 0, scale: 0 }

  /** `keys`: the identifying columns; `rows`: how many rows both sides have together. */
  constructor(
    comparers: readonly ColumnComparer[],
    keys: { name: string | null; idNumber: string | null; householdNo: string | null },
    rows = 0,
  ) {
    let offset = 0
    this.columns = comparers.map((comparer) => {
      const kind = kindOf(comparer)
      const code: ColumnCode = {
        kind,
        offset,
        comparer,
        flag: kind === DECIMAL ? comparer.column.type === 'integer' : comparer.column.type === 'phone',
        raw: kind === INTERNED ? new Map() : null,
        short: kind === INTERNED ? new ShortStrings(`codes.short.${offset}`, rows) : null,
        values: [],
        rawCanon: [],
        canonNumbers: kind === INTERNED ? new Map() : null,
        canons: [],
      }
      offset += WIDTH[kind] ?? 0
      const key = comparer.column.key
      if (key === keys.idNumber && kind === ID) this.id = code
      if (key === keys.householdNo && kind === HOUSEHOLD) this.household = code
      // The name column's comparer compares normalizeName of the cell's text, as the matching does.
      if (key === keys.name && kind === INTERNED && isNameText(comparer)) this.name = code
      return code
    })
    this.stride = offset
  }

  /**
   * Reads the compared cells of a side, in row order, into its codes (kept between calls under `name`). Rows are
   * taken a block at a time, and the block is read by one short loop per column: each loop's property read then
   * always reads the same key (a read site that sees several keys becomes a slow generic lookup: coding all
   * columns of a row in one loop took twice as long at 100k rows), while each row is fetched from memory once
   * for all its columns (a whole-table loop per column read a shuffled table at random once per column).
   */
  encode(name: string, rows: readonly Row[]): Int32Array {
    const stride = this.stride
    const codes = int32Scratch(`${name}.codes`, rows.length * stride)
    for (let from = 0; from < rows.length; from += ENCODE_BLOCK) {
      const to = Math.min(rows.length, from + ENCODE_BLOCK)
      for (const column of this.columns) {
        const key = column.comparer.column.key
        const at = from * stride + column.offset
        switch (column.kind) {
          case AMOUNT:
            encodeAmounts(rows, from, to, key, codes, stride, at)
            break
          case DECIMAL:
            this.encodeDecimals(rows, from, to, key, column.flag, codes, stride, at)
            break
          case ID:
            encodeIds(rows, from, to, key, codes, stride, at)
            break
          case DIGITS:
            encodeDigits(rows, from, to, key, column.flag, codes, stride, at)
            break
          case HOUSEHOLD:
            encodeHouseholds(rows, from, to, key, codes, stride, at)
            break
          default:
            encodeInterned(rows, from, to, column, codes, stride, at)
        }
      }
    }
    return codes
  }

  private encodeDecimals(
    rows: readonly Row[],
    from: number,
    to: number,
    key: string,
    integer: boolean,
    codes: Int32Array,
    stride: number,
    start: number,
  ): void {
    for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
    for (let i = from, at = start; i < to; i += 1, at += stride) {
      const row = rows[i]
      codes[at] = row === null || row === undefined ? FALLBACK : this.decimalCode(row[key], integer)
    }
  }

  private decimalCode(cell: unknown, integer: boolean): number {
    if (cell === null || cell === undefined) return BLANK
    if (typeof cell === 'number') {
      return Number.isSafeInteger(cell) && Math.abs(cell) < DECIMAL_LIMIT ? cell * 8 : FALLBACK
    }
    const d = this.decimal
    if (typeof cell === 'string' && readPlainDecimal(cell, d) && (!integer || d.scale === 0)) {
      return d.units < DECIMAL_LIMIT ? d.units * 8 + d.scale : FALLBACK
    }
    return FALLBACK
  }
}

/** Receives the characters read ahead, so that the compiler cannot drop the reads. */
let touched = 0

/** Reads the first and last character of a string cell (see the loops below). */
function touch(cell: unknown): void {
  if (typeof cell === 'string' && cell.length > 0) {
    touched = (touched + cell.charCodeAt(0) + cell.charCodeAt(cell.length - 1)) | 0
  }
}

// The loops of `CodeLayout.encode`, one per kind of column. Each first reads the block's cells in a loop that
// does nothing else (the first and last character of each string), so that the processor fetches the rows and
// strings of the block from memory at once, where the loop that codes them would wait for each in turn (a
// government table in shuffled order: 1M rows coded in 2.5-2.9 s instead of 3.2-4.1 s CPU). A row that is not an
// object (a hole in the array) gets fall-back codes: the code that reads it from the row fails or skips it as it
// did without codes.

function encodeAmounts(
  rows: readonly Row[],
  from: number,
  to: number,
  key: string,
  codes: Int32Array,
  stride: number,
  start: number,
): void {
  for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
  for (let i = from, at = start; i < to; i += 1, at += stride) {
    const row = rows[i]
    codes[at] = row === null || row === undefined ? FALLBACK : amountCode(row[key])
  }
}

function encodeIds(
  rows: readonly Row[],
  from: number,
  to: number,
  key: string,
  codes: Int32Array,
  stride: number,
  start: number,
): void {
  for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
  for (let i = from, at = start; i < to; i += 1, at += stride) {
    const row = rows[i]
    if (row === null || row === undefined) {
      codes[at] = ID_FALLBACK
      codes[at + 1] = 0
    } else {
      writeIdCode(row[key], codes, at)
    }
  }
}

function encodeDigits(
  rows: readonly Row[],
  from: number,
  to: number,
  key: string,
  phone: boolean,
  codes: Int32Array,
  stride: number,
  start: number,
): void {
  for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
  for (let i = from, at = start; i < to; i += 1, at += stride) {
    const row = rows[i]
    if (row === null || row === undefined) {
      codes[at] = -1
      codes[at + 1] = 0
      codes[at + 2] = 0
    } else {
      writeDigitsCode(row[key], phone, codes, at)
    }
  }
}

function encodeHouseholds(
  rows: readonly Row[],
  from: number,
  to: number,
  key: string,
  codes: Int32Array,
  stride: number,
  start: number,
): void {
  for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
  for (let i = from, at = start; i < to; i += 1, at += stride) {
    const row = rows[i]
    codes[at] = row === null || row === undefined ? FALLBACK : householdCode(row[key])
  }
}

function encodeInterned(
  rows: readonly Row[],
  from: number,
  to: number,
  column: ColumnCode,
  codes: Int32Array,
  stride: number,
  start: number,
): void {
  const key = column.comparer.column.key
  for (let i = from; i < to; i += 1) touch(rows[i]?.[key])
  for (let i = from, at = start; i < to; i += 1, at += stride) {
    const row = rows[i]
    codes[at] = row === null || row === undefined ? FALLBACK : internedCode(column, row[key])
  }
}

function isNameText(comparer: ColumnComparer): boolean {
  const type = comparer.column.type
  return ![
    'date',
    'boolean',
    'amount_fen',
    'integer',
    'decimal',
    'id_number',
    'phone',
    'bank_account',
    'household_no',
  ].includes(type)
}

/** Fen of a plain amount cell, as `compare`'s quick path reads it; BLANK / FALLBACK otherwise. */
function amountCode(cell: unknown): number {
  if (cell === null || cell === undefined) return BLANK
  let fen: number | null = null
  if (typeof cell === 'number') fen = Number.isSafeInteger(cell) ? cell : null
  else if (typeof cell === 'string') fen = plainYuanFen(cell)
  return fen !== null && Number.isInteger(fen) && fen >= MIN_CODE && fen <= MAX_CODE ? fen : FALLBACK
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57
}

/** ID code: a full ID (17 digits and a digit or X/x) as [first 9 digits, next 8 digits × 11 + check]. */
function writeIdCode(cell: unknown, codes: Int32Array, at: number): void {
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
function writeDigitsCode(cell: unknown, phone: boolean, codes: Int32Array, at: number): void {
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
function householdCode(cell: unknown): number {
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

function internedCode(column: ColumnCode, cell: unknown): number {
  if (typeof cell === 'string' && cell.length <= SHORT) return shortStringCode(column, cell)
  const type = typeof cell
  if (cell !== null && cell !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') {
    return FALLBACK
  }
  const raw = column.raw as Map<unknown, number>
  const known = raw.get(cell)
  if (known !== undefined) return known
  if (column.values.length >= MAX_INTERNED) return FALLBACK
  const number = rawNumber(column, cell)
  raw.set(cell, number)
  return number
}

/** Strings of up to this many UTF-16 units (most names, groups, enums) are looked up in ShortStrings. */
const SHORT = 5

/**
 * The code of a short string cell: its characters packed into three ints (two 16-bit units each, the fifth with
 * the length) and looked up in an open-addressing table of one Int32Array, [three ints, number + 1] per slot. A
 * Map keyed by the strings themselves hashes every cell (no two cells share a string object when rows come from
 * the database) and was the slowest part of coding a million rows.
 */
function shortStringCode(column: ColumnCode, cell: string): number {
  const length = cell.length
  const c0 = length > 0 ? cell.charCodeAt(0) : 0
  const c1 = length > 1 ? cell.charCodeAt(1) : 0
  const c2 = length > 2 ? cell.charCodeAt(2) : 0
  const c3 = length > 3 ? cell.charCodeAt(3) : 0
  const c4 = length > 4 ? cell.charCodeAt(4) : 0
  const table = column.short as ShortStrings
  const a = (c0 << 16) | c1
  const b = (c2 << 16) | c3
  const c = c4 * 8 + length
  const known = table.get(a, b, c)
  if (known >= 0) return known
  if (column.values.length >= MAX_INTERNED) return FALLBACK
  const number = rawNumber(column, cell)
  table.set(a, b, c, number)
  return number
}

/** Triples of ints numbered in an open-addressing table (linear probing), [a, b, c, number + 1] per slot. */
export class ShortStrings {
  private table: Int32Array
  private mask: number
  size = 0

  /**
   * `name`: the use of its kept array (see scratch.ts); `rows`: how many cells will be looked up (sizes the table
   * up front, to a quarter of them at most, so that it seldom grows).
   */
  constructor(
    private readonly name: string,
    rows: number,
  ) {
    let slots = 1024
    while (slots < rows / 4 && slots < MAX_INTERNED) slots *= 2
    this.table = int32Scratch(name, slots * 4).fill(0)
    this.mask = slots - 1
  }

  /** The number of a triple, or -1. */
  get(a: number, b: number, c: number): number {
    return (this.table[this.find(a, b, c) * 4 + 3] ?? 0) - 1
  }

  /** Numbers a triple that `get` did not find. */
  set(a: number, b: number, c: number, number: number): void {
    const at = this.find(a, b, c) * 4
    this.table[at] = a
    this.table[at + 1] = b
    this.table[at + 2] = c
    this.table[at + 3] = number + 1
    this.size += 1
    if (this.size * 2 > this.mask + 1) this.grow()
  }

  private find(a: number, b: number, c: number): number {
    const { table, mask } = this
    let hash = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ c
    hash = Math.imul(hash ^ (hash >>> 15), 0xc2b2ae35)
    let slot = (hash ^ (hash >>> 13)) & mask
    for (;;) {
      const at = slot * 4
      if (table[at + 3] === 0 || (table[at] === a && table[at + 1] === b && table[at + 2] === c)) return slot
      slot = (slot + 1) & mask
    }
  }

  private grow(): void {
    // A copy: the larger table may be the same kept array as the old one.
    const old = this.table.slice()
    const slots = (this.mask + 1) * 2
    this.table = int32Scratch(this.name, slots * 4).fill(0)
    this.mask = slots - 1
    for (let at = 0; at < old.length; at += 4) {
      const stored = old[at + 3] ?? 0
      if (stored === 0) continue
      const to = this.find(old[at] ?? 0, old[at + 1] ?? 0, old[at + 2] ?? 0) * 4
      this.table[to] = old[at] ?? 0
      this.table[to + 1] = old[at + 1] ?? 0
      this.table[to + 2] = old[at + 2] ?? 0
      this.table[to + 3] = stored
    }
  }
}

/** Numbers a new raw value of an interned column. */
function rawNumber(column: ColumnCode, cell: unknown): number {
  const number = column.values.length
  column.values.push(cell)
  column.rawCanon.push(-1)
  return number
}

/** The number of the canonical form of raw value `number` of an interned column (computed once). */
export function canonOfRaw(column: ColumnCode, number: number): number {
  let canon = column.rawCanon[number] ?? -1
  if (canon < 0) {
    canon = canonNumber(column, column.comparer.canon(column.values[number]))
    column.rawCanon[number] = canon
  }
  return canon
}

/** The number of a canonical form in an interned column's dictionary (numbering it when it is new). */
export function canonNumber(column: ColumnCode, canon: string): number {
  const numbers = column.canonNumbers as Map<string, number>
  let number = numbers.get(canon)
  if (number === undefined) {
    number = column.canons.length
    numbers.set(canon, number)
    column.canons.push(canon)
  }
  return number
}

function tailMatches(lowA: number, lowB: number, length: number): boolean {
  if (lowA % 11 !== lowB % 11) return false
  const mod = POW10[length - 1] ?? 1
  return Math.floor(lowA / 11) % mod === Math.floor(lowB / 11) % mod
}

/** Whether two ID codes (neither blank nor fall-back) may denote the same number, as `idCompatible` decides. */
function idCodesAgree(highA: number, lowA: number, highB: number, lowB: number): boolean {
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

/**
 * Whether the cells of `column` coded at `a` in `codesA` and at `b` in `codesB` correspond (`a === b ||
 * equal(a, b)`): true or false when both codes decide it, null when either cell is not covered.
 */
export function sameCells(
  column: ColumnCode,
  codesA: Int32Array,
  a: number,
  codesB: Int32Array,
  b: number,
): boolean | null {
  const x = codesA[a] ?? FALLBACK
  const y = codesB[b] ?? FALLBACK
  switch (column.kind) {
    case ID: {
      if (x === ID_FALLBACK || y === ID_FALLBACK) return null
      if (x === ID_BLANK || y === ID_BLANK) return x === y
      return idCodesAgree(x, codesA[a + 1] ?? 0, y, codesB[b + 1] ?? 0)
    }
    case DIGITS:
      if (x === -1 || y === -1) return null
      return x === y && codesA[a + 1] === codesB[b + 1] && codesA[a + 2] === codesB[b + 2]
    case INTERNED:
      if (x === y && x !== FALLBACK) return true
      if (x === FALLBACK || y === FALLBACK) return null
      return canonOfRaw(column, x) === canonOfRaw(column, y)
    default:
      if (x === FALLBACK || y === FALLBACK) return null
      return x === y
  }
}

/**
 * Adds the cells of totalled column `column` (compared column `k`; `position` among the totalled columns) of all
 * rows of a side to `totals`, in row order: coded amounts and decimals from the codes, other cells from the rows.
 */
export function sumColumn(
  layout: CodeLayout,
  k: number,
  rows: readonly Row[],
  codes: Int32Array,
  totals: SideTotals,
  position: number,
): void {
  const column = layout.columns[k] as ColumnCode
  const key = column.comparer.column.key
  const stride = layout.stride
  const amount = column.kind === AMOUNT
  const decimal = column.kind === DECIMAL
  for (let i = 0, at = column.offset; i < rows.length; i += 1, at += stride) {
    const code = codes[at] ?? FALLBACK
    // A row that is not an object fails here, as it does when totals read it from the row.
    if (code === FALLBACK || (!amount && !decimal)) totals.addCell(position, (rows[i] as Row)[key])
    else if (code === BLANK) continue
    else if (amount) totals.addFen(position, code)
    else totals.addDecimal(position, code >> 3, code & 7)
  }
}
