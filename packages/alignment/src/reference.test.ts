import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { catalogTable } from '../bench/roster'
import { buildComparer, type ColumnComparer } from './columns'
import { blankIsSilent, compareTables } from './compare'
import { resolveKeyColumns } from './key-columns'
import {
  idCompatible,
  type IdKey,
  idTail,
  isBlank,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeName,
} from './normalize'
import { groupsAgree, householdGroupOf, normalizeGroup } from '@cunwu/domain'
import type { MatchStrategy, Row } from './types'

/**
 * compareTables against a plain reference implementation of the matching rules of the README (string keys in
 * Maps, no typed arrays, no blocks, no caches), on random tables of up to 700 rows a side, so that the matching
 * passes cross several of their 256-row blocks. Every matched pair is visible in the result when its rows differ
 * in a compared cell (one amount_differs / field_differs per cell, naming both rows); pairs of rows that are
 * identical in every compared cell are invisible, and are checked through the per-strategy counts.
 */

const SCHEMA = catalogTable('耕地地力保护补贴发放名册')
const KEYS = resolveKeyColumns(SCHEMA)
const STEPS: readonly MatchStrategy[] = ['id_number', 'household_no_name', 'name_id_tail', 'name']
const FREE = -1
const AMBIGUOUS = -2

const FULL_IDS = Array.from(
  { length: 40 },
  (_, k) => `5101001990${String(100000 + k * 37)}${k % 10}${k % 3 === 0 ? 'X' : k % 10}`,
)
const NAMES = [
  '王伟',
  '王 伟',
  '李娜',
  '张三',
  '张三（户主）',
  '赵〇',
  '赵零',
  '刘洋',
  '陈静',
  'Ab',
  'ＡＢ',
  '周杰',
  '吴敏',
]

const idCell = fc.oneof(
  fc.constantFrom(...FULL_IDS),
  fc.constantFrom(...FULL_IDS).map((id) => `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`),
  fc.constantFrom(...FULL_IDS).map((id) => id.slice(-4)),
  fc.constantFrom(...FULL_IDS).map((id) => id.toLowerCase()),
  fc.constantFrom('abc', '', '510100', '5101****1234'),
  fc.constant(null),
)
const hnCell = fc.oneof(
  fc.constantFrom('001', '1', '三组-001', '2', '02', '12A', '户号：3', '3组3号', ''),
  fc.integer({ min: 1, max: 4 }),
  fc.constant(null),
)
const row = fc.record({
  name: fc.oneof(fc.constantFrom(...NAMES), fc.constant(null)),
  id_number: idCell,
  household_no: hnCell,
  group: fc.constantFrom('一组', '二组'),
  amount: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0.01', '0.02')),
})
/** Government rows: a copy of a village row, possibly with its ID masked or its amount changed, or a new row. */
const tables = fc.array(row, { maxLength: 700, size: 'max' }).chain((village) =>
  fc
    .array(fc.tuple(fc.nat(), fc.constantFrom('copy', 'masked', 'amount', 'new'), row), {
      maxLength: 700,
      size: 'max',
    })
    .map((specs) => ({
      village: village as Row[],
      government: specs.map(([n, how, fresh]): Row => {
        const source = village.length > 0 ? village[n % village.length] : undefined
        if (!source || how === 'new') return fresh
        if (how === 'masked' && typeof source.id_number === 'string' && source.id_number.length === 18) {
          return {
            ...source,
            id_number: `${source.id_number.slice(0, 3)}${'*'.repeat(11)}${source.id_number.slice(-4)}`,
          }
        }
        if (how === 'amount') return { ...source, amount: 7 }
        return { ...source }
      }),
    })),
)

/** The compared columns: those with a value on both sides. */
function compared(villageRows: readonly Row[], governmentRows: readonly Row[]): ColumnComparer[] {
  return SCHEMA.columns
    .filter(
      (c) => villageRows.some((r) => !isBlank(r[c.key])) && governmentRows.some((r) => !isBlank(r[c.key])),
    )
    .map((c, order) => buildComparer(c, order, c.key === KEYS.name))
}

interface ReferenceSide {
  rows: readonly Row[]
  partner: number[]
  name: (string | null)[]
  hn: (string | null)[]
  id: (IdKey | null)[]
  /** 村民小组: the one a 户号 names, else the group cell; '' for none. */
  group: string[]
}

function referenceSide(rows: readonly Row[]): ReferenceSide {
  const text = (value: unknown): string | null =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : null
  return {
    rows,
    partner: rows.map(() => FREE),
    name: rows.map((r) => {
      const raw = r[KEYS.name ?? '']
      const name = raw === null || raw === undefined ? '' : normalizeName(String(raw))
      return name === '' ? null : name
    }),
    hn: rows.map((r) => {
      const raw = text(r[KEYS.householdNo ?? ''])
      const hn = raw === null ? '' : normalizeHouseholdNo(raw)
      return hn === '' ? null : hn
    }),
    id: rows.map((r) => {
      const raw = text(r[KEYS.idNumber ?? ''])
      return raw === null ? null : normalizeIdNumber(raw)
    }),
    group: rows.map((r) => {
      const hn = r[KEYS.householdNo ?? '']
      const fromNo = typeof hn === 'string' ? householdGroupOf(hn) : ''
      const cell = text(r[KEYS.group ?? ''])
      return fromNo !== '' ? fromNo : cell === null ? '' : normalizeGroup(cell)
    }),
  }
}

function stepKey(side: ReferenceSide, i: number, by: MatchStrategy): string | null {
  const id = side.id[i] ?? null
  const name = side.name[i] ?? null
  const hn = side.hn[i] ?? null
  if (by === 'id_number') return id?.kind === 'full' ? id.value : null
  if (by === 'household_no_name') return hn !== null && name !== null ? `${hn}|${name}` : null
  if (by === 'name_id_tail') {
    const tail = id ? idTail(id) : null
    return tail !== null && name !== null ? `${tail}|${name}` : null
  }
  return name
}

interface Reference {
  /** `${village}>${government}:${strategy}` of every matched pair. */
  pairs: Map<string, { i: number; j: number; by: MatchStrategy }>
  /** Ambiguous groups as `strategy:village indices/government indices`. */
  ambiguous: string[]
  onlyInVillage: number[]
  onlyInGovernment: number[]
}

/** The README's matching rules, written as plainly as possible. */
function referenceMatching(villageRows: readonly Row[], governmentRows: readonly Row[]): Reference {
  const v = referenceSide(villageRows)
  const g = referenceSide(governmentRows)
  const columns = compared(villageRows, governmentRows)
  // Groups count when both sides give some.
  const grouped = v.group.some((x) => x !== '') && g.group.some((x) => x !== '')
  const content = (side: ReferenceSide, i: number): string =>
    columns.map((c) => c.canon(side.rows[i]?.[c.column.key])).join('\u0001') +
    (grouped ? `\u0002${side.group[i]}` : '')
  const pairs = new Map<string, { i: number; j: number; by: MatchStrategy }>()
  const ambiguous: string[] = []
  const link = (i: number, j: number, by: MatchStrategy): void => {
    v.partner[i] = j
    g.partner[j] = i
    pairs.set(`${i}>${j}`, { i, j, by })
  }
  const compatible = (i: number, j: number, by: MatchStrategy): boolean => {
    if (by === 'id_number') return true
    if (grouped && !groupsAgree(v.group[i] ?? '', g.group[j] ?? '')) return false
    if (by === 'household_no_name') return true
    const a = v.id[i] ?? null
    const b = g.id[j] ?? null
    if (a && b && a.kind !== 'other' && b.kind !== 'other' && !idCompatible(a, b)) return false
    const x = v.hn[i] ?? null
    const y = g.hn[j] ?? null
    return x === null || y === null || x === y
  }
  const count = (side: ReferenceSide, name: string | null): number =>
    side.name.filter((n) => n === name).length

  for (const by of STEPS) {
    const groups = new Map<string, { vs: number[]; gs: number[] }>()
    v.rows.forEach((_, i) => {
      const key = v.partner[i] === FREE ? stepKey(v, i, by) : null
      if (key === null) return
      const group = groups.get(key) ?? { vs: [], gs: [] }
      group.vs.push(i)
      groups.set(key, group)
    })
    g.rows.forEach((_, j) => {
      const key = g.partner[j] === FREE ? stepKey(g, j, by) : null
      if (key !== null) groups.get(key)?.gs.push(j)
    })
    for (const { vs, gs } of groups.values()) {
      if (gs.length === 0) continue
      const onlyName = by === 'name'
      const unique =
        onlyName && count(v, v.name[vs[0] ?? 0] ?? null) === 1 && count(g, g.name[gs[0] ?? 0] ?? null) === 1
      const [i0] = vs
      const [j0] = gs
      if (
        vs.length === 1 &&
        gs.length === 1 &&
        i0 !== undefined &&
        j0 !== undefined &&
        (!onlyName || unique)
      ) {
        if (compatible(i0, j0, by)) link(i0, j0, by)
        continue
      }
      // Rows identical in every compared cell pair up first.
      for (const j of gs) {
        const i = vs.find((x) => v.partner[x] === FREE && content(v, x) === content(g, j))
        if (i !== undefined) link(i, j, by)
      }
      let rv = vs.filter((i) => v.partner[i] === FREE)
      let rg = gs.filter((j) => g.partner[j] === FREE)
      // Where groups count: a row and its only compatible row, when that row's only compatible row is it.
      for (let changed = grouped && rv.length * rg.length <= 10_000; changed;) {
        const found = rv.flatMap((i) => {
          const only = rg.filter((j) => compatible(i, j, by))
          const j = only[0]
          return only.length === 1 && j !== undefined && rv.filter((x) => compatible(x, j, by)).length === 1
            ? [[i, j] as const]
            : []
        })
        for (const [i, j] of found) link(i, j, by)
        rv = rv.filter((i) => v.partner[i] === FREE)
        rg = rg.filter((j) => g.partner[j] === FREE)
        changed = found.length > 0
      }
      if (rv.length === 0 || rg.length === 0) continue
      const [i1] = rv
      const [j1] = rg
      if (
        !onlyName &&
        rv.length === 1 &&
        rg.length === 1 &&
        i1 !== undefined &&
        j1 !== undefined &&
        compatible(i1, j1, by)
      ) {
        link(i1, j1, by)
        continue
      }
      const pairwise = rv.length * rg.length <= 10_000
      const av = pairwise ? rv.filter((i) => rg.some((j) => compatible(i, j, by))) : rv
      const ag = pairwise ? rg.filter((j) => av.some((i) => compatible(i, j, by))) : rg
      if (av.length === 0) continue
      for (const i of av) v.partner[i] = AMBIGUOUS
      for (const j of ag) g.partner[j] = AMBIGUOUS
      ambiguous.push(`${by}:${av.join(',')}/${ag.join(',')}`)
    }
  }
  return {
    pairs,
    ambiguous: ambiguous.sort(),
    onlyInVillage: v.partner.flatMap((p, i) => (p === FREE ? [i] : [])),
    onlyInGovernment: g.partner.flatMap((p, j) => (p === FREE ? [j] : [])),
  }
}

describe('compareTables against a reference implementation of the matching', () => {
  it('should match, leave unmatched and report as ambiguous the same rows', () => {
    fc.assert(
      fc.property(tables, ({ village, government }) => {
        const result = compareTables({ schema: SCHEMA, village, government })
        const expected = referenceMatching(village, government)
        const rowsOf = (kind: string, side: 'village' | 'government'): number[] =>
          result.discrepancies.filter((d) => d.kind === kind).map((d) => d[side][0]?.index ?? -1)
        expect(rowsOf('only_in_village', 'village').sort((a, b) => a - b)).toEqual(expected.onlyInVillage)
        expect(rowsOf('only_in_government', 'government').sort((a, b) => a - b)).toEqual(
          expected.onlyInGovernment,
        )
        const ambiguous = result.discrepancies
          .filter((d) => d.kind === 'ambiguous_match')
          .map(
            (d) =>
              `${d.matchedBy}:${d.village.map((r) => r.index).join(',')}/${d.government.map((r) => r.index).join(',')}`,
          )
        expect(ambiguous.sort()).toEqual(expected.ambiguous)
        // Every pair reported with a cell difference is a pair of the reference, found by the same step.
        const visible = new Set<string>()
        for (const d of result.discrepancies) {
          if (d.kind !== 'amount_differs' && d.kind !== 'field_differs') continue
          const i = d.village[0]?.index ?? -1
          const j = d.government[0]?.index ?? -1
          expect(expected.pairs.get(`${i}>${j}`)?.by).toBe(d.matchedBy)
          visible.add(`${i}>${j}`)
        }
        const byStrategy = { id_number: 0, household_no_name: 0, name_id_tail: 0, name: 0 }
        for (const { by } of expected.pairs.values()) byStrategy[by] += 1
        expect(result.summary.matched).toBe(expected.pairs.size)
        expect(result.summary.matchedBy).toEqual(byStrategy)
        // And every pair of the reference whose rows differ in a compared cell is reported.
        for (const [key, { i, j }] of expected.pairs) {
          const differs = compared(village, government).some((c) => {
            const a = village[i]?.[c.column.key]
            const b = government[j]?.[c.column.key]
            return a !== b && !c.equal(a, b) && !blankIsSilent(c, a, b)
          })
          expect(visible.has(key)).toBe(differs)
        }
      }),
      { numRuns: 40, seed: 20261206, endOnFailure: true },
    )
  })
})
