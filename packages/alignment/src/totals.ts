import type { Column } from '@cunwu/domain'
import type { Row } from './types'
import {
  addDecimals,
  type Decimal,
  parseAmountFen,
  parseDecimal,
  plainYuanFen,
  readPlainDecimal,
} from './values'

/** Sum of a totalled column on one side. */
export interface SideTotal {
  /** Sum in fen (amount_fen columns). */
  fen: number
  /** Exact sum (other columns). */
  decimal: Decimal
  /** Cells that could not be read as numbers and were left out. */
  unreadable: number
  /** Whether the side has at least one non-empty cell in the column. */
  present: boolean
}

/**
 * Sums whose magnitudes all stay below this are exact at every step whatever the order of the additions (every
 * value and partial sum is an integer below 2^53); half of 2^53, so the bound itself may be rounded.
 */
const EXACT_BOUND = 2 ** 52

/**
 * Running sum of one totalled column: fen for amount_fen, an exact decimal (scaled integer) otherwise; unreadable
 * cells are counted. Plain cells (safe integers, "1,234.50", "3.5") are added without allocating. It also keeps
 * the sum of the magnitudes, which tells whether the order of the additions could have changed the result.
 */
class ColumnSum {
  readonly key: string
  private readonly isAmount: boolean
  private readonly integer: boolean
  private readonly unit: string | undefined
  private fen = 0
  private units = 0
  private scale = 0
  /** Sum of the magnitudes of the values added, in fen or in units of the current scale. */
  private magnitude = 0
  private unreadable = 0
  private present = false
  /** Reused for plain decimal cells. */
  private readonly cell: Decimal = { units: 0, scale: 0 }

  constructor(column: Column) {
    this.key = column.key
    this.isAmount = column.type === 'amount_fen'
    this.integer = column.type === 'integer'
    this.unit = column.unit
  }

  add(value: unknown): void {
    if (value === null || value === undefined) return
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      if (this.isAmount) this.addFen(value)
      else this.addDecimal(value, 0)
      this.present = true
      return
    }
    if (this.isAmount) {
      const plain = typeof value === 'string' ? plainYuanFen(value) : null
      if (plain !== null) {
        this.addFen(plain)
        this.present = true
        return
      }
      const p = parseAmountFen(value)
      if (p.ok) this.addFen(p.value)
      else if (!p.empty) this.unreadable += 1
      this.present = this.present || p.ok || !p.empty
      return
    }
    const cell = this.cell
    if (typeof value === 'string' && readPlainDecimal(value, cell) && (!this.integer || cell.scale === 0)) {
      this.addDecimal(cell.units, cell.scale)
      this.present = true
      return
    }
    const p = parseDecimal(value, this.unit, this.integer)
    if (p.ok) this.addDecimal(p.value.units, p.value.scale)
    else if (!p.empty) this.unreadable += 1
    this.present = this.present || p.ok || !p.empty
  }

  /** Adds a plain amount already read as fen (what `add` does with it). */
  addPlainFen(fen: number): void {
    this.addFen(fen)
    this.present = true
  }

  /** Adds a plain decimal already read as units and scale (what `add` does with it). */
  addPlainDecimal(units: number, scale: number): void {
    this.addDecimal(units, scale)
    this.present = true
  }

  /** Whether the sum is exact, and so the same whatever order the values were added in. */
  get exact(): boolean {
    return this.magnitude < EXACT_BOUND
  }

  private addFen(fen: number): void {
    this.fen += fen
    this.magnitude += Math.abs(fen)
  }

  private addDecimal(units: number, scale: number): void {
    if (scale > this.scale) {
      this.units *= 10 ** (scale - this.scale)
      this.magnitude *= 10 ** (scale - this.scale)
      this.scale = scale
    }
    // A number cell is added at the current scale (10^0 when the scales are equal), as before the bound existed.
    this.units += units * 10 ** (this.scale - scale)
    this.magnitude += Math.abs(units) * 10 ** (this.scale - scale)
  }

  total(): SideTotal {
    return {
      fen: this.fen,
      decimal: addDecimals([{ units: this.units, scale: this.scale }]),
      unreadable: this.unreadable,
      present: this.present,
    }
  }
}

/**
 * Running sums of the totalled columns of one side. Cells may be added in any order: `exact` tells whether the
 * result is the same as adding the rows in row order (it is unless a sum comes near 2^53); if not, `sumRows`
 * gives the row-order sums.
 */
export class SideTotals {
  private readonly columns: readonly Column[]
  private readonly sums: ColumnSum[]

  constructor(columns: readonly Column[]) {
    this.columns = columns
    this.sums = columns.map((column) => new ColumnSum(column))
  }

  /** Whether no column is totalled. */
  get empty(): boolean {
    return this.sums.length === 0
  }

  /** Adds the cell of totalled column `k` (in the order of the columns). */
  addCell(k: number, value: unknown): void {
    this.sums[k]?.add(value)
  }

  /** Adds fen to totalled column `k` (a plain amount cell read beforehand). */
  addFen(k: number, fen: number): void {
    this.sums[k]?.addPlainFen(fen)
  }

  /** Adds a decimal to totalled column `k` (a plain decimal cell read beforehand). */
  addDecimal(k: number, units: number, scale: number): void {
    this.sums[k]?.addPlainDecimal(units, scale)
  }

  /** Adds every totalled cell of a row. */
  addRow(row: Row): void {
    // Indexed loop: for-of here would allocate an iterator per row.
    for (let k = 0; k < this.sums.length; k += 1) {
      const sum = this.sums[k] as ColumnSum
      sum.add(row[sum.key])
    }
  }

  /** Whether every sum is exact (see ColumnSum.exact). */
  get exact(): boolean {
    return this.sums.every((sum) => sum.exact)
  }

  /** The sums, in the order of the columns. */
  totals(): SideTotal[] {
    return this.sums.map((sum) => sum.total())
  }

  /** The sums of `rows` added in row order. */
  sumRows(rows: readonly Row[]): SideTotal[] {
    const inOrder = new SideTotals(this.columns)
    for (let i = 0; i < rows.length; i += 1) inOrder.addRow(rows[i] as Row)
    return inOrder.totals()
  }
}
