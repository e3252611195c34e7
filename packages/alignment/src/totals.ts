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
 * Running sum of one totalled column: fen for amount_fen, an exact decimal (scaled integer) otherwise; unreadable
 * cells are counted. Plain cells (safe integers, "1,234.50", "3.5") are added without allocating.
 */
class ColumnSum {
  readonly key: string
  private readonly isAmount: boolean
  private readonly integer: boolean
  private readonly unit: string | undefined
  private fen = 0
  private units = 0
  private scale = 0
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
      if (this.isAmount) this.fen += value
      else this.units += value * 10 ** this.scale
      this.present = true
      return
    }
    if (this.isAmount) {
      const plain = typeof value === 'string' ? plainYuanFen(value) : null
      if (plain !== null) {
        this.fen += plain
        this.present = true
        return
      }
      const p = parseAmountFen(value)
      if (p.ok) this.fen += p.value
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

  private addDecimal(units: number, scale: number): void {
    if (scale > this.scale) {
      this.units *= 10 ** (scale - this.scale)
      this.scale = scale
    }
    this.units += units * 10 ** (this.scale - scale)
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
 * Running sums of the totalled columns of one side, fed row by row in row order (the matching's first pass reads
 * every row anyway, so the sums are taken there instead of in a pass of their own).
 */
export class SideTotals {
  private readonly sums: ColumnSum[]

  constructor(columns: readonly Column[]) {
    this.sums = columns.map((column) => new ColumnSum(column))
  }

  /** Whether no column is totalled. */
  get empty(): boolean {
    return this.sums.length === 0
  }

  addRow(row: Row): void {
    // Indexed loop: for-of here would allocate an iterator per row.
    for (let k = 0; k < this.sums.length; k += 1) {
      const sum = this.sums[k] as ColumnSum
      sum.add(row[sum.key])
    }
  }

  /** The sums, in the order of the columns. */
  totals(): SideTotal[] {
    return this.sums.map((sum) => sum.total())
  }
}
