/**
 * An ordered collection kept as a list of sorted buckets (a flat B-tree): O(log n) search and
 * O(√n)-bounded inserts/removes, which stays fast for millions of index entries.
 */
const MAX_BUCKET = 1024

/** Compares an element with a search probe: negative when the element sorts before the probe. */
export type ProbeCompare<T> = (element: T) => number

/** A sorted multiset ordered by `cmp`; elements comparing equal (0) are treated as the same entry. */
export class SortedList<T> {
  #buckets: T[][] = []
  #size = 0
  readonly #cmp: (a: T, b: T) => number

  constructor(cmp: (a: T, b: T) => number) {
    this.#cmp = cmp
  }

  get size(): number {
    return this.#size
  }

  clear(): void {
    this.#buckets = []
    this.#size = 0
  }

  /** Index of the first bucket whose last element is >= probe (or the last bucket). */
  #bucketFor(probe: ProbeCompare<T>): number {
    const buckets = this.#buckets
    let lo = 0
    let hi = buckets.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const b = buckets[mid] as T[]
      if (probe(b[b.length - 1] as T) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** First position in `bucket` whose element is >= probe. */
  static #lowerBound<T>(bucket: T[], probe: ProbeCompare<T>): number {
    let lo = 0
    let hi = bucket.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (probe(bucket[mid] as T) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(x: T): void {
    this.#size++
    if (this.#buckets.length === 0) {
      this.#buckets.push([x])
      return
    }
    const probe: ProbeCompare<T> = (el) => this.#cmp(el, x)
    const bi = this.#bucketFor(probe)
    const bucket = this.#buckets[bi] as T[]
    const pos = SortedList.#lowerBound(bucket, probe)
    if (pos === bucket.length) bucket.push(x)
    else bucket.splice(pos, 0, x)
    if (bucket.length > MAX_BUCKET) {
      const half = bucket.splice(bucket.length >> 1)
      this.#buckets.splice(bi + 1, 0, half)
    }
  }

  /**
   * Inserts many elements at once (a batch's index entries). The batch is sorted once; each run of
   * elements falling into the same bucket is merged with it in one pass when the run is long, or
   * inserted one by one when it is short (a merge costs the bucket's length).
   */
  insertMany(items: readonly T[]): void {
    if (items.length < 8) {
      for (const x of items) this.insert(x)
      return
    }
    const cmp = this.#cmp
    const sorted = items.slice().sort(cmp)
    const buckets = this.#buckets
    if (buckets.length === 0) buckets.push([])
    let i = 0
    while (i < sorted.length) {
      const x = sorted[i] as T
      const bi = this.#bucketFor((el) => cmp(el, x))
      const bucket = buckets[bi] as T[]
      // The run: elements not past this bucket's last element (all of them for the last bucket).
      let j = i + 1
      if (bi === buckets.length - 1) j = sorted.length
      else {
        const last = bucket[bucket.length - 1] as T
        while (j < sorted.length && cmp(sorted[j] as T, last) <= 0) j++
      }
      const run = j - i
      let merged: T[]
      if (bucket.length === 0 || cmp(bucket[bucket.length - 1] as T, x) < 0) {
        // Appending after the bucket's last element (ascending keys, the usual case).
        merged = bucket
        for (let k = i; k < j; k++) merged.push(sorted[k] as T)
      } else if (run * 16 < bucket.length) {
        merged = bucket
        for (let k = i; k < j; k++) {
          const y = sorted[k] as T
          const pos = SortedList.#lowerBound(merged, (el) => cmp(el, y))
          merged.splice(pos, 0, y)
        }
      } else {
        merged = new Array<T>(bucket.length + run)
        let a = 0
        let b = i
        let o = 0
        while (a < bucket.length && b < j) {
          merged[o++] = cmp(bucket[a] as T, sorted[b] as T) <= 0 ? (bucket[a++] as T) : (sorted[b++] as T)
        }
        while (a < bucket.length) merged[o++] = bucket[a++] as T
        while (b < j) merged[o++] = sorted[b++] as T
      }
      this.#size += run
      if (merged.length > MAX_BUCKET) {
        const parts: T[][] = []
        const half = MAX_BUCKET >> 1
        for (let k = 0; k < merged.length; k += half) parts.push(merged.slice(k, k + half))
        buckets.splice(bi, 1, ...parts)
      } else {
        buckets[bi] = merged
      }
      i = j
    }
  }

  /** Removes the element equal (cmp 0) to `x`; returns false when absent. */
  remove(x: T): boolean {
    if (this.#buckets.length === 0) return false
    const probe: ProbeCompare<T> = (el) => this.#cmp(el, x)
    const bi = this.#bucketFor(probe)
    const bucket = this.#buckets[bi] as T[]
    const pos = SortedList.#lowerBound(bucket, probe)
    if (pos >= bucket.length || this.#cmp(bucket[pos] as T, x) !== 0) return false
    bucket.splice(pos, 1)
    this.#size--
    if (bucket.length === 0) this.#buckets.splice(bi, 1)
    return true
  }

  /** Iterates all elements in order (or reverse order). */
  *values(reverse = false): Generator<T> {
    const buckets = this.#buckets
    if (!reverse) {
      for (const b of buckets) yield* b
      return
    }
    for (let i = buckets.length - 1; i >= 0; i--) {
      const b = buckets[i] as T[]
      for (let j = b.length - 1; j >= 0; j--) yield b[j] as T
    }
  }

  /** The first element >= probe, without starting an iteration. */
  first(probe: ProbeCompare<T>): T | undefined {
    const buckets = this.#buckets
    if (buckets.length === 0) return undefined
    const bi = this.#bucketFor(probe)
    const bucket = buckets[bi] as T[]
    return bucket[SortedList.#lowerBound(bucket, probe)]
  }

  /** Iterates forward from the first element >= probe. */
  *from(probe: ProbeCompare<T>): Generator<T> {
    const buckets = this.#buckets
    if (buckets.length === 0) return
    let bi = this.#bucketFor(probe)
    let pos = SortedList.#lowerBound(buckets[bi] as T[], probe)
    for (; bi < buckets.length; bi++, pos = 0) {
      const b = buckets[bi] as T[]
      for (let j = pos; j < b.length; j++) yield b[j] as T
    }
  }

  /** Iterates backward from the last element <= probe. */
  *fromReverse(probe: ProbeCompare<T>): Generator<T> {
    const buckets = this.#buckets
    if (buckets.length === 0) return
    // First element > probe, then step back one.
    const gt: ProbeCompare<T> = (el) => (probe(el) <= 0 ? -1 : 1)
    let bi = this.#bucketFor(gt)
    let pos = SortedList.#lowerBound(buckets[bi] as T[], gt) - 1
    for (; bi >= 0; bi--) {
      const b = buckets[bi] as T[]
      if (pos === -2) pos = b.length - 1
      for (let j = pos; j >= 0; j--) yield b[j] as T
      pos = -2
    }
  }
}
