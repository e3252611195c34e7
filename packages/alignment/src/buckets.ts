import { int32Scratch } from './scratch'

/** Radix sort of government rows by bucket: bits per pass, and the number of digit values. */
const RADIX_BITS = 11
const RADIX = 1 << RADIX_BITS

/**
 * Free rows of both sides grouped by the key of one matching step (a bucket per village key, numbered by
 * StepKeys). Village rows are chained per bucket in typed arrays. Government rows only land on a bucket at random,
 * so they are not chained there (on a million rows, that random access was the slowest part of the step): they
 * are listed as (bucket, row) pairs in row order and then sorted by bucket with a radix sort, which reads and
 * writes memory in order. The arrays are reused from one step to the next.
 */
export class Buckets {
  /** Per bucket: its last village row. */
  private readonly vLast: Int32Array
  /** Per village row: the row of the same bucket added before it (-1: none). Rows are added in index order. */
  private readonly vPrevious: Int32Array
  /** The (bucket, government row) pairs, and room to sort them. */
  private pairBucket: Int32Array
  private pairRow: Int32Array
  private spareBucket: Int32Array
  private spareRow: Int32Array
  /** Number of buckets (village keys); the next new key gets this number. */
  size = 0
  /** Number of (bucket, government row) pairs. */
  shared = 0

  constructor(villageRows: number, governmentRows: number) {
    // Every element is written before it is read: the arrays need no clearing.
    this.vLast = int32Scratch('buckets.vLast', villageRows)
    this.vPrevious = int32Scratch('buckets.vPrevious', villageRows)
    this.pairBucket = int32Scratch('buckets.pairBucket', governmentRows)
    this.pairRow = int32Scratch('buckets.pairRow', governmentRows)
    this.spareBucket = int32Scratch('buckets.spareBucket', governmentRows)
    this.spareRow = int32Scratch('buckets.spareRow', governmentRows)
  }

  /** Empties the buckets for the next step. */
  reset(): void {
    this.size = 0
    this.shared = 0
  }

  /** Adds village row `i` to bucket `b` (`size`: a new bucket). Rows must be added in increasing index order. */
  addVillage(b: number, i: number): void {
    if (b === this.size) {
      this.size += 1
      this.vPrevious[i] = -1
    } else {
      this.vPrevious[i] = this.vLast[b] ?? -1
    }
    this.vLast[b] = i
  }

  /** Adds government row `j` to bucket `b` (rows in increasing index order). */
  addGovernment(b: number, j: number): void {
    this.pairBucket[this.shared] = b
    this.pairRow[this.shared] = j
    this.shared += 1
  }

  /**
   * Sorts the (bucket, government row) pairs by bucket: a least-significant-digit radix sort, 11 bits a pass, which
   * is stable, so the rows of a bucket stay in index order.
   */
  groupGovernment(): void {
    const counts = new Int32Array(RADIX)
    for (let shift = 0; shift < 32 && (shift === 0 || (this.size - 1) >>> shift > 0); shift += RADIX_BITS) {
      counts.fill(0)
      for (let k = 0; k < this.shared; k += 1) {
        const digit = ((this.pairBucket[k] ?? 0) >>> shift) & (RADIX - 1)
        counts[digit] = (counts[digit] ?? 0) + 1
      }
      let offset = 0
      for (let digit = 0; digit < RADIX; digit += 1) {
        const count = counts[digit] ?? 0
        counts[digit] = offset
        offset += count
      }
      for (let k = 0; k < this.shared; k += 1) {
        const b = this.pairBucket[k] ?? 0
        const digit = (b >>> shift) & (RADIX - 1)
        const to = counts[digit] ?? 0
        counts[digit] = to + 1
        this.spareBucket[to] = b
        this.spareRow[to] = this.pairRow[k] ?? 0
      }
      const sortedBuckets = this.spareBucket
      this.spareBucket = this.pairBucket
      this.pairBucket = sortedBuckets
      const sortedRows = this.spareRow
      this.spareRow = this.pairRow
      this.pairRow = sortedRows
    }
  }

  /** After `groupGovernment`: the bucket of pair `k` (ascending with k). */
  bucketAt(k: number): number {
    return this.pairBucket[k] ?? -1
  }

  /** After `groupGovernment`: the government row of pair `k`. */
  rowAt(k: number): number {
    return this.pairRow[k] ?? -1
  }

  /** The last (for a single one: the only) village row of a bucket. */
  lastVillage(b: number): number {
    return this.vLast[b] ?? -1
  }

  /** Whether the bucket holds a single village row. */
  singleVillage(b: number): boolean {
    return this.vPrevious[this.lastVillage(b)] === -1
  }

  /** The village rows of a bucket, in index order. */
  villageRows(b: number): number[] {
    return chain(this.lastVillage(b), this.vPrevious)
  }

  /** After `groupGovernment`: the government rows of pairs `from` to `to` (excluded), in index order. */
  governmentRows(from: number, to: number): number[] {
    return Array.from(this.pairRow.subarray(from, to))
  }
}

/** The rows of a chain from its last row back, returned in index order. */
function chain(last: number, previous: Int32Array): number[] {
  const rows: number[] = []
  for (let i = last; i >= 0; i = previous[i] ?? -1) rows.push(i)
  return rows.reverse()
}
