/**
 * Numbering of the keys of one matching step: each distinct key gets the next number (0, 1, 2, …), which
 * compare.ts uses as a bucket number. Two implementations: any string key (a Map), and full ID numbers (an
 * open-addressing table in a typed array, for the first step, where every row of both sides has a key).
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

/**
 * Full ID numbers (17 digits and a digit or X) numbered without hashing strings. An ID is read as two integers
 * (the first 9 digits; the next 8 digits and the check character) and kept in an open-addressing table of one
 * Int32Array, [high, low, number + 1] per slot, so a lookup usually reads one cache line instead of a Map's bucket,
 * entry and key string: this is what keeps the first step linear on a million rows. Keys in any other form fall
 * back to a Map.
 */
export class IdNumbering implements KeyNumbering {
  private readonly table: Int32Array
  private readonly mask: number
  private readonly others = new MapNumbering()
  /** The two integers of the last ID read by `read`. */
  private high = 0
  private low = 0

  /** `capacity`: how many distinct keys at most will be added (the table is kept at most half full). */
  constructor(capacity: number) {
    let slots = 8
    while (slots < capacity * 2) slots *= 2
    this.table = new Int32Array(slots * FIELDS)
    this.mask = slots - 1
  }

  numberOrAdd(key: string, fresh: number): number {
    if (!this.read(key)) return this.others.numberOrAdd(key, fresh)
    const slot = this.find()
    const at = slot * FIELDS
    const stored = this.table[at + 2] ?? 0
    if (stored !== 0) return stored - 1
    this.table[at] = this.high
    this.table[at + 1] = this.low
    this.table[at + 2] = fresh + 1
    return fresh
  }

  numberOf(key: string): number {
    if (!this.read(key)) return this.others.numberOf(key)
    return (this.table[this.find() * FIELDS + 2] ?? 0) - 1
  }

  /** The slot that holds the last ID read, or the empty slot where it belongs. */
  private find(): number {
    const { table, high, low, mask } = this
    let hash = Math.imul(high, 0x9e3779b1) ^ low
    hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b)
    let slot = (hash ^ (hash >>> 13)) & mask
    for (;;) {
      const at = slot * FIELDS
      if (table[at + 2] === 0 || (table[at] === high && table[at + 1] === low)) return slot
      slot = (slot + 1) & mask
    }
  }

  /** Reads a full ID into `high` and `low`; false when `key` is not 17 digits and a digit or X. */
  private read(key: string): boolean {
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
