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
