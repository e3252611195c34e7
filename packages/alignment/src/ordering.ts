import { displayOf } from './columns'
import type { Context, Entry, SortKey } from './context'
import type { Who } from './explain'
import { canonicalJson } from './fingerprint'
import type { Side } from './side'
import type { Discrepancy, DiscrepancyKind, MatchStrategy, Row, RowRef } from './types'

/**
 * Discrepancy records and their order: how a discrepancy names its rows and household, and the sort key that
 * orders the result by content (household, kind, column, values), never by row position alone.
 */

export function contentKey(ctx: Context, row: Row | undefined): string {
  const parts: string[] = []
  for (const c of ctx.comparers) parts.push(c.canon(row?.[c.column.key]))
  return parts.join('\u0001')
}

export function refOf(side: Side, i: number): RowRef {
  return { index: i, name: displayOf(side.rawName(i)), householdNo: displayOf(side.rawHn(i)) }
}

export function named(side: Side, i: number): { index: number; displayName: string | null } {
  return { index: i, displayName: displayOf(side.rawName(i)) }
}

export function emptyDiscrepancy(kind: DiscrepancyKind, matchedBy: MatchStrategy | null): Discrepancy {
  return {
    kind,
    matchedBy,
    village: [],
    government: [],
    column: null,
    label: null,
    figure: null,
    villageValue: null,
    governmentValue: null,
    difference: null,
    explanation: '',
  }
}

const KIND_RANK: Readonly<Record<DiscrepancyKind, number>> = {
  total_differs: 0,
  figure_differs: 1,
  ambiguous_match: 2,
  only_in_village: 3,
  only_in_government: 4,
  amount_differs: 5,
  field_differs: 6,
}

export function pad(n: number): string {
  return String(n + 1).padStart(10, '0')
}

function tailOf(entry: Entry): string {
  if (entry.tailText === null) entry.tailText = entry.key.tail ? `\u0000${entry.key.tail()}` : ''
  return entry.tailText
}

export function compareEntries(a: Entry, b: Entry): number {
  if (a.key.head !== b.key.head) return a.key.head < b.key.head ? -1 : 1
  const x = tailOf(a)
  const y = tailOf(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** UTF-16 units of a head packed per number by `sortEntries` (3 × 16 bits: exact in a double). */
const UNITS_PER_NUMBER = 3
/** Numbers per head: its first 9 units (row-level heads: '2', '\u0000', then the name and the 户号). */
const NUMBERS_PER_HEAD = 3

/**
 * The entries in the order of `compareEntries` (a stable sort, so equal entries keep their order). Each head's
 * first units are packed into numbers in one typed array first, and the sort compares those numbers, reading a
 * head itself only when they are equal. With tens of thousands of discrepancies, comparing the strings through
 * their entries read objects spread over the heap on every comparison. A missing unit packs as 0, like
 * '\u0000': where the numbers say "less", the strings agree; where they tie, the strings decide.
 */
export function sortEntries(entries: readonly Entry[]): Entry[] {
  const n = entries.length
  const packed = new Float64Array(n * NUMBERS_PER_HEAD)
  for (let k = 0; k < n; k += 1) {
    const head = (entries[k] as Entry).key.head
    for (let p = 0; p < NUMBERS_PER_HEAD; p += 1) {
      let value = 0
      for (let u = p * UNITS_PER_NUMBER; u < (p + 1) * UNITS_PER_NUMBER; u += 1) {
        value = value * 65536 + (u < head.length ? head.charCodeAt(u) : 0)
      }
      packed[k * NUMBERS_PER_HEAD + p] = value
    }
  }
  // Whether entry a goes after entry b.
  const after = (a: number, b: number): boolean => {
    for (let p = 0; p < NUMBERS_PER_HEAD; p += 1) {
      const x = packed[a * NUMBERS_PER_HEAD + p] ?? 0
      const y = packed[b * NUMBERS_PER_HEAD + p] ?? 0
      if (x !== y) return x > y
    }
    return compareEntries(entries[a] as Entry, entries[b] as Entry) > 0
  }
  // Bottom-up merge sort of the entry numbers: stable (on a tie the earlier run's entry goes first).
  let order = new Int32Array(n)
  let spare = new Int32Array(n)
  for (let k = 0; k < n; k += 1) order[k] = k
  for (let width = 1; width < n; width *= 2) {
    for (let from = 0; from < n; from += 2 * width) {
      const middle = Math.min(from + width, n)
      const end = Math.min(from + 2 * width, n)
      let i = from
      let j = middle
      let k = from
      while (i < middle && j < end) {
        const x = order[i] ?? 0
        const y = order[j] ?? 0
        if (after(x, y)) {
          spare[k] = y
          j += 1
        } else {
          spare[k] = x
          i += 1
        }
        k += 1
      }
      while (i < middle) spare[k++] = order[i++] ?? 0
      while (j < end) spare[k++] = order[j++] ?? 0
    }
    const sorted = spare
    spare = order
    order = sorted
  }
  return Array.from(order, (k) => entries[k] as Entry)
}

/**
 * Sort key of a row-level discrepancy: household (normalised name, 户号) first so one household's discrepancies
 * stay together, then kind, column and values; then the rows' contents, and indices last, so row order only
 * breaks ties between otherwise identical entries. `i` / `j` are the village / government rows concerned (null:
 * none on that side).
 */
export function rowSortKey(
  ctx: Context,
  i: number | null,
  j: number | null,
  columnOrder: number,
  d: Discrepancy,
): SortKey {
  const name = (i === null ? null : ctx.v.name(i)) ?? (j === null ? null : ctx.g.name(j)) ?? ''
  const hn = (i === null ? null : ctx.v.hn(i)) ?? (j === null ? null : ctx.g.hn(j)) ?? ''
  const head = [
    '2',
    name,
    hn,
    String(KIND_RANK[d.kind]),
    pad(columnOrder),
    JSON.stringify([d.villageValue, d.governmentValue, d.village.length, d.government.length]),
  ].join('\u0000')
  const tail = (): string =>
    [
      i === null ? '' : rowContent(ctx, ctx.v.rows[i]),
      j === null ? '' : rowContent(ctx, ctx.g.rows[j]),
      d.village.map((r) => pad(r.index)).join(','),
      d.government.map((r) => pad(r.index)).join(','),
    ].join('\u0000')
  return { head, tail }
}

/** Compared cells, then the raw row: the content-based tie-breaker that keeps the order free of row positions. */
function rowContent(ctx: Context, row: Row | undefined): string {
  return `${contentKey(ctx, row)}\u0002${canonicalJson(row)}`
}

export function groupSortKey(
  ctx: Context,
  name: string,
  hn: string,
  vs: number[],
  gs: number[],
  d: Discrepancy,
): SortKey {
  const contents = (side: Side, rows: number[]): string =>
    rows
      .map((i) => rowContent(ctx, side.rows[i]))
      .sort()
      .join('\u0003')
  const head = ['2', name, hn, String(KIND_RANK[d.kind]), pad(-1), ''].join('\u0000')
  const tail = (): string =>
    [
      contents(ctx.v, vs),
      contents(ctx.g, gs),
      d.village.map((r) => pad(r.index)).join(','),
      d.government.map((r) => pad(r.index)).join(','),
    ].join('\u0000')
  return { head, tail }
}

/** Records a discrepancy; `key` is a SortKey, or the whole sort key as a string (totals, figures). */
export function push(ctx: Context, d: Discrepancy, key: SortKey | string): void {
  ctx.entries.push({ d, key: typeof key === 'string' ? { head: key, tail: null } : key, tailText: null })
}

/** The household of a row-level explanation: village row `i` and/or government row `j`. */
export function whoOf(ctx: Context, i: number | null, j: number | null): Who {
  return {
    name:
      (i === null ? null : displayOf(ctx.v.rawName(i))) ?? (j === null ? null : displayOf(ctx.g.rawName(j))),
    householdNo:
      (i === null ? null : displayOf(ctx.v.rawHn(i))) ?? (j === null ? null : displayOf(ctx.g.rawHn(j))),
    side: i !== null ? 'village' : 'government',
    index: i ?? j ?? 0,
  }
}
