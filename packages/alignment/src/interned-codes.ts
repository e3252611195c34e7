import { type ColumnCode, FALLBACK } from './cell-codes'
import { int32Scratch } from './scratch'

/**
 * Cells of interned columns (text, enum, date, boolean) numbered by their raw value, and the numbers of their
 * canonical forms, computed when first needed (row-codes.ts says what the codes are for).
 */

/** Distinct raw values per interned column at most; further new values fall back to the rows. */
export const MAX_INTERNED = 1 << 18

export function internedCode(column: ColumnCode, cell: unknown): number {
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
