import { Buckets } from './buckets'
import type { Context } from './context'
import { explainAmbiguous } from './explain'
import { groupsAgree } from '@cunwu/domain'
import { idCompatible } from './normalize'
import { contentKey, emptyDiscrepancy, groupSortKey, named, push, refOf } from './ordering'
import { StepKeys } from './step-keys'
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

/**
 * Whether village row `i` and government row `j`, which share the step's key, may be the same household. One full
 * ID is one person; otherwise two 村民小组 given on both sides must agree.
 */
function compatible(ctx: Context, by: MatchStrategy, i: number, j: number): boolean {
  if (by === 'id_number') return true
  if (ctx.groups && !groupsAgree(ctx.v.group(i), ctx.g.group(j))) return false
  if (by === 'household_no_name') return true
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
  // Where groups count, a row's group is part of its content, even when only one side has a 村民小组 column.
  const keyOf = (side: Side, i: number): string =>
    ctx.groups ? `${contentKey(ctx, side.rows[i])}\u0002${side.group(i)}` : contentKey(ctx, side.rows[i])
  const byContent = new Map<string, number[]>()
  for (const i of vs) {
    const k = keyOf(ctx.v, i)
    const list = byContent.get(k)
    if (list) list.push(i)
    else byContent.set(k, [i])
  }
  const restG: number[] = []
  for (const j of gs) {
    const list = byContent.get(keyOf(ctx.g, j))
    const i = list?.shift()
    if (i !== undefined) link(ctx, i, j, by)
    else restG.push(j)
  }
  return [vs.filter((i) => ctx.v.isFree(i)), restG]
}

/**
 * Where groups count: pairs each village row whose only compatible row left is a government row whose only
 * compatible row is it (王建国 of 一组 with 一组's, 王建国 of 二组 with 二组's), until none is left. Returns the rows left.
 */
function pairOnlyCandidates(
  ctx: Context,
  by: MatchStrategy,
  vs: number[],
  gs: number[],
): [number[], number[]] {
  if (vs.length * gs.length > PAIRWISE_LIMIT) return [vs, gs]
  let rv = vs
  let rg = gs
  for (;;) {
    const pairs: [number, number][] = []
    for (const i of rv) {
      const only = rg.filter((j) => compatible(ctx, by, i, j))
      const [j] = only
      if (only.length !== 1 || j === undefined) continue
      if (rv.filter((x) => compatible(ctx, by, x, j)).length === 1) pairs.push([i, j])
    }
    if (pairs.length === 0) return [rv, rg]
    for (const [i, j] of pairs) link(ctx, i, j, by)
    rv = rv.filter((i) => ctx.v.isFree(i))
    rg = rg.filter((j) => ctx.g.isFree(j))
  }
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
  const [iv, ig] = pairIdentical(ctx, vs, gs, by)
  const [rv, rg] = ctx.groups ? pairOnlyCandidates(ctx, by, iv, ig) : [iv, ig]
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
