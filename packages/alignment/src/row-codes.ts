import {
  AMOUNT,
  BLANK,
  type ColumnCode,
  DECIMAL,
  DECIMAL_LIMIT,
  FALLBACK,
  HOUSEHOLD,
  ID,
  ID_BLANK,
  ID_FALLBACK,
  idCodesAgree,
  INTERNED,
  DIGITS,
  amountCode,
  householdCode,
  writeDigitsCode,
  writeIdCode,
} from './cell-codes'
import type { ColumnComparer } from './columns'
import { canonOfRaw, internedCode, ShortStrings } from './interned-codes'
import { int32Scratch } from './scratch'
import type { SideTotals } from './totals'
import type { Row } from './types'
import { type Decimal, readPlainDecimal } from './values'

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

/** Rows per block of `CodeLayout.encode`: small enough that a block's rows and cells stay in the cache. */
const ENCODE_BLOCK = 256

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
