import { BLANK, FALLBACK, ID_FALLBACK } from './cell-codes'
import { canonNumber, canonOfRaw } from './interned-codes'
import {
  HouseholdNameNumbering,
  householdNameText,
  householdNumberValue,
  IdNumbering,
  MapNumbering,
} from './keys'
import type { CodeLayout } from './row-codes'
import { type Side, WARM_BLOCK } from './side'
import type { MatchStrategy } from './types'

/** Receives the slots read ahead by `StepKeys.warmSlots`, so that the compiler cannot drop the reads. */
let slotSink = 0

/** What a row of the current block has as the step's key (see StepKeys.read). */
const NO_KEY = 0
/** An integer pair: a full ID, or a numeric 户号 with the name in `text`. */
const PAIR_KEY = 1
/** A string key in `text`. */
const TEXT_KEY = 2

/**
 * The keys of one matching step, numbered as bucket numbers (see keys.ts): full IDs and (户号, name) pairs in typed
 * tables, the ID tail + name and the name alone (few rows are left by then) as strings in a Map.
 *
 * Rows are read a block at a time (WARM_BLOCK rows): first their cells (Side.warmIds), then their keys into the
 * block arrays below, then the keys are numbered in a loop that does nothing else. On a million rows each of
 * these loops reads memory the processor does not hold (row objects, strings, the number tables), and short loops
 * with independent iterations let it fetch many of those at once instead of one after the other.
 */
export class StepKeys {
  private readonly ids: IdNumbering | null = null
  private readonly households: HouseholdNameNumbering | null = null
  private readonly strings: MapNumbering | null = null
  /** The keys of the rows of the current block: NO_KEY, PAIR_KEY or TEXT_KEY, the pair, the text. */
  private readonly kind = new Uint8Array(WARM_BLOCK)
  private readonly high = new Int32Array(WARM_BLOCK)
  private readonly low = new Int32Array(WARM_BLOCK)
  private readonly text: (string | null)[] = new Array<string | null>(WARM_BLOCK).fill(null)

  /**
   * The codes of the compared cells (row-codes.ts), when the step's key columns are coded: the full-ID step then
   * reads IDs, the 户号 + name step 户号 and names (numbered by their canonical form), from the codes instead of
   * the rows, except for the cells the codes do not cover.
   */
  private readonly layout: CodeLayout | null

  constructor(
    readonly by: MatchStrategy,
    expected: number,
    layout: CodeLayout | null,
  ) {
    this.layout =
      (by === 'id_number' && layout?.id) || (by === 'household_no_name' && layout?.household && layout.name)
        ? layout
        : null
    if (by === 'id_number') this.ids = new IdNumbering(expected)
    else if (by === 'household_no_name') this.households = new HouseholdNameNumbering(expected)
    else this.strings = new MapNumbering()
  }

  /**
   * Reads the keys of the free rows `from` to `to` (excluded, at most WARM_BLOCK rows) of `side` into the block
   * arrays; a row that is not free or lacks what the step needs has none. `village`: the rows' names may be
   * numbered (the 户号 + name step); government rows only look their names up, and a name no village row has
   * leaves the row without a key.
   */
  read(side: Side, from: number, to: number, village: boolean): void {
    this.readKeys(side, from, to)
    const count = to - from
    const { kind, low, text, households } = this
    if (households && !this.layout) {
      // Names first, in row order (so they are numbered as before), then the pairs.
      for (let k = 0; k < count; k += 1) {
        if (kind[k] !== PAIR_KEY) continue
        const name = text[k] ?? ''
        const nameNumber = village ? households.nameNumberOrAdd(name) : households.nameNumberOf(name)
        if (nameNumber < 0) kind[k] = NO_KEY
        else low[k] = nameNumber
      }
    }
    this.warmSlots(count)
  }

  /**
   * Look-ahead: reads the first slot of each pair key of the block in the pair table, in a loop that does nothing
   * else, before the keys are numbered one by one. On a million rows the table (2M slots) is far larger than the
   * processor's cache and every lookup misses it; the numbering loop would wait for each miss in turn, this loop
   * lets the processor fetch many slots at once. Changes nothing but timing. Only for tables of 1M slots or more.
   */
  private warmSlots(count: number): void {
    const { kind, high, low } = this
    const pairs = this.ids ?? this.households
    // A smaller table stays in the cache, where reading ahead only costs time (100k rows: 256k slots).
    if (!pairs?.largePairs) return
    let sink = slotSink
    for (let k = 0; k < count; k += 1) {
      if (kind[k] === PAIR_KEY) sink = (sink + pairs.peekPair(high[k] ?? 0, low[k] ?? 0)) | 0
    }
    slotSink = sink
  }

  private readKeys(side: Side, from: number, to: number): void {
    const { kind, high, text } = this
    if (this.layout) {
      this.readCodedKeys(side, from, to, this.layout)
      return
    }
    if (this.ids) side.warmIds(from, to)
    else if (this.households) side.warmHouseholds(from, to)
    for (let i = from; i < to; i += 1) {
      const k = i - from
      kind[k] = NO_KEY
      text[k] = null
      if (!side.isFree(i)) continue
      if (this.ids) {
        this.readIdKey(side, i, k, this.ids)
      } else if (this.households) {
        // Same 户号 and name: a differing ID on one side is then a field difference, not two strangers.
        const hn = side.freshHn(i)
        const name = hn === null ? null : side.freshName(i)
        if (hn === null || name === null) continue
        const value = householdNumberValue(hn)
        if (value >= 0) {
          kind[k] = PAIR_KEY
          high[k] = value
          text[k] = name
        } else {
          kind[k] = TEXT_KEY
          text[k] = householdNameText(hn, name)
        }
      } else {
        const key = this.stringKey(side, i)
        if (key === null) continue
        kind[k] = TEXT_KEY
        text[k] = key
      }
    }
  }

  /** The full-ID key of row `i` (block position `k`), read from the row: an integer pair, or the text of the ID. */
  private readIdKey(side: Side, i: number, k: number, ids: IdNumbering): void {
    const id = side.fullId(i)
    if (id === null) return
    if (ids.read(id)) {
      this.kind[k] = PAIR_KEY
      this.high[k] = ids.high
      this.low[k] = ids.low
    } else {
      this.kind[k] = TEXT_KEY
      this.text[k] = id
    }
  }

  /**
   * `readKeys` from the codes: the same keys, the names of the 户号 + name step already numbered (by the number of
   * their canonical form in the name column's dictionary, the same for both sides).
   */
  private readCodedKeys(side: Side, from: number, to: number, layout: CodeLayout): void {
    const { kind, high, low, text } = this
    const codes = side.codes
    const stride = layout.stride
    const nameColumn = layout.name
    // The number of the blank name (given here if no cell had it yet: numbers are only compared with each other,
    // so the order they are given in changes nothing). A name with this number is missing; comparing numbers
    // spares reading the canonical string, which on a million rows lies at random in memory.
    const blank = this.households && nameColumn ? canonNumber(nameColumn, '') : -1
    for (let i = from; i < to; i += 1) {
      const k = i - from
      kind[k] = NO_KEY
      text[k] = null
      if (!side.isFree(i)) continue
      if (this.ids && layout.id) {
        const at = i * stride + layout.id.offset
        const first = codes[at] ?? ID_FALLBACK
        if (first >= 0) {
          kind[k] = PAIR_KEY
          high[k] = first
          low[k] = codes[at + 1] ?? 0
          continue
        }
        // Blank or masked: no full ID. A cell the codes do not cover is read from the row.
        if (first !== ID_FALLBACK) continue
        this.readIdKey(side, i, k, this.ids)
      } else if (layout.household && nameColumn) {
        const hnCode = codes[i * stride + layout.household.offset] ?? FALLBACK
        if (hnCode === BLANK) continue
        const nameCode = codes[i * stride + nameColumn.offset] ?? FALLBACK
        let nameNumber: number
        if (nameCode === FALLBACK) {
          const name = side.freshName(i)
          if (name === null) continue
          nameNumber = canonNumber(nameColumn, name)
        } else {
          nameNumber = canonOfRaw(nameColumn, nameCode)
          if (nameNumber === blank) continue
        }
        let value = hnCode
        let hn: string | null = null
        if (hnCode === FALLBACK) {
          hn = side.freshHn(i)
          if (hn === null) continue
          value = householdNumberValue(hn)
        }
        if (value >= 0) {
          kind[k] = PAIR_KEY
          high[k] = value
          low[k] = nameNumber
        } else {
          kind[k] = TEXT_KEY
          text[k] = householdNameText(hn ?? '', nameColumn.canons[nameNumber] ?? '')
        }
      }
    }
  }

  /**
   * Bucket number of row `k` of the block (village rows): the key's number, or `fresh` when the key is new; -1
   * when the row has no key.
   */
  numberOrAdd(k: number, fresh: number): number {
    const kind = this.kind[k]
    if (kind === NO_KEY) return -1
    const text = this.text[k] ?? ''
    if (this.ids) {
      return kind === PAIR_KEY
        ? this.ids.numberOrAddPair(this.high[k] ?? 0, this.low[k] ?? 0, fresh)
        : this.ids.numberOrAdd(text, fresh)
    }
    if (this.households) {
      return kind === PAIR_KEY
        ? this.households.numberOrAddPair(this.high[k] ?? 0, this.low[k] ?? 0, fresh)
        : this.households.numberOrAddText(text, fresh)
    }
    return this.strings ? this.strings.numberOrAdd(text, fresh) : -1
  }

  /** Bucket number of row `k` of the block (government rows), or -1 when it has no key or no village row has it. */
  numberOf(k: number): number {
    const kind = this.kind[k]
    if (kind === NO_KEY) return -1
    const text = this.text[k] ?? ''
    if (this.ids) {
      return kind === PAIR_KEY
        ? this.ids.numberOfPair(this.high[k] ?? 0, this.low[k] ?? 0)
        : this.ids.numberOf(text)
    }
    if (this.households) {
      return kind === PAIR_KEY
        ? this.households.numberOfPair(this.high[k] ?? 0, this.low[k] ?? 0)
        : this.households.numberOfText(text)
    }
    return this.strings ? this.strings.numberOf(text) : -1
  }

  /** Forgets the block's strings (so that they are not kept alive after the step). */
  clear(): void {
    this.text.fill(null)
  }

  /** Bucket number of a name in the name step, or -1. */
  nameBucket(name: string): number {
    return this.strings?.numberOf(name) ?? -1
  }

  private stringKey(side: Side, i: number): string | null {
    switch (this.by) {
      case 'name_id_tail': {
        const tail = side.tail(i)
        const name = tail === null ? null : side.name(i)
        return tail !== null && name !== null ? `${tail}\u0001${name}` : null
      }
      case 'name':
        return side.name(i)
      default:
        return null
    }
  }
}
