import { int32Scratch } from './scratch'

/**
 * Numbering of the keys of one matching step: each distinct key gets the next number (0, 1, 2, …), which
 * compare.ts uses as a bucket number. A Map numbers any string keys; the two steps that see most rows avoid string
 * keys: full ID numbers and (户号, name) pairs are read as pairs of integers and kept in a typed-array table, so a
 * lookup usually reads one cache line instead of a Map's bucket, entry and key string. This is what keeps these
 * steps close to linear on a million rows.
 */
export interface KeyNumbering {
  /** The number of `key`; when the key is new it is given `fresh` (the caller's next number). */
  numberOrAdd(key: string, fresh: number): number
  /** The number of `key`, or -1 when it has none. */
  numberOf(key: string): number
}

/** Any string keys, numbered in a Map. */
export class MapNumbering implements KeyNumbering {
  private readonly numbers = new Map<string, number>()

  numberOrAdd(key: string, fresh: number): number {
    const known = this.numbers.get(key)
    if (known !== undefined) return known
    this.numbers.set(key, fresh)
    return fresh
  }

  numberOf(key: string): number {
    return this.numbers.get(key) ?? -1
  }
}

const FIELDS = 3

/** Slots from which a pair table is worth reading ahead (see PairTable.peek): 1M slots, 12 MB. */
const LARGE_SLOTS = 1 << 20

/**
 * Pairs of 32-bit integers numbered in an open-addressing table (linear probing) of one Int32Array,
 * [high, low, number + 1] per slot. The table doubles when it is half full.
 */
class PairTable {
  private table: Int32Array
  private mask: number
  private count = 0

  /** `expected`: how many pairs will probably be added (sizes the table up front). */
  constructor(expected: number) {
    let slots = 8
    while (slots < expected * 2) slots *= 2
    // One table at a time is in use (a step's), so they share one kept array.
    this.table = int32Scratch('keys.pairs', slots * FIELDS).fill(0)
    this.mask = slots - 1
  }

  numberOrAdd(high: number, low: number, fresh: number): number {
    const at = this.find(high, low) * FIELDS
    const stored = this.table[at + 2] ?? 0
    if (stored !== 0) return stored - 1
    this.table[at] = high
    this.table[at + 1] = low
    this.table[at + 2] = fresh + 1
    this.count += 1
    if (this.count * 2 > this.mask + 1) this.grow()
    return fresh
  }

  numberOf(high: number, low: number): number {
    return (this.table[this.find(high, low) * FIELDS + 2] ?? 0) - 1
  }

  /** Whether the table is larger than the processor's cache can be expected to hold (12 MB or more). */
  get large(): boolean {
    return this.mask + 1 >= LARGE_SLOTS
  }

  /**
   * Reads the first slot probed for a pair and returns what it holds (only so that the read counts as used): a
   * loop of these over a block of keys lets the processor fetch their slots at once (see StepKeys.warmSlots).
   */
  peek(high: number, low: number): number {
    return this.table[this.home(high, low) * FIELDS + 2] ?? 0
  }

  /** The first slot probed for a pair. */
  private home(high: number, low: number): number {
    let hash = Math.imul(high, 0x9e3779b1) ^ low
    hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b)
    return (hash ^ (hash >>> 13)) & this.mask
  }

  /** The slot that holds the pair, or the empty slot where it belongs. */
  private find(high: number, low: number): number {
    const { table, mask } = this
    let slot = this.home(high, low)
    for (;;) {
      const at = slot * FIELDS
      if (table[at + 2] === 0 || (table[at] === high && table[at + 1] === low)) return slot
      slot = (slot + 1) & mask
    }
  }

  private grow(): void {
    const old = this.table
    this.table = new Int32Array(old.length * 2)
    this.mask = this.mask * 2 + 1
    for (let at = 0; at < old.length; at += FIELDS) {
      const stored = old[at + 2] ?? 0
      if (stored === 0) continue
      const high = old[at] ?? 0
      const low = old[at + 1] ?? 0
      const to = this.find(high, low) * FIELDS
      this.table[to] = high
      this.table[to + 1] = low
      this.table[to + 2] = stored
    }
  }
}

/**
 * Full ID numbers (17 digits and a digit or X). An ID is read as two integers (the first 9 digits; the next 8
 * digits and the check character), both below 2^31. Keys in any other form fall back to a Map.
 */
export class IdNumbering implements KeyNumbering {
  private readonly pairs: PairTable
  private readonly others = new MapNumbering()
  /** The two integers of the last ID read by `read`. */
  high = 0
  low = 0

  /** `expected`: how many distinct IDs will probably be added. */
  constructor(expected: number) {
    this.pairs = new PairTable(expected)
  }

  numberOrAdd(key: string, fresh: number): number {
    if (!this.read(key)) return this.others.numberOrAdd(key, fresh)
    return this.pairs.numberOrAdd(this.high, this.low, fresh)
  }

  numberOf(key: string): number {
    if (!this.read(key)) return this.others.numberOf(key)
    return this.pairs.numberOf(this.high, this.low)
  }

  /** `numberOrAdd` of an ID that `read` turned into `high` and `low`. */
  numberOrAddPair(high: number, low: number, fresh: number): number {
    return this.pairs.numberOrAdd(high, low, fresh)
  }

  /** `numberOf` of an ID that `read` turned into `high` and `low`. */
  numberOfPair(high: number, low: number): number {
    return this.pairs.numberOf(high, low)
  }

  /** Look-ahead read of the slot of a pair (see PairTable.peek). */
  peekPair(high: number, low: number): number {
    return this.pairs.peek(high, low)
  }

  /** Whether the pair table is large enough to be read ahead. */
  get largePairs(): boolean {
    return this.pairs.large
  }

  /** Reads a full ID into `high` and `low`; false when `key` is not 17 digits and a digit or X. */
  read(key: string): boolean {
    if (key.length !== 18) return false
    let high = 0
    let low = 0
    for (let k = 0; k < 17; k += 1) {
      const digit = key.charCodeAt(k) - 48
      if (digit < 0 || digit > 9) return false
      if (k < 9) high = high * 10 + digit
      else low = low * 10 + digit
    }
    const last = key.charCodeAt(17)
    let check: number
    if (last === 88) check = 10
    else if (last >= 48 && last <= 57) check = last - 48
    else return false
    // high < 10^9 and low < 1.1 × 10^9: both fit an Int32.
    this.high = high
    this.low = low * 11 + check
    return true
  }
}

/** The value of a 户号 of 1 to 9 digits without a leading zero (or "0"), else -1. */
export function householdNumberValue(hn: string): number {
  if (hn.length === 0 || hn.length > 9 || (hn.length > 1 && hn.charCodeAt(0) === 48)) return -1
  let value = 0
  for (let k = 0; k < hn.length; k += 1) {
    const digit = hn.charCodeAt(k) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/** The string key of a (户号, name) pair whose 户号 is not numeric. */
export function householdNameText(hn: string, name: string): string {
  return `${hn}\u0001${name}`
}

/**
 * Keys made of a normalised 户号 and a normalised name. A numeric 户号 (the usual case) and the name's number in a
 * Map of names (there are far fewer distinct names than rows) form the integer pair; other 户号 fall back to a Map
 * of `户号 \u0001 name` strings. Both ways give each distinct (户号, name) pair exactly one number.
 */
export class HouseholdNameNumbering {
  private readonly names = new MapNumbering()
  private nameCount = 0
  private readonly pairs: PairTable
  private readonly others = new MapNumbering()

  /** `expected`: how many distinct pairs will probably be added. */
  constructor(expected: number) {
    this.pairs = new PairTable(expected)
  }

  numberOrAdd(hn: string, name: string, fresh: number): number {
    const value = householdNumberValue(hn)
    if (value < 0) return this.numberOrAddText(householdNameText(hn, name), fresh)
    return this.numberOrAddValue(value, name, fresh)
  }

  numberOf(hn: string, name: string): number {
    const value = householdNumberValue(hn)
    if (value < 0) return this.numberOfText(householdNameText(hn, name))
    return this.numberOfValue(value, name)
  }

  /** `numberOrAdd` of a numeric 户号 (its `householdNumberValue`). */
  numberOrAddValue(value: number, name: string, fresh: number): number {
    return this.numberOrAddPair(value, this.nameNumberOrAdd(name), fresh)
  }

  /** `numberOf` of a numeric 户号 (its `householdNumberValue`). */
  numberOfValue(value: number, name: string): number {
    const nameNumber = this.nameNumberOf(name)
    return nameNumber < 0 ? -1 : this.numberOfPair(value, nameNumber)
  }

  /** The number of a name, numbering it when it is new (names are numbered in the order they are first seen). */
  nameNumberOrAdd(name: string): number {
    const nameNumber = this.names.numberOrAdd(name, this.nameCount)
    if (nameNumber === this.nameCount) this.nameCount += 1
    return nameNumber
  }

  /** The number of a name, or -1 when it has none. */
  nameNumberOf(name: string): number {
    return this.names.numberOf(name)
  }

  /** `numberOrAddValue` with the name's number. */
  numberOrAddPair(value: number, nameNumber: number, fresh: number): number {
    return this.pairs.numberOrAdd(value, nameNumber, fresh)
  }

  /** `numberOfValue` with the name's number. */
  numberOfPair(value: number, nameNumber: number): number {
    return this.pairs.numberOf(value, nameNumber)
  }

  /** Look-ahead read of the slot of a pair (see PairTable.peek). */
  peekPair(value: number, nameNumber: number): number {
    return this.pairs.peek(value, nameNumber)
  }

  /** Whether the pair table is large enough to be read ahead. */
  get largePairs(): boolean {
    return this.pairs.large
  }

  /** `numberOrAdd` of any other 户号, by its `householdNameText`. */
  numberOrAddText(text: string, fresh: number): number {
    return this.others.numberOrAdd(text, fresh)
  }

  /** `numberOf` of any other 户号, by its `householdNameText`. */
  numberOfText(text: string): number {
    return this.others.numberOf(text)
  }
}
