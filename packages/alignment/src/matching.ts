import { Buckets } from './buckets'
import type { Context } from './context'
import { explainAmbiguous } from './explain'
import {
  HouseholdNameNumbering,
  householdNameText,
  householdNumberValue,
  IdNumbering,
  MapNumbering,
} from './keys'
import { idCompatible } from './normalize'
import { contentKey, emptyDiscrepancy, groupSortKey, named, push, refOf } from './ordering'
import { BLANK, canonNumber, canonOfRaw, type CodeLayout, FALLBACK, ID_FALLBACK } from './row-codes'
import { AMBIGUOUS, type Side, WARM_BLOCK } from './side'
import type { MatchStrategy } from './types'

/**
 * Household matching: the steps (full ID; 户号 + name; name + ID tail; name alone when unique on both sides) pair
 * the free rows of both sides that share the step's key; a key shared by several rows is resolved by identical
 * content, then by compatibility, else reported as an ambiguous group.
 */

/** Above this many candidate pairs in one contested bucket, rows are not checked pairwise (kept linear). */
const PAIRWISE_LIMIT = 10_000

/** Matching steps in priority order. A matched row stores the position of its step + 1 (0: not matched). */
export const STRATEGIES: readonly MatchStrategy[] = ['id_number', 'household_no_name', 'name_id_tail', 'name']

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
class StepKeys {
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
  }

  private readKeys(side: Side, from: number, to: number): void {
    const { kind, high, low, text } = this
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
        const id = side.fullId(i)
        if (id === null) continue
        if (this.ids.read(id)) {
          kind[k] = PAIR_KEY
          high[k] = this.ids.high
          low[k] = this.ids.low
        } else {
          kind[k] = TEXT_KEY
          text[k] = id
        }
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

  /**
   * `readKeys` from the codes: the same keys, the names of the 户号 + name step already numbered (by the number of
   * their canonical form in the name column's dictionary, the same for both sides).
   */
  private readCodedKeys(side: Side, from: number, to: number, layout: CodeLayout): void {
    const { kind, high, low, text } = this
    const codes = side.codes
    const stride = layout.stride
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
        const id = side.fullId(i)
        if (id === null) continue
        if (this.ids.read(id)) {
          kind[k] = PAIR_KEY
          high[k] = this.ids.high
          low[k] = this.ids.low
        } else {
          kind[k] = TEXT_KEY
          text[k] = id
        }
      } else if (layout.household && layout.name) {
        const hnCode = codes[i * stride + layout.household.offset] ?? FALLBACK
        if (hnCode === BLANK) continue
        const nameCode = codes[i * stride + layout.name.offset] ?? FALLBACK
        const canonCode = nameCode === FALLBACK ? -1 : canonOfRaw(layout.name, nameCode)
        const canon = canonCode < 0 ? side.freshName(i) : (layout.name.canons[canonCode] ?? '')
        const name = canon === '' ? null : canon
        if (name === null) continue
        const nameNumber = canonCode < 0 ? canonNumber(layout.name, name) : canonCode
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
          text[k] = householdNameText(hn ?? '', name)
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
export function strategyOf(ctx: Context, i: number): MatchStrategy | null {
  return STRATEGIES[(ctx.matchedBy[i] ?? 0) - 1] ?? null
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
export function runMatching(ctx: Context): void {
  const { v, g } = ctx
  const buckets = new Buckets(v.length, g.length)
  for (const by of STRATEGIES) {
    buckets.reset()
    const keys = new StepKeys(by, v.freeCount(), v.layout)
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
  for (let from = 0; from < v.length; from += WARM_BLOCK) {
    const to = Math.min(v.length, from + WARM_BLOCK)
    keys.read(v, from, to, true)
    for (let i = from; i < to; i += 1) {
      const b = keys.numberOrAdd(i - from, buckets.size)
      if (b >= 0) buckets.addVillage(b, i)
    }
  }
  keys.clear()
}

/** Adds the free government rows whose key for the step a village row has to their buckets; returns how many. */
function collectGovernment(ctx: Context, buckets: Buckets, keys: StepKeys): number {
  const g = ctx.g
  for (let from = 0; from < g.length; from += WARM_BLOCK) {
    const to = Math.min(g.length, from + WARM_BLOCK)
    keys.read(g, from, to, false)
    for (let j = from; j < to; j += 1) {
      const b = keys.numberOf(j - from)
      if (b >= 0) buckets.addGovernment(b, j)
    }
  }
  keys.clear()
  return buckets.shared
}
