import type { ColumnComparer } from './columns'
import type { Sources } from './explain'
import type { Side } from './side'
import type { Discrepancy } from './types'

/** The state of one comparison, shared by the matching, the ordering of discrepancies and the totals. */
export interface Context {
  v: Side
  g: Side
  /** Per village row: position + 1 in STRATEGIES of the step that matched it; 0 while it is not matched. */
  matchedBy: Uint8Array
  comparers: ColumnComparer[]
  /**
   * Whether both sides give 村民小组 (in a 户号 such as 一组-001 or a column): rows whose groups differ are then not
   * the same household, even with the same 户号 serial and name (serials restart at 001 in each group).
   */
  groups: boolean
  sources: Sources
  entries: Entry[]
}

/**
 * Sort key of a discrepancy. Discrepancies are ordered by the string `head + '\u0000' + tail()` (just `head` when
 * there is no tail). The tail holds the rows' contents, which are costly to build and only matter between equal
 * heads, so it is built only then: since every head of a kind has the same number of '\u0000'-separated fields
 * and no field contains '\u0000', comparing heads first and tails on a tie gives exactly the string order.
 */
export interface SortKey {
  head: string
  tail: (() => string) | null
}

/** A discrepancy with its sort key; `tailText` caches the built tail ('' when there is none). */
export interface Entry {
  d: Discrepancy
  key: SortKey
  tailText: string | null
}
