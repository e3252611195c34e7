import { int32Scratch } from './scratch'
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

  /** `name`: which side (names its working arrays). */
  constructor(
    name: 'village' | 'government',
    readonly rows: readonly Row[],
    private readonly keys: Required<KeyColumns>,
  ) {
    this.partner = int32Scratch(`${name}.partner`, rows.length).fill(FREE)
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

  /** Normalised 户号, computed without the cache. */
  freshHn(i: number): string | null {
    const raw = this.rawHn(i)
    const hn = typeof raw === 'string' || typeof raw === 'number' ? normalizeHouseholdNo(String(raw)) : ''
    return hn === '' ? null : hn
  }
}
