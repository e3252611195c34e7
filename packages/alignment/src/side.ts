import type { CodeLayout } from './row-codes'
import { int32Scratch } from './scratch'
import { householdGroupOf, normalizeGroup } from '@cunwu/domain'
import {
  fullIdNumber,
  type IdKey,
  idTail,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeName,
} from './normalize'
import type { KeyColumns, Row } from './types'

/** Partner of a row not matched (yet). */
export const FREE = -1
/** Partner of a row in an ambiguous group: never compared, never matched by a later step. */
export const AMBIGUOUS = -2

/** What a missing row (a hole in the input array) reads as when its identifying cells are looked up. */
const EMPTY_ROW: Row = {}

/**
 * Rows per block of the look-ahead reads (see `Side.warmIds`): a power of two, small enough that a block's row
 * objects and cells stay in the processor's cache until they are used.
 */
export const WARM_BLOCK = 256

/** Receives the characters read ahead, so that the compiler cannot drop the reads. */
let warmSink = 0

/** Reads the first and last character of a string cell, which brings the whole of a short string into the cache. */
function touch(cell: unknown): void {
  if (typeof cell === 'string' && cell.length > 0) {
    warmSink = (warmSink + cell.charCodeAt(0) + cell.charCodeAt(cell.length - 1)) | 0
  }
}

/** The look-ahead reads' result, only so that they count as used. */
export function warmed(): number {
  return warmSink
}

/**
 * One side of the comparison: its rows, the matching state of every row in a typed array (no object per row),
 * and the identifying values, normalised when needed. Most rows match on the full ID, so their name and 户号 are
 * normalised only when a later step, a sort key or an explanation needs them.
 */
export class Side {
  /** FREE, AMBIGUOUS, or the index of the partner row on the other side. */
  readonly partner: Int32Array
  /**
   * Normalised values of the rows that the later steps, sort keys and explanations look at (a few); the passes
   * over many rows (the 户号 + name step, name counts) compute them without keeping them.
   */
  private readonly names = new Map<number, string | null>()
  private readonly ids = new Map<number, IdKey | null>()
  private readonly hns = new Map<number, string | null>()
  /** The cells of a block read ahead (two per row at most). */
  private readonly cells: unknown[] = new Array<unknown>(2 * WARM_BLOCK).fill(undefined)
  /**
   * The compared cells of every row in columnar codes (see row-codes.ts), row-major with `layout.stride` ints per
   * row; null when the comparison reads cells from the rows only.
   */
  layout: CodeLayout | null = null
  codes: Int32Array = new Int32Array(0)
  /** The rows of a block read ahead by `warmRowsAt`. */
  private readonly picked: (Row | undefined)[] = new Array<Row | undefined>(WARM_BLOCK).fill(undefined)

  /** `which`: which side (names its working arrays). */
  constructor(
    readonly which: 'village' | 'government',
    readonly rows: readonly Row[],
    private readonly keys: Required<KeyColumns>,
  ) {
    this.partner = int32Scratch(`${which}.partner`, rows.length).fill(FREE)
  }

  /** Reads every row once, in order, into the codes of `layout`. */
  encode(layout: CodeLayout): void {
    this.layout = layout
    this.codes = layout.encode(this.which, this.rows)
  }

  get length(): number {
    return this.rows.length
  }

  isFree(i: number): boolean {
    return this.partner[i] === FREE
  }

  /** Number of rows not matched (yet). */
  freeCount(): number {
    let free = 0
    for (let i = 0; i < this.partner.length; i += 1) if (this.partner[i] === FREE) free += 1
    return free
  }

  // One property read per identifying column (not a shared helper): a read site that always reads the same key
  // stays fast, while one site reading several keys becomes a slow generic lookup.
  rawName(i: number): unknown {
    const column = this.keys.name
    return column === null ? undefined : (this.rows[i] ?? EMPTY_ROW)[column]
  }

  rawHn(i: number): unknown {
    const column = this.keys.householdNo
    return column === null ? undefined : (this.rows[i] ?? EMPTY_ROW)[column]
  }

  private rawId(i: number): unknown {
    const column = this.keys.idNumber
    return column === null ? undefined : (this.rows[i] ?? EMPTY_ROW)[column]
  }

  /**
   * Look-ahead: reads the ID cells of the free rows `from` to `to` (excluded; at most WARM_BLOCK rows) in loops
   * that do nothing else. A pass that reads a million rows scattered over the heap (a shuffled government export)
   * waits for main memory several times per row when it reads and processes them one by one (the row object, the
   * cell's string, its characters, each found through the one before); loops this short let the processor fetch
   * the rows of a block at once, then their strings at once, and the processing that follows finds them in the
   * cache. Changes nothing but timing.
   */
  warmIds(from: number, to: number): void {
    const column = this.keys.idNumber
    if (column === null) return
    const cells = this.cells
    for (let i = from; i < to; i += 1) {
      cells[i - from] = this.partner[i] === FREE ? (this.rows[i] ?? EMPTY_ROW)[column] : undefined
    }
    this.touchCells(to - from)
  }

  /** Look-ahead as in `warmIds`, for the 户号 and name cells. */
  warmHouseholds(from: number, to: number): void {
    const hnColumn = this.keys.householdNo
    const nameColumn = this.keys.name
    if (hnColumn === null || nameColumn === null) return
    const cells = this.cells
    for (let i = from; i < to; i += 1) {
      const row = this.partner[i] === FREE ? (this.rows[i] ?? EMPTY_ROW) : EMPTY_ROW
      cells[2 * (i - from)] = row[hnColumn]
      cells[2 * (i - from) + 1] = row[nameColumn]
    }
    this.touchCells(2 * (to - from))
  }

  /**
   * Look-ahead for the comparing of matched rows, which reads this side's rows in the other side's order (at
   * random): reads the rows `at[from]` to `at[to - 1]` (at most WARM_BLOCK; negative entries are skipped) and the
   * cells of `columns` in them, in loops that do nothing else, as `warmIds` does. Changes nothing but timing.
   */
  warmRowsAt(at: Int32Array, from: number, to: number, columns: readonly string[]): void {
    const picked = this.picked
    let count = 0
    for (let k = from; k < to; k += 1) {
      const i = at[k] ?? -1
      if (i >= 0) {
        picked[count] = this.rows[i] ?? EMPTY_ROW
        count += 1
      }
    }
    for (let c = 0; c < columns.length; c += 1) {
      const column = columns[c] as string
      for (let k = 0; k < count; k += 1) touch((picked[k] as Row)[column])
    }
    picked.fill(undefined, 0, count)
  }

  /** The rows not matched, in index order. */
  freeRows(): Int32Array {
    const free = new Int32Array(this.freeCount())
    let count = 0
    for (let i = 0; i < this.partner.length; i += 1) {
      if (this.partner[i] === FREE) {
        free[count] = i
        count += 1
      }
    }
    return free
  }

  /** Touches the first `count` cells read ahead, then forgets them. */
  private touchCells(count: number): void {
    const cells = this.cells
    for (let k = 0; k < count; k += 1) touch(cells[k])
    cells.fill(undefined, 0, count)
  }

  /** Normalised name, or null when blank (cached). */
  name(i: number): string | null {
    let name = this.names.get(i)
    if (name === undefined) {
      name = this.freshName(i)
      this.names.set(i, name)
    }
    return name
  }

  /** Normalised name, computed without the cache: for passes over many rows, which would only fill it. */
  freshName(i: number): string | null {
    const raw = this.rawName(i)
    const name =
      raw === null || raw === undefined ? '' : normalizeName(typeof raw === 'string' ? raw : String(raw))
    return name === '' ? null : name
  }

  /** Normalised ID, or null when blank (cached). */
  id(i: number): IdKey | null {
    let id = this.ids.get(i)
    if (id === undefined) {
      const raw = this.rawId(i)
      id = typeof raw === 'string' || typeof raw === 'number' ? normalizeIdNumber(String(raw)) : null
      this.ids.set(i, id)
    }
    return id
  }

  /** The full 18-character ID, or null; usually found without building (and keeping) an IdKey. */
  fullId(i: number): string | null {
    const raw = this.rawId(i)
    if (typeof raw === 'string') return fullIdNumber(raw)
    return typeof raw === 'number' ? fullIdNumber(String(raw)) : null
  }

  tail(i: number): string | null {
    const id = this.id(i)
    return id ? idTail(id) : null
  }

  /** Normalised 户号, or null when blank (cached). */
  hn(i: number): string | null {
    let hn = this.hns.get(i)
    if (hn === undefined) {
      hn = this.freshHn(i)
      this.hns.set(i, hn)
    }
    return hn
  }

  /**
   * The row's 村民小组 in `normalizeGroup`'s form: the group its 户号 names (一组-001), else its 村民小组 cell; '' when
   * it gives none.
   */
  group(i: number): string {
    const row = this.rows[i] ?? EMPTY_ROW
    const hn = this.keys.householdNo === null ? undefined : row[this.keys.householdNo]
    const fromNo = typeof hn === 'string' ? householdGroupOf(hn) : ''
    if (fromNo !== '') return fromNo
    const cell = this.keys.group === null ? undefined : row[this.keys.group]
    return typeof cell === 'string' || typeof cell === 'number' ? normalizeGroup(String(cell)) : ''
  }

  /** Whether any row gives a 村民小组 (`group`). */
  hasGroups(): boolean {
    if (this.keys.group === null && this.keys.householdNo === null) return false
    for (let i = 0; i < this.rows.length; i += 1) if (this.group(i) !== '') return true
    return false
  }

  /** Normalised 户号, computed without the cache. */
  freshHn(i: number): string | null {
    const raw = this.rawHn(i)
    const hn = typeof raw === 'string' || typeof raw === 'number' ? normalizeHouseholdNo(String(raw)) : ''
    return hn === '' ? null : hn
  }
}
