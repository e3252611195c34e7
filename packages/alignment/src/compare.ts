import { buildComparer, type ColumnComparer } from './columns'
import { type Totals, compareTotals, sumGovernment } from './compare-totals'
import type { Context } from './context'
import { explainAmount, explainField, explainOnlyIn } from './explain'
import { compareFigures } from './figures'
import { resolveKeyColumns } from './key-columns'
import { runMatching, STRATEGIES, strategyOf } from './matching'
import { isBlank } from './normalize'
import { emptyDiscrepancy, push, refOf, rowSortKey, sortEntries, whoOf } from './ordering'
import type { ColumnCode } from './cell-codes'
import { CodeLayout, sameCells, sumColumn } from './row-codes'
import { AMBIGUOUS, FREE, Side, WARM_BLOCK } from './side'
import { type SideTotal, SideTotals } from './totals'
import type { AlignmentResult, AlignmentSummary, CompareTablesInput, Row } from './types'
import { parseAmountFen } from './values'

// The comparison's steps live in their own files: matching.ts (households), ordering.ts (discrepancy records and
// their order), compare-totals.ts (headcount and column totals); this file compares matched rows, reports the rest
// and puts the result together.

/**
 * Whether a cell one side left blank is silence rather than a difference: in a column the public never sees (ID
 * number, 户号, bank account, phone) a list often fills it for some rows only, and the other side's value is not
 * contradicted. Two different values in it are still a difference.
 */
export function blankIsSilent(c: ColumnComparer, a: unknown, b: unknown): boolean {
  return c.column.policy === 'never_public' && (isBlank(a) || isBlank(b))
}

/** Records the difference of compared column `c` between village row `i` and government row `j`. */
function reportCell(ctx: Context, c: ColumnComparer, i: number, j: number, a: unknown, b: unknown): void {
  if (blankIsSilent(c, a, b)) return
  const { v, g } = ctx
  const d = emptyDiscrepancy(c.isAmount ? 'amount_differs' : 'field_differs', strategyOf(ctx, i))
  d.village = [refOf(v, i)]
  d.government = [refOf(g, j)]
  d.column = c.column.key
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

/** Compares matched rows from the rows themselves, summing the totals on the way (no codes). */
function compareMatched(ctx: Context, totals: Totals): void {
  const { v, g, comparers } = ctx
  const summing = !totals.village.empty
  const columns = comparers.map((c) => c.column.key)
  for (let i = 0; i < v.length; i += 1) {
    // Every WARM_BLOCK rows: read the partners of the next block ahead (see Side.warmRowsAt).
    if (i % WARM_BLOCK === 0) g.warmRowsAt(v.partner, i, Math.min(v.length, i + WARM_BLOCK), columns)
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
      reportCell(ctx, c, i, j, a, b)
    }
  }
}

/** Receives the codes read ahead by `warmCodesAt`, so that the compiler cannot drop the reads. */
let codesSink = 0

/**
 * Look-ahead for `compareMatchedCoded`: reads the first and last int of the codes of the rows `at[from]` to
 * `at[to - 1]` (negative entries skipped) in a loop that does nothing else. On a million rows the other side's
 * codes (44 MB) are read at random and every row misses the cache; the comparing loop would wait for each miss in
 * turn, this loop lets the processor fetch the rows of a block at once. Changes nothing but timing.
 */
function warmCodesAt(at: Int32Array, from: number, to: number, codes: Int32Array, stride: number): void {
  let sink = codesSink
  for (let k = from; k < to; k += 1) {
    const j = at[k] ?? -1
    if (j >= 0) sink = (sink + (codes[j * stride] ?? 0) + (codes[j * stride + stride - 1] ?? 0)) | 0
  }
  codesSink = sink
}

/**
 * Compares matched rows on their codes (row-codes.ts): the village codes in order, the government codes of each
 * partner at random, one cache line per row. The rows are read only for cells whose codes differ or that the
 * codes do not cover.
 */
function compareMatchedCoded(ctx: Context, layout: CodeLayout): void {
  const { v, g } = ctx
  const { stride, columns } = layout
  const vCodes = v.codes
  const gCodes = g.codes
  for (let i = 0; i < v.length; i += 1) {
    if (i % WARM_BLOCK === 0) warmCodesAt(v.partner, i, Math.min(v.length, i + WARM_BLOCK), gCodes, stride)
    const j = v.partner[i] ?? FREE
    if (j < 0) continue
    const va = i * stride
    const ga = j * stride
    for (let k = 0; k < columns.length; k += 1) {
      const column = columns[k] as ColumnCode
      const same = sameCells(column, vCodes, va + column.offset, gCodes, ga + column.offset)
      if (same === true) continue
      const vr = v.rows[i]
      const gr = g.rows[j]
      if (!vr || !gr) break
      const c = column.comparer
      const a = vr[c.column.key]
      const b = gr[c.column.key]
      if (same === null && (a === b || c.equal(a, b))) continue
      reportCell(ctx, c, i, j, a, b)
    }
  }
}

/** The sums of the totalled columns of one side, added in row order from its codes. */
function sumCoded(
  side: Side,
  layout: CodeLayout,
  comparers: readonly ColumnComparer[],
  position: Int32Array,
) {
  const totalled = comparers.filter((c) => c.column.total === true)
  const sums = new SideTotals(totalled.map((c) => c.column))
  for (let k = 0; k < comparers.length; k += 1) {
    const p = position[k] ?? -1
    if (p >= 0) sumColumn(layout, k, side.rows, side.codes, sums, p)
  }
  return sums.totals()
}

/**
 * Whether compareTables codes the compared cells into columns first (the default). Tests turn it off to check
 * that the codes change nothing.
 */
let columnar = true

/** Tests only: compare from the rows, without codes (false), or with them (true, the default). */
export function setColumnarCodes(on: boolean): void {
  columnar = on
}

/**
 * Reports the rows left unmatched on each side, village rows first, each in index order. Only the free rows are
 * visited, listed once per side (a million rows leave a few thousand), instead of every row being looked at twice.
 */
function reportUnmatched(ctx: Context): void {
  const vFree = ctx.v.freeRows()
  const gFree = ctx.g.freeRows()
  /** Free rows of a side by normalised name. */
  const freeByName = (side: Side, free: Int32Array): Map<string, number[]> => {
    const map = new Map<string, number[]>()
    for (let k = 0; k < free.length; k += 1) {
      const i = free[k] ?? 0
      const name = side.name(i)
      if (name === null) continue
      const list = map.get(name)
      if (list) list.push(i)
      else map.set(name, [i])
    }
    return map
  }
  const vByName = freeByName(ctx.v, vFree)
  const gByName = freeByName(ctx.g, gFree)
  const report = (side: Side, free: Int32Array, others: Map<string, number[]>): void => {
    const village = side === ctx.v
    for (let k = 0; k < free.length; k += 1) {
      const i = free[k] ?? 0
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
  }
  report(ctx.v, vFree, gByName)
  report(ctx.g, gFree, vByName)
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
 * name + ID tail; name alone when unique on both sides; where both sides give 村民小组, never across two groups), then compares headcount, amounts, totals, dates, other
 * fields and named figures. Pure and deterministic: the same input gives byte-identical JSON.
 */
export function compareTables(input: CompareTablesInput): AlignmentResult {
  const keys = resolveKeyColumns(input.schema, input.keyColumns)
  const comparers = comparedColumns(input, keys.name)
  const v = new Side('village', input.village, keys)
  const g = new Side('government', input.government, keys)
  const ctx: Context = {
    v,
    g,
    matchedBy: new Uint8Array(input.village.length),
    comparers,
    groups: v.hasGroups() && g.hasGroups(),
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
  const layout = columnar
    ? new CodeLayout(comparers, keys, input.village.length + input.government.length)
    : null
  if (layout) {
    ctx.v.encode(layout)
    ctx.g.encode(layout)
  }
  runMatching(ctx)
  const totalled = comparers.filter((c) => c.column.total === true)
  const totals: Totals = {
    village: new SideTotals(totalled.map((c) => c.column)),
    government: new SideTotals(totalled.map((c) => c.column)),
    position: Int32Array.from(comparers, (c) => totalled.indexOf(c)),
  }
  let villageSums: SideTotal[]
  let governmentSums: SideTotal[]
  if (layout) {
    compareMatchedCoded(ctx, layout)
    // Each side summed in its own row order, from its codes: what the row-order sums give.
    villageSums = sumCoded(ctx.v, layout, comparers, totals.position)
    governmentSums = sumCoded(ctx.g, layout, comparers, totals.position)
  } else {
    compareMatched(ctx, totals)
    governmentSums = sumGovernment(ctx, totals.government)
    villageSums = totals.village.totals()
  }
  reportUnmatched(ctx)
  const primaryAmount = input.schema.columns.find((c) => c.type === 'amount_fen' && c.total === true)
  compareTotals(ctx, summary, primaryAmount, totalled, villageSums, governmentSums)
  if (input.villageFigures && input.governmentFigures) {
    for (const [d, key] of compareFigures(input.villageFigures, input.governmentFigures, ctx.sources)) {
      push(ctx, d, `1\u0000${key}`)
    }
  }

  // Counted per step number in a typed array: one pass over a million rows, no property looked up by name per row.
  const byStep = new Int32Array(STRATEGIES.length + 1)
  let ambiguousVillageRows = 0
  for (let i = 0; i < ctx.v.length; i += 1) {
    const partner = ctx.v.partner[i] ?? FREE
    if (partner >= 0) {
      const step = ctx.matchedBy[i] ?? 0
      byStep[step] = (byStep[step] ?? 0) + 1
    } else if (partner === AMBIGUOUS) ambiguousVillageRows += 1
  }
  summary.ambiguousVillageRows = ambiguousVillageRows
  STRATEGIES.forEach((by, k) => {
    summary.matchedBy[by] = byStep[k + 1] ?? 0
    summary.matched += byStep[k + 1] ?? 0
  })
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

  const discrepancies = sortEntries(ctx.entries).map((entry) => entry.d)
  return { status: discrepancies.length === 0 ? 'consistent' : 'inconsistent', summary, discrepancies }
}
