import type { Column, TableSchema } from '@cunwu/domain'
import { buildComparer, type ColumnComparer, displayOf } from './columns'
import {
  explainAmount,
  explainAmbiguous,
  explainField,
  explainOnlyIn,
  explainTotal,
  type Sources,
  type Who,
} from './explain'
import { compareFigures } from './figures'
import { HouseholdNameNumbering, IdNumbering, MapNumbering } from './keys'
import { canonicalJson } from './fingerprint'
import { int32Scratch } from './scratch'
import {
  fullIdNumber,
  type IdKey,
  idCompatible,
  idTail,
  isBlank,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeName,
} from './normalize'
import type {
  AlignmentResult,
  AlignmentSummary,
  ColumnTotal,
  CompareTablesInput,
  Discrepancy,
  DiscrepancyKind,
  KeyColumns,
  MatchStrategy,
  Row,
  RowRef,
} from './types'
import { type SideTotal, SideTotals } from './totals'
import { addDecimals, formatDecimal, parseAmountFen } from './values'

/** Above this many candidate pairs in one contested bucket, rows are not checked pairwise (kept linear). */
const PAIRWISE_LIMIT = 10_000

/** Partner of a row not matched (yet). */
const FREE = -1
/** Partner of a row in an ambiguous group: never compared, never matched by a later step. */
const AMBIGUOUS = -2

/** Matching steps in priority order. A matched row stores the position of its step + 1 (0: not matched). */
const STRATEGIES: readonly MatchStrategy[] = ['id_number', 'household_no_name', 'name_id_tail', 'name']

/** Radix sort of government rows by bucket: bits per pass, and the number of digit values. */
const RADIX_BITS = 11
const RADIX = 1 << RADIX_BITS

/** What a missing row (a hole in the input array) reads as when its identifying cells are looked up. */
const EMPTY_ROW: Row = {}

/**
 * One side of the comparison: its rows, the matching state of every row in a typed array (no object per row),
 * and the identifying values, normalised when needed. Most rows match on the full ID, so their name and 户号 are
 * normalised only when a later step, a sort key or an explanation needs them.
 */
class Side {
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

/**
 * Free rows of both sides grouped by the key of one matching step (a bucket per village key, numbered by
 * StepKeys). Village rows are chained per bucket in typed arrays. Government rows only land on a bucket at random,
 * so they are not chained there (on a million rows, that random access was the slowest part of the step): they
 * are listed as (bucket, row) pairs in row order and then sorted by bucket with a radix sort, which reads and
 * writes memory in order. The arrays are reused from one step to the next.
 */
class Buckets {
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

interface Context {
  v: Side
  g: Side
  /** Per village row: position + 1 in STRATEGIES of the step that matched it; 0 while it is not matched. */
  matchedBy: Uint8Array
  comparers: ColumnComparer[]
  sources: Sources
  entries: Entry[]
}

/** Resolved identifying columns of a schema (explicit overrides first, then schema flags). */
export function resolveKeyColumns(schema: TableSchema, overrides: KeyColumns = {}): Required<KeyColumns> {
  const cols = schema.columns
  const pick = (key: string | null | undefined, fallback: Column | undefined): string | null =>
    key !== undefined ? key : (fallback?.key ?? null)
  const nameFallback =
    cols.find((c) => c.type === 'text' && c.identifiesHousehold === true) ??
    cols.find((c) => c.type === 'text' && c.required)
  return {
    name: pick(overrides.name, nameFallback),
    idNumber: pick(
      overrides.idNumber,
      cols.find((c) => c.type === 'id_number' && c.identifiesHousehold === true) ??
        cols.find((c) => c.type === 'id_number'),
    ),
    householdNo: pick(
      overrides.householdNo,
      cols.find((c) => c.type === 'household_no'),
    ),
  }
}

/**
 * The keys of one matching step, numbered as bucket numbers (see keys.ts): full IDs and (户号, name) pairs in typed
 * tables, the ID tail + name and the name alone (few rows are left by then) as strings in a Map.
 */
class StepKeys {
  private readonly ids: IdNumbering | null = null
  private readonly households: HouseholdNameNumbering | null = null
  private readonly strings: MapNumbering | null = null

  constructor(
    readonly by: MatchStrategy,
    expected: number,
  ) {
    if (by === 'id_number') this.ids = new IdNumbering(expected)
    else if (by === 'household_no_name') this.households = new HouseholdNameNumbering(expected)
    else this.strings = new MapNumbering()
  }

  /**
   * Bucket number of row `i` of `side`, or -1 when the row lacks what the step needs. With `fresh` (village rows),
   * a new key is numbered `fresh`; without it (government rows), -1 also when no village row has the key.
   */
  bucketOf(side: Side, i: number, fresh?: number): number {
    if (this.households) {
      // Same 户号 and name: a differing ID on one side is then a field difference, not two strangers.
      const hn = side.freshHn(i)
      const name = hn === null ? null : side.freshName(i)
      if (hn === null || name === null) return -1
      return fresh === undefined
        ? this.households.numberOf(hn, name)
        : this.households.numberOrAdd(hn, name, fresh)
    }
    const key = this.stringKey(side, i)
    if (key === null) return -1
    const numbering = this.ids ?? this.strings
    if (!numbering) return -1
    return fresh === undefined ? numbering.numberOf(key) : numbering.numberOrAdd(key, fresh)
  }

  /** Bucket number of a name in the name step, or -1. */
  nameBucket(name: string): number {
    return this.strings?.numberOf(name) ?? -1
  }

  private stringKey(side: Side, i: number): string | null {
    switch (this.by) {
      case 'id_number':
        return side.fullId(i)
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

/** Whether village row `i` and government row `j`, which share the step's key, may be the same household. */
function compatible(ctx: Context, by: MatchStrategy, i: number, j: number): boolean {
  if (by === 'id_number' || by === 'household_no_name') return true
  const a = ctx.v.id(i)
  const b = ctx.g.id(j)
  if (a && b && a.kind !== 'other' && b.kind !== 'other' && !idCompatible(a, b)) return false
  const x = ctx.v.hn(i)
  const y = ctx.g.hn(j)
  return x === null || y === null || x === y
}

function link(ctx: Context, i: number, j: number, by: MatchStrategy): void {
  const code = STRATEGIES.indexOf(by) + 1
  ctx.v.partner[i] = j
  ctx.g.partner[j] = i
  ctx.matchedBy[i] = code
}

/** The strategy that matched village row `i`, or null. */
function strategyOf(ctx: Context, i: number): MatchStrategy | null {
  return STRATEGIES[(ctx.matchedBy[i] ?? 0) - 1] ?? null
}

function contentKey(ctx: Context, row: Row | undefined): string {
  const parts: string[] = []
  for (const c of ctx.comparers) parts.push(c.canon(row?.[c.column.key]))
  return parts.join('\u0001')
}

/**
 * Pairs rows of a contested bucket whose compared cells are all identical: which of two identical rows pairs with
 * which makes no difference to the result, so this is not a guess. Returns the rows left on each side.
 */
function pairIdentical(ctx: Context, vs: number[], gs: number[], by: MatchStrategy): [number[], number[]] {
  const byContent = new Map<string, number[]>()
  for (const i of vs) {
    const k = contentKey(ctx, ctx.v.rows[i])
    const list = byContent.get(k)
    if (list) list.push(i)
    else byContent.set(k, [i])
  }
  const restG: number[] = []
  for (const j of gs) {
    const list = byContent.get(contentKey(ctx, ctx.g.rows[j]))
    const i = list?.shift()
    if (i !== undefined) link(ctx, i, j, by)
    else restG.push(j)
  }
  return [vs.filter((i) => ctx.v.isFree(i)), restG]
}

/** Resolves a key shared by several rows (rows in index order on both sides). */
function resolveBucket(ctx: Context, by: MatchStrategy, vs: number[], gs: number[], unique: boolean): void {
  const uniqueOnly = by === 'name'
  const [first] = vs
  const [only] = gs
  if (
    vs.length === 1 &&
    gs.length === 1 &&
    first !== undefined &&
    only !== undefined &&
    (!uniqueOnly || unique)
  ) {
    if (compatible(ctx, by, first, only)) link(ctx, first, only, by)
    return
  }
  const [rv, rg] = pairIdentical(ctx, vs, gs, by)
  if (rv.length === 0 || rg.length === 0) return
  const [v0] = rv
  const [g0] = rg
  if (
    !uniqueOnly &&
    rv.length === 1 &&
    rg.length === 1 &&
    v0 !== undefined &&
    g0 !== undefined &&
    compatible(ctx, by, v0, g0)
  ) {
    link(ctx, v0, g0, by)
    return
  }
  let av: number[]
  let ag: number[]
  if (rv.length * rg.length > PAIRWISE_LIMIT) {
    av = rv
    ag = rg
  } else {
    const gHit = new Set<number>()
    av = []
    for (const i of rv) {
      let hit = false
      for (const j of rg) {
        if (compatible(ctx, by, i, j)) {
          hit = true
          gHit.add(j)
        }
      }
      if (hit) av.push(i)
    }
    ag = rg.filter((j) => gHit.has(j))
  }
  if (av.length === 0) return
  for (const i of av) ctx.v.partner[i] = AMBIGUOUS
  for (const j of ag) ctx.g.partner[j] = AMBIGUOUS
  const d = emptyDiscrepancy('ambiguous_match', by)
  d.village = av.map((i) => refOf(ctx.v, i))
  d.government = ag.map((j) => refOf(ctx.g, j))
  d.explanation = explainAmbiguous(
    ctx.sources,
    av.map((i) => named(ctx.v, i)),
    ag.map((j) => named(ctx.g, j)),
    by,
  )
  // Sort by the smallest name and 户号 in the group, so the position does not depend on row order.
  const least = (values: (string | null)[]): string =>
    values.reduce<string | null>((m, x) => (x !== null && (m === null || x < m) ? x : m), null) ?? ''
  const names = [...av.map((i) => ctx.v.name(i)), ...ag.map((j) => ctx.g.name(j))]
  const hns = [...av.map((i) => ctx.v.hn(i)), ...ag.map((j) => ctx.g.hn(j))]
  push(ctx, d, groupSortKey(ctx, least(names), least(hns), av, ag, d))
}

/** Occurrences in each whole table (matched rows included) of the names that have a bucket. */
function nameCounts(ctx: Context, keys: StepKeys, buckets: Buckets): [Int32Array, Int32Array] {
  const count = (side: Side): Int32Array => {
    const counts = new Int32Array(buckets.size)
    for (let i = 0; i < side.length; i += 1) {
      const name = side.freshName(i)
      const b = name === null ? -1 : keys.nameBucket(name)
      if (b >= 0) counts[b] = (counts[b] ?? 0) + 1
    }
    return counts
  }
  return [count(ctx.v), count(ctx.g)]
}

/** Runs the matching steps in priority order. */
function runMatching(ctx: Context): void {
  const { v, g } = ctx
  const buckets = new Buckets(v.length, g.length)
  for (const by of STRATEGIES) {
    buckets.reset()
    const keys = new StepKeys(by, v.freeCount())
    collectVillage(ctx, buckets, keys)
    if (buckets.size === 0) continue
    const shared = collectGovernment(ctx, buckets, keys)
    if (shared === 0) continue
    // Name alone matches only a name seen once in each whole table, matched rows included.
    const uniqueOnly = by === 'name'
    const [vNames, gNames] = uniqueOnly ? nameCounts(ctx, keys, buckets) : [null, null]
    // Buckets with government rows, in bucket order (the order of their first village row).
    buckets.groupGovernment()
    for (let k = 0; k < buckets.shared;) {
      const b = buckets.bucketAt(k)
      let end = k + 1
      while (end < buckets.shared && buckets.bucketAt(end) === b) end += 1
      const unique = vNames?.[b] === 1 && gNames?.[b] === 1
      if (end === k + 1 && buckets.singleVillage(b) && (!uniqueOnly || unique)) {
        const i = buckets.lastVillage(b)
        const j = buckets.rowAt(k)
        if (compatible(ctx, by, i, j)) link(ctx, i, j, by)
      } else {
        resolveBucket(ctx, by, buckets.villageRows(b), buckets.governmentRows(k, end), unique)
      }
      k = end
    }
  }
}

/** Puts the free village rows that have a key for the step into buckets. */
function collectVillage(ctx: Context, buckets: Buckets, keys: StepKeys): void {
  const v = ctx.v
  for (let i = 0; i < v.length; i += 1) {
    if (!v.isFree(i)) continue
    const b = keys.bucketOf(v, i, buckets.size)
    if (b >= 0) buckets.addVillage(b, i)
  }
}

/** Adds the free government rows whose key for the step a village row has to their buckets; returns how many. */
function collectGovernment(ctx: Context, buckets: Buckets, keys: StepKeys): number {
  const g = ctx.g
  for (let j = 0; j < g.length; j += 1) {
    if (!g.isFree(j)) continue
    const b = keys.bucketOf(g, j)
    if (b >= 0) buckets.addGovernment(b, j)
  }
  return buckets.shared
}

function refOf(side: Side, i: number): RowRef {
  return { index: i, name: displayOf(side.rawName(i)), householdNo: displayOf(side.rawHn(i)) }
}

function named(side: Side, i: number): { index: number; displayName: string | null } {
  return { index: i, displayName: displayOf(side.rawName(i)) }
}

function emptyDiscrepancy(kind: DiscrepancyKind, matchedBy: MatchStrategy | null): Discrepancy {
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

function pad(n: number): string {
  return String(n + 1).padStart(10, '0')
}

/**
 * Sort key of a discrepancy. Discrepancies are ordered by the string `head + '\u0000' + tail()` (just `head` when
 * there is no tail). The tail holds the rows' contents, which are costly to build and only matter between equal
 * heads, so it is built only then: since every head of a kind has the same number of '\u0000'-separated fields
 * and no field contains '\u0000', comparing heads first and tails on a tie gives exactly the string order.
 */
interface SortKey {
  head: string
  tail: (() => string) | null
}

/** A discrepancy with its sort key; `tailText` caches the built tail ('' when there is none). */
interface Entry {
  d: Discrepancy
  key: SortKey
  tailText: string | null
}

function tailOf(entry: Entry): string {
  if (entry.tailText === null) entry.tailText = entry.key.tail ? `\u0000${entry.key.tail()}` : ''
  return entry.tailText
}

function compareEntries(a: Entry, b: Entry): number {
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
function rowSortKey(
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

function groupSortKey(
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
function push(ctx: Context, d: Discrepancy, key: SortKey | string): void {
  ctx.entries.push({ d, key: typeof key === 'string' ? { head: key, tail: null } : key, tailText: null })
}

/** The household of a row-level explanation: village row `i` and/or government row `j`. */
function whoOf(ctx: Context, i: number | null, j: number | null): Who {
  return {
    name:
      (i === null ? null : displayOf(ctx.v.rawName(i))) ?? (j === null ? null : displayOf(ctx.g.rawName(j))),
    householdNo:
      (i === null ? null : displayOf(ctx.v.rawHn(i))) ?? (j === null ? null : displayOf(ctx.g.rawHn(j))),
    side: i !== null ? 'village' : 'government',
    index: i ?? j ?? 0,
  }
}

/**
 * Column totals, summed while the matched rows are compared, since their cells are read then anyway (a separate
 * pass over a million government rows in their own order cost more than all the comparing). The village sums
 * follow row order; the government sums follow the village order and are checked to be order-independent.
 */
interface Totals {
  village: SideTotals
  government: SideTotals
  /** Per compared column: its position among the totalled columns, -1 when it is not totalled. */
  position: Int32Array
}

function compareMatched(ctx: Context, totals: Totals): void {
  const { v, g, comparers } = ctx
  const summing = !totals.village.empty
  for (let i = 0; i < v.length; i += 1) {
    const j = v.partner[i] ?? FREE
    const vr = v.rows[i]
    if (j < 0) {
      // Summed here too, so that the village sums stay in row order. (A hole in the input array fails here, as it
      // always has when there are totals: rows must be objects.)
      if (summing) totals.village.addRow(vr as Row)
      continue
    }
    const gr = g.rows[j]
    if (!vr || !gr) continue
    for (let k = 0; k < comparers.length; k += 1) {
      const c = comparers[k] as ColumnComparer
      const key = c.column.key
      const a = vr[key]
      const b = gr[key]
      if (summing) {
        const position = totals.position[k] ?? -1
        if (position >= 0) {
          totals.village.addCell(position, a)
          totals.government.addCell(position, b)
        }
      }
      if (a === b || c.equal(a, b)) continue
      const d = emptyDiscrepancy(c.isAmount ? 'amount_differs' : 'field_differs', strategyOf(ctx, i))
      d.village = [refOf(v, i)]
      d.government = [refOf(g, j)]
      d.column = key
      d.label = c.column.label
      d.villageValue = c.show(a)
      d.governmentValue = c.show(b)
      const who = whoOf(ctx, i, j)
      if (c.isAmount) {
        const x = parseAmountFen(a)
        const y = parseAmountFen(b)
        if (x.ok && y.ok) d.difference = y.value - x.value
        d.explanation = explainAmount(ctx.sources, who, c.column.label, x, y)
      } else {
        d.explanation = explainField(ctx.sources, who, c.column, d.villageValue, d.governmentValue)
      }
      push(ctx, d, rowSortKey(ctx, i, j, c.order, d))
    }
  }
}

/**
 * Completes the government sums with the rows not matched; when the order of the additions could matter (a sum
 * near 2^53), sums the government rows again in row order.
 */
function sumGovernment(ctx: Context, sums: SideTotals): SideTotal[] {
  if (sums.empty) return []
  const g = ctx.g
  for (let j = 0; j < g.length; j += 1) {
    if ((g.partner[j] ?? FREE) < 0) sums.addRow(g.rows[j] as Row)
  }
  return sums.exact ? sums.totals() : sums.sumRows(g.rows)
}

function reportUnmatched(ctx: Context): void {
  /** Free rows of a side by normalised name. */
  const freeByName = (side: Side): Map<string, number[]> => {
    const map = new Map<string, number[]>()
    for (let i = 0; i < side.length; i += 1) {
      const name = side.isFree(i) ? side.name(i) : null
      if (name === null) continue
      const list = map.get(name)
      if (list) list.push(i)
      else map.set(name, [i])
    }
    return map
  }
  const vFree = freeByName(ctx.v)
  const gFree = freeByName(ctx.g)
  const report = (side: Side, i: number, others: Map<string, number[]>): void => {
    if (!side.isFree(i)) return
    const village = side === ctx.v
    const d = emptyDiscrepancy(village ? 'only_in_village' : 'only_in_government', null)
    if (village) d.village = [refOf(side, i)]
    else d.government = [refOf(side, i)]
    const name = side.name(i)
    const sameName = name === null ? [] : (others.get(name) ?? [])
    const vi = village ? i : null
    const gj = village ? null : i
    d.explanation = explainOnlyIn(ctx.sources, whoOf(ctx, vi, gj), sameName)
    push(ctx, d, rowSortKey(ctx, vi, gj, -1, d))
  }
  for (let i = 0; i < ctx.v.length; i += 1) report(ctx.v, i, gFree)
  for (let j = 0; j < ctx.g.length; j += 1) report(ctx.g, j, vFree)
}

/**
 * Headcount and column totals: `totalled` are the compared columns with `total`, `villageSums` / `governmentSums`
 * their sums on each side (same order).
 */
function compareTotals(
  ctx: Context,
  summary: AlignmentSummary,
  primaryAmount: Column | undefined,
  totalled: readonly ColumnComparer[],
  villageSums: readonly SideTotal[],
  governmentSums: readonly SideTotal[],
): void {
  const village = ctx.v.rows
  const government = ctx.g.rows
  const { sources } = ctx
  if (village.length !== government.length) {
    const d = emptyDiscrepancy('total_differs', null)
    d.label = '记录数'
    d.villageValue = village.length
    d.governmentValue = government.length
    d.difference = government.length - village.length
    d.explanation = explainTotal(sources, '记录数', '条', village.length, government.length, null, 0, 0)
    push(ctx, d, `0\u0000${pad(-1)}`)
  }
  totalled.forEach((c, k) => {
    const column = c.column
    const vt = villageSums[k]
    const gt = governmentSums[k]
    if (!vt || !gt) return
    const isAmount = column.type === 'amount_fen'
    if (column === primaryAmount) {
      summary.villageTotalFen = vt.present ? vt.fen : null
      summary.governmentTotalFen = gt.present ? gt.fen : null
    }
    const vValue = isAmount ? vt.fen : formatDecimal(vt.decimal)
    const gValue = isAmount ? gt.fen : formatDecimal(gt.decimal)
    summary.totals.push({
      column: column.key,
      label: column.label,
      village: vValue,
      government: gValue,
      villageUnreadable: vt.unreadable,
      governmentUnreadable: gt.unreadable,
    } satisfies ColumnTotal)
    if (vValue === gValue) return
    const d = emptyDiscrepancy('total_differs', null)
    d.column = column.key
    d.label = column.label
    d.villageValue = vValue
    d.governmentValue = gValue
    d.difference = isAmount
      ? gt.fen - vt.fen
      : formatDecimal(addDecimals([gt.decimal, { units: -vt.decimal.units, scale: vt.decimal.scale }]))
    d.explanation = explainTotal(
      sources,
      column.label,
      isAmount ? '元' : (column.unit ?? ''),
      vValue,
      gValue,
      d.difference,
      vt.unreadable,
      gt.unreadable,
    )
    push(ctx, d, `0\u0000${pad(c.order)}`)
  })
}

/** Columns compared: the selected schema columns that hold at least one value on each side. */
function comparedColumns(input: CompareTablesInput, nameKey: string | null): ColumnComparer[] {
  const selected = input.columns ? new Set(input.columns) : null
  const out: ColumnComparer[] = []
  input.schema.columns.forEach((column, order) => {
    if (selected && !selected.has(column.key)) return
    const has = (rows: readonly Row[]): boolean => rows.some((r) => !isBlank(r[column.key]))
    if (!has(input.village) || !has(input.government)) return
    out.push(buildComparer(column, order, column.key === nameKey))
  })
  return out
}

/**
 * Compares a village table with the government rows for that village: matches households (full ID; 户号 + name;
 * name + ID tail; name alone when unique on both sides), then compares headcount, amounts, totals, dates, other
 * fields and named figures. Pure and deterministic: the same input gives byte-identical JSON.
 */
export function compareTables(input: CompareTablesInput): AlignmentResult {
  const keys = resolveKeyColumns(input.schema, input.keyColumns)
  const comparers = comparedColumns(input, keys.name)
  const ctx: Context = {
    v: new Side('village', input.village, keys),
    g: new Side('government', input.government, keys),
    matchedBy: new Uint8Array(input.village.length),
    comparers,
    sources: { government: input.governmentSource ?? '政府' },
    entries: [],
  }
  const summary: AlignmentSummary = {
    villageRows: input.village.length,
    governmentRows: input.government.length,
    matched: 0,
    onlyInVillage: 0,
    onlyInGovernment: 0,
    amountDiffers: 0,
    fieldDiffers: 0,
    ambiguous: 0,
    ambiguousVillageRows: 0,
    ambiguousGovernmentRows: 0,
    totalDiffers: 0,
    figureDiffers: 0,
    villageTotalFen: null,
    governmentTotalFen: null,
    matchedBy: { id_number: 0, household_no_name: 0, name_id_tail: 0, name: 0 },
    totals: [],
  }
  runMatching(ctx)
  const totalled = comparers.filter((c) => c.column.total === true)
  const totals: Totals = {
    village: new SideTotals(totalled.map((c) => c.column)),
    government: new SideTotals(totalled.map((c) => c.column)),
    position: Int32Array.from(comparers, (c) => totalled.indexOf(c)),
  }
  compareMatched(ctx, totals)
  const governmentSums = sumGovernment(ctx, totals.government)
  reportUnmatched(ctx)
  const primaryAmount = input.schema.columns.find((c) => c.type === 'amount_fen' && c.total === true)
  compareTotals(ctx, summary, primaryAmount, totalled, totals.village.totals(), governmentSums)
  if (input.villageFigures && input.governmentFigures) {
    for (const [d, key] of compareFigures(input.villageFigures, input.governmentFigures, ctx.sources)) {
      push(ctx, d, `1\u0000${key}`)
    }
  }

  for (let i = 0; i < ctx.v.length; i += 1) {
    const partner = ctx.v.partner[i] ?? FREE
    const by = strategyOf(ctx, i)
    if (partner >= 0 && by) {
      summary.matched += 1
      summary.matchedBy[by] += 1
    } else if (partner === AMBIGUOUS) summary.ambiguousVillageRows += 1
  }
  for (let j = 0; j < ctx.g.length; j += 1) {
    if (ctx.g.partner[j] === AMBIGUOUS) summary.ambiguousGovernmentRows += 1
  }
  for (const { d } of ctx.entries) {
    if (d.kind === 'only_in_village') summary.onlyInVillage += 1
    else if (d.kind === 'only_in_government') summary.onlyInGovernment += 1
    else if (d.kind === 'amount_differs') summary.amountDiffers += 1
    else if (d.kind === 'field_differs') summary.fieldDiffers += 1
    else if (d.kind === 'ambiguous_match') summary.ambiguous += 1
    else if (d.kind === 'total_differs') summary.totalDiffers += 1
    else summary.figureDiffers += 1
  }

  const discrepancies = ctx.entries.sort(compareEntries).map((entry) => entry.d)
  return { status: discrepancies.length === 0 ? 'consistent' : 'inconsistent', summary, discrepancies }
}
