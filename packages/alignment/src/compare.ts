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
import { canonicalJson } from './fingerprint'
import {
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
import { addDecimals, type Decimal, formatDecimal, parseAmountFen, parseDecimal } from './values'

/** Above this many candidate pairs in one contested bucket, rows are not checked pairwise (kept linear). */
const PAIRWISE_LIMIT = 10_000

const FREE = -1
const AMBIGUOUS = -2

const FULL_ID = /^\d{17}[\dX]$/

/**
 * Identifying data of one row, normalised lazily and once: most rows match on the full ID, so their name and 户号
 * are never normalised, which keeps the million-row case light on allocation.
 */
class Prepared {
  /** FREE, AMBIGUOUS, or the index of the partner row on the other side. */
  state = FREE
  by: MatchStrategy | null = null
  private nameCache: string | null | undefined = undefined
  private idCache: IdKey | null | undefined = undefined
  private hnCache: string | null | undefined = undefined

  constructor(
    readonly index: number,
    private readonly row: Row,
    private readonly keys: Required<KeyColumns>,
  ) {}

  get rawName(): unknown {
    return this.keys.name === null ? undefined : this.row[this.keys.name]
  }

  get rawHn(): unknown {
    return this.keys.householdNo === null ? undefined : this.row[this.keys.householdNo]
  }

  private get rawId(): unknown {
    return this.keys.idNumber === null ? undefined : this.row[this.keys.idNumber]
  }

  /** Normalised name, or null when blank. */
  get name(): string | null {
    if (this.nameCache === undefined) {
      const raw = this.rawName
      const name =
        raw === null || raw === undefined ? '' : normalizeName(typeof raw === 'string' ? raw : String(raw))
      this.nameCache = name === '' ? null : name
    }
    return this.nameCache
  }

  /** Normalised ID, or null when blank. */
  get id(): IdKey | null {
    if (this.idCache === undefined) {
      const raw = this.rawId
      this.idCache =
        typeof raw === 'string' || typeof raw === 'number' ? normalizeIdNumber(String(raw)) : null
    }
    return this.idCache
  }

  /** The full 18-character ID, without building an IdKey in the common case. */
  get fullId(): string | null {
    const raw = this.rawId
    if (typeof raw === 'string' && FULL_ID.test(raw)) return raw
    const id = this.id
    return id?.kind === 'full' ? id.value : null
  }

  get tail(): string | null {
    const id = this.id
    return id ? idTail(id) : null
  }

  /** Normalised 户号, or null when blank. */
  get hn(): string | null {
    if (this.hnCache === undefined) {
      const raw = this.rawHn
      const hn = typeof raw === 'string' || typeof raw === 'number' ? normalizeHouseholdNo(String(raw)) : ''
      this.hnCache = hn === '' ? null : hn
    }
    return this.hnCache
  }
}

interface Strategy {
  by: MatchStrategy
  key: (p: Prepared) => string | null
  /** Whether two rows with the same key may still be the same household. */
  compatible: (v: Prepared, g: Prepared) => boolean
  /** Name alone: match only when the name occurs once in each whole table. */
  uniqueOnly: boolean
}

interface Context {
  village: readonly Row[]
  government: readonly Row[]
  vp: Prepared[]
  gp: Prepared[]
  comparers: ColumnComparer[]
  sources: Sources
  discrepancies: Discrepancy[]
  sortKeys: Map<Discrepancy, string>
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

function prepare(rows: readonly Row[], keys: Required<KeyColumns>): Prepared[] {
  const out = new Array<Prepared>(rows.length)
  for (let i = 0; i < rows.length; i += 1) out[i] = new Prepared(i, rows[i] ?? {}, keys)
  return out
}

function identifiersCompatible(v: Prepared, g: Prepared): boolean {
  if (v.id && g.id && v.id.kind !== 'other' && g.id.kind !== 'other' && !idCompatible(v.id, g.id))
    return false
  return v.hn === null || g.hn === null || v.hn === g.hn
}

const STRATEGIES: readonly Strategy[] = [
  {
    by: 'id_number',
    key: (p) => p.fullId,
    compatible: () => true,
    uniqueOnly: false,
  },
  {
    // Same 户号 and name: a differing ID on one side is then reported as a field difference, not two strangers.
    by: 'household_no_name',
    key: (p) => {
      const hn = p.hn
      const name = p.name
      return hn !== null && name !== null ? `${hn}\u0001${name}` : null
    },
    compatible: () => true,
    uniqueOnly: false,
  },
  {
    by: 'name_id_tail',
    key: (p) => {
      const tail = p.tail
      const name = p.name
      return tail !== null && name !== null ? `${tail}\u0001${name}` : null
    },
    compatible: identifiersCompatible,
    uniqueOnly: false,
  },
  { by: 'name', key: (p) => p.name, compatible: identifiersCompatible, uniqueOnly: true },
]

/** Rows still free, by key. A key seen once holds the row itself (no array per row: a million keys are common). */
function bucketsOf(
  rows: readonly Prepared[],
  key: (p: Prepared) => string | null,
): Map<string, Prepared | Prepared[]> {
  const map = new Map<string, Prepared | Prepared[]>()
  for (const p of rows) {
    if (p.state !== FREE) continue
    const k = key(p)
    if (k === null) continue
    const bucket = map.get(k)
    if (bucket === undefined) map.set(k, p)
    else if (Array.isArray(bucket)) bucket.push(p)
    else map.set(k, [bucket, p])
  }
  return map
}

/** Occurrences in the whole table of the names that are still candidates (the other names are not needed). */
function countNames(
  rows: readonly Prepared[],
  candidates: ReadonlyMap<string, unknown>,
): Map<string, number> {
  const counts = new Map<string, number>()
  for (const p of rows) {
    const name = p.name
    if (name === null || !candidates.has(name)) continue
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  return counts
}

function link(v: Prepared, g: Prepared, by: MatchStrategy): void {
  v.state = g.index
  g.state = v.index
  v.by = by
  g.by = by
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
function pairIdentical(
  ctx: Context,
  vs: Prepared[],
  gs: Prepared[],
  by: MatchStrategy,
): [Prepared[], Prepared[]] {
  const byContent = new Map<string, Prepared[]>()
  for (const v of vs) {
    const k = contentKey(ctx, ctx.village[v.index])
    const list = byContent.get(k)
    if (list) list.push(v)
    else byContent.set(k, [v])
  }
  const restG: Prepared[] = []
  for (const g of gs) {
    const list = byContent.get(contentKey(ctx, ctx.government[g.index]))
    const v = list?.shift()
    if (v) link(v, g, by)
    else restG.push(g)
  }
  return [vs.filter((v) => v.state === FREE), restG]
}

function resolveBucket(
  ctx: Context,
  strategy: Strategy,
  vs: Prepared[],
  gs: Prepared[],
  unique: boolean,
): void {
  const [first] = vs
  const [only] = gs
  if (vs.length === 1 && gs.length === 1 && first && only && (!strategy.uniqueOnly || unique)) {
    if (strategy.compatible(first, only)) link(first, only, strategy.by)
    return
  }
  vs.sort((a, b) => a.index - b.index)
  gs.sort((a, b) => a.index - b.index)
  const [rv, rg] = pairIdentical(ctx, vs, gs, strategy.by)
  if (rv.length === 0 || rg.length === 0) return
  const [v0] = rv
  const [g0] = rg
  if (!strategy.uniqueOnly && rv.length === 1 && rg.length === 1 && v0 && g0 && strategy.compatible(v0, g0)) {
    link(v0, g0, strategy.by)
    return
  }
  let av: Prepared[]
  let ag: Prepared[]
  if (rv.length * rg.length > PAIRWISE_LIMIT) {
    av = rv
    ag = rg
  } else {
    const gHit = new Set<Prepared>()
    av = []
    for (const v of rv) {
      let hit = false
      for (const g of rg) {
        if (strategy.compatible(v, g)) {
          hit = true
          gHit.add(g)
        }
      }
      if (hit) av.push(v)
    }
    ag = rg.filter((g) => gHit.has(g))
  }
  if (av.length === 0) return
  for (const p of av) p.state = AMBIGUOUS
  for (const p of ag) p.state = AMBIGUOUS
  const d = emptyDiscrepancy('ambiguous_match', strategy.by)
  d.village = av.map((p) => refOf(p))
  d.government = ag.map((p) => refOf(p))
  d.explanation = explainAmbiguous(ctx.sources, av.map(named), ag.map(named), strategy.by)
  // Sort by the smallest name and 户号 in the group, so the position does not depend on row order.
  const all = [...av, ...ag]
  const least = (values: (string | null)[]): string =>
    values.reduce<string | null>((m, x) => (x !== null && (m === null || x < m) ? x : m), null) ?? ''
  push(ctx, d, groupSortKey(ctx, least(all.map((p) => p.name)), least(all.map((p) => p.hn)), av, ag, d))
}

function runMatching(ctx: Context): void {
  for (const strategy of STRATEGIES) {
    const vb = bucketsOf(ctx.vp, strategy.key)
    if (vb.size === 0) continue
    const gb = bucketsOf(ctx.gp, strategy.key)
    if (gb.size === 0) continue
    // Name uniqueness is over the whole table, matched rows included: a name seen twice is never unique.
    const vNames = strategy.uniqueOnly ? countNames(ctx.vp, vb) : null
    const gNames = strategy.uniqueOnly ? countNames(ctx.gp, vb) : null
    for (const [key, vs] of vb) {
      const gs = gb.get(key)
      if (gs === undefined) continue
      const unique = vNames?.get(key) === 1 && gNames?.get(key) === 1
      if (!Array.isArray(vs) && !Array.isArray(gs) && (!strategy.uniqueOnly || unique)) {
        if (strategy.compatible(vs, gs)) link(vs, gs, strategy.by)
        continue
      }
      resolveBucket(ctx, strategy, Array.isArray(vs) ? vs : [vs], Array.isArray(gs) ? gs : [gs], unique)
    }
  }
}

function refOf(p: Prepared): RowRef {
  return { index: p.index, name: displayOf(p.rawName), householdNo: displayOf(p.rawHn) }
}

function named(p: Prepared): { index: number; displayName: string | null } {
  return { index: p.index, displayName: displayOf(p.rawName) }
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
 * Sort key of a row-level discrepancy: household (normalised name, 户号) first so one household's discrepancies
 * stay together, then kind, column and values; indices last, so row order only breaks ties between otherwise
 * identical entries.
 */
function rowSortKey(
  ctx: Context,
  v: Prepared | undefined,
  g: Prepared | undefined,
  columnOrder: number,
  d: Discrepancy,
): string {
  const name = v?.name ?? g?.name ?? ''
  const hn = v?.hn ?? g?.hn ?? ''
  return [
    '2',
    name,
    hn,
    String(KIND_RANK[d.kind]),
    pad(columnOrder),
    JSON.stringify([d.villageValue, d.governmentValue, d.village.length, d.government.length]),
    v ? rowContent(ctx, ctx.village[v.index]) : '',
    g ? rowContent(ctx, ctx.government[g.index]) : '',
    d.village.map((r) => pad(r.index)).join(','),
    d.government.map((r) => pad(r.index)).join(','),
  ].join('\u0000')
}

/** Compared cells, then the raw row: the content-based tie-breaker that keeps the order free of row positions. */
function rowContent(ctx: Context, row: Row | undefined): string {
  return `${contentKey(ctx, row)}\u0002${canonicalJson(row)}`
}

function groupSortKey(
  ctx: Context,
  name: string,
  hn: string,
  v: Prepared[],
  g: Prepared[],
  d: Discrepancy,
): string {
  const contents = (rows: readonly Row[], side: Prepared[]): string =>
    side
      .map((p) => rowContent(ctx, rows[p.index]))
      .sort()
      .join('\u0003')
  return [
    '2',
    name,
    hn,
    String(KIND_RANK[d.kind]),
    pad(-1),
    '',
    contents(ctx.village, v),
    contents(ctx.government, g),
    d.village.map((r) => pad(r.index)).join(','),
    d.government.map((r) => pad(r.index)).join(','),
  ].join('\u0000')
}

function push(ctx: Context, d: Discrepancy, sortKey: string): void {
  ctx.discrepancies.push(d)
  ctx.sortKeys.set(d, sortKey)
}

function whoOf(v: Prepared | undefined, g: Prepared | undefined): Who {
  return {
    name: (v ? displayOf(v.rawName) : null) ?? (g ? displayOf(g.rawName) : null),
    householdNo: (v ? displayOf(v.rawHn) : null) ?? (g ? displayOf(g.rawHn) : null),
    side: v ? 'village' : 'government',
    index: v?.index ?? g?.index ?? 0,
  }
}

function compareMatched(ctx: Context): void {
  const { village, government, comparers } = ctx
  for (const v of ctx.vp) {
    if (v.state < 0) continue
    const g = ctx.gp[v.state]
    const vr = village[v.index]
    const gr = government[v.state]
    if (!g || !vr || !gr) continue
    for (const c of comparers) {
      const key = c.column.key
      const a = vr[key]
      const b = gr[key]
      if (a === b || c.equal(a, b)) continue
      const d = emptyDiscrepancy(c.isAmount ? 'amount_differs' : 'field_differs', v.by)
      d.village = [refOf(v)]
      d.government = [refOf(g)]
      d.column = key
      d.label = c.column.label
      d.villageValue = c.show(a)
      d.governmentValue = c.show(b)
      const who = whoOf(v, g)
      if (c.isAmount) {
        const x = parseAmountFen(a)
        const y = parseAmountFen(b)
        if (x.ok && y.ok) d.difference = y.value - x.value
        d.explanation = explainAmount(ctx.sources, who, c.column.label, x, y)
      } else {
        d.explanation = explainField(ctx.sources, who, c.column, d.villageValue, d.governmentValue)
      }
      push(ctx, d, rowSortKey(ctx, v, g, c.order, d))
    }
  }
}

function reportUnmatched(ctx: Context): void {
  const freeByName = (rows: readonly Prepared[]): Map<string, Prepared[]> => {
    const map = new Map<string, Prepared[]>()
    for (const p of rows) {
      const name = p.state === FREE ? p.name : null
      if (name === null) continue
      const list = map.get(name)
      if (list) list.push(p)
      else map.set(name, [p])
    }
    return map
  }
  const vFree = freeByName(ctx.vp)
  const gFree = freeByName(ctx.gp)
  const report = (p: Prepared, side: 'village' | 'government', others: Map<string, Prepared[]>): void => {
    if (p.state !== FREE) return
    const kind = side === 'village' ? 'only_in_village' : 'only_in_government'
    const d = emptyDiscrepancy(kind, null)
    if (side === 'village') d.village = [refOf(p)]
    else d.government = [refOf(p)]
    const name = p.name
    const sameName = name === null ? [] : (others.get(name) ?? [])
    d.explanation = explainOnlyIn(
      ctx.sources,
      whoOf(side === 'village' ? p : undefined, side === 'village' ? undefined : p),
      sameName.map((o) => o.index),
    )
    push(
      ctx,
      d,
      rowSortKey(ctx, side === 'village' ? p : undefined, side === 'village' ? undefined : p, -1, d),
    )
  }
  for (const p of ctx.vp) report(p, 'village', gFree)
  for (const p of ctx.gp) report(p, 'government', vFree)
}

interface SideTotal {
  fen: number
  decimal: Decimal
  unreadable: number
  present: boolean
}

/** Sums a totalled column: fen for amount_fen, an exact decimal (scaled integer) otherwise; unreadable cells counted. */
function sumColumn(rows: readonly Row[], column: Column): SideTotal {
  const isAmount = column.type === 'amount_fen'
  const integer = column.type === 'integer'
  let fen = 0
  let units = 0
  let scale = 0
  let unreadable = 0
  let present = false
  for (const row of rows) {
    const value = row[column.key]
    if (value === null || value === undefined) continue
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      if (isAmount) fen += value
      else units += value * 10 ** scale
      present = true
      continue
    }
    if (isAmount) {
      const p = parseAmountFen(value)
      if (p.ok) fen += p.value
      else if (!p.empty) unreadable += 1
      present = present || p.ok || !p.empty
      continue
    }
    const p = parseDecimal(value, column.unit, integer)
    if (p.ok) {
      if (p.value.scale > scale) {
        units *= 10 ** (p.value.scale - scale)
        scale = p.value.scale
      }
      units += p.value.units * 10 ** (scale - p.value.scale)
    } else if (!p.empty) unreadable += 1
    present = present || p.ok || !p.empty
  }
  return { fen, decimal: addDecimals([{ units, scale }]), unreadable, present }
}

function compareTotals(ctx: Context, summary: AlignmentSummary, primaryAmount: Column | undefined): void {
  const { village, government, sources } = ctx
  if (village.length !== government.length) {
    const d = emptyDiscrepancy('total_differs', null)
    d.label = '记录数'
    d.villageValue = village.length
    d.governmentValue = government.length
    d.difference = government.length - village.length
    d.explanation = explainTotal(sources, '记录数', '条', village.length, government.length, null, 0, 0)
    push(ctx, d, `0\u0000${pad(-1)}`)
  }
  for (const c of ctx.comparers) {
    const column = c.column
    if (column.total !== true) continue
    const vt = sumColumn(village, column)
    const gt = sumColumn(government, column)
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
    if (vValue === gValue) continue
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
  }
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
    village: input.village,
    government: input.government,
    vp: prepare(input.village, keys),
    gp: prepare(input.government, keys),
    comparers,
    sources: { government: input.governmentSource ?? '政府' },
    discrepancies: [],
    sortKeys: new Map(),
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
  compareMatched(ctx)
  reportUnmatched(ctx)
  const primaryAmount = input.schema.columns.find((c) => c.type === 'amount_fen' && c.total === true)
  compareTotals(ctx, summary, primaryAmount)
  if (input.villageFigures && input.governmentFigures) {
    for (const [d, key] of compareFigures(input.villageFigures, input.governmentFigures, ctx.sources)) {
      push(ctx, d, `1\u0000${key}`)
    }
  }

  for (const v of ctx.vp) {
    if (v.state >= 0 && v.by) {
      summary.matched += 1
      summary.matchedBy[v.by] += 1
    } else if (v.state === AMBIGUOUS) summary.ambiguousVillageRows += 1
  }
  for (const g of ctx.gp) if (g.state === AMBIGUOUS) summary.ambiguousGovernmentRows += 1
  for (const d of ctx.discrepancies) {
    if (d.kind === 'only_in_village') summary.onlyInVillage += 1
    else if (d.kind === 'only_in_government') summary.onlyInGovernment += 1
    else if (d.kind === 'amount_differs') summary.amountDiffers += 1
    else if (d.kind === 'field_differs') summary.fieldDiffers += 1
    else if (d.kind === 'ambiguous_match') summary.ambiguous += 1
    else if (d.kind === 'total_differs') summary.totalDiffers += 1
    else summary.figureDiffers += 1
  }

  const keyed = ctx.discrepancies.map((d) => ({ d, k: ctx.sortKeys.get(d) ?? '' }))
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
  const discrepancies = keyed.map((x) => x.d)
  return { status: discrepancies.length === 0 ? 'consistent' : 'inconsistent', summary, discrepancies }
}
