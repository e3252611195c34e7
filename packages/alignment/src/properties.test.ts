import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { catalogTable } from '../bench/roster'
import { compareTables } from './compare'
import { canonicalJson } from './fingerprint'
import type { AlignmentResult, Discrepancy, Row } from './types'

const SCHEMA = catalogTable('耕地地力保护补贴发放名册')
const IDS = ['11010519491231002X', '110101199003071237', '320102198001011234', '440301197512125678']
const NAME_CHARS = ['王', '李', '张', '建', '国', '〇', '华', 'A', 'b']

/** Rows with deliberately colliding names, IDs and 户号, so ambiguity and duplicates are exercised. */
const messyRow = fc.record({
  name: fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 3 }).map((a) => a.join('')),
  id_number: fc.option(fc.constantFrom(...IDS), { nil: null }),
  household_no: fc.option(fc.constantFrom('001', '2', '三组-003'), { nil: null }),
  group: fc.constantFrom('一组', '二组'),
  area_mu: fc.constantFrom('1.5', '2', 3),
  amount: fc.integer({ min: 0, max: 200_000 }),
})
const messyTable = fc.array(messyRow, { maxLength: 12 })

/** Rows of distinct households (unique names, unique IDs where present), each findable on the other side. */
const householdTable = fc
  .uniqueArray(
    fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 2, maxLength: 4 }).map((a) => a.join('')),
    {
      minLength: 1,
      maxLength: 15,
    },
  )
  .chain((names) =>
    fc.tuple(
      fc.constant(names),
      fc.array(
        fc.tuple(
          fc.boolean(),
          fc.integer({ min: 0, max: 200_000 }),
          fc.constantFrom('full', 'masked', 'tail', 'none'),
        ),
        {
          minLength: names.length,
          maxLength: names.length,
        },
      ),
    ),
  )
  .map(([names, extras]) =>
    names.map((name, i) => {
      const [hasHn, amount, idForm] = extras[i] ?? [false, 0, 'none']
      const id = `5101001990010${String(1000 + i).slice(-4)}${i % 10}`
      return {
        village: {
          name,
          id_number: id,
          household_no: hasHn ? String(i + 1).padStart(3, '0') : null,
          group: '一组',
          amount,
        } as Row,
        governmentId:
          idForm === 'full'
            ? id
            : idForm === 'masked'
              ? `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`
              : idForm === 'tail'
                ? id.slice(-4)
                : null,
        governmentHn: hasHn ? `一组-${i + 1}` : null,
      }
    }),
  )

function permutation(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.nat(), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  )
}

/** The result with every row reference replaced by the content of the row it points to (indices dropped). */
function byContent(result: AlignmentResult, village: readonly Row[], government: readonly Row[]): unknown {
  const strip = (d: Discrepancy) => ({
    ...d,
    explanation: '',
    village: d.village.map((r) => canonicalJson(village[r.index])).sort(),
    government: d.government.map((r) => canonicalJson(government[r.index])).sort(),
  })
  return {
    status: result.status,
    summary: result.summary,
    // Not re-sorted: the output order itself must not depend on row order.
    discrepancies: result.discrepancies.map(strip).map((d) => canonicalJson(d)),
  }
}

function projection(result: AlignmentResult): unknown {
  return result.discrepancies.map((d) => [
    d.kind,
    d.matchedBy,
    d.column,
    d.village.map((r) => r.index),
    d.government.map((r) => r.index),
  ])
}

const FULL_WIDTH_OFFSET = 0xfee0
const SPACES = [' ', '\u3000', '\u00A0', '\u200B', '\t', '\uFEFF', '\u2060']

function variant(name: string, seeds: readonly number[]): string {
  let out = ''
  Array.from(name).forEach((ch, i) => {
    const seed = seeds[i % seeds.length] ?? 0
    const code = ch.charCodeAt(0)
    const wide =
      seed % 2 === 0 && code > 0x20 && code < 0x7f ? String.fromCharCode(code + FULL_WIDTH_OFFSET) : ch
    out += `${seed % 3 === 0 ? (SPACES[seed % SPACES.length] ?? ' ') : ''}${wide}`
  })
  return `${out}${SPACES[(seeds[0] ?? 0) % SPACES.length] ?? ''}`
}

describe('compareTables properties', () => {
  it('should find identical tables consistent', () => {
    fc.assert(
      fc.property(messyTable, (rows) => {
        const r = compareTables({ schema: SCHEMA, village: rows, government: structuredClone(rows) })
        expect(r.discrepancies).toEqual([])
        expect(r.status).toBe('consistent')
        expect(r.summary.matched).toBe(rows.length)
      }),
    )
  })

  it('should swap only-in-village and only-in-government when the sides swap', () => {
    fc.assert(
      fc.property(messyTable, messyTable, (a, b) => {
        const ab = compareTables({ schema: SCHEMA, village: a, government: b }).summary
        const ba = compareTables({ schema: SCHEMA, village: b, government: a }).summary
        expect(ba.onlyInVillage).toBe(ab.onlyInGovernment)
        expect(ba.onlyInGovernment).toBe(ab.onlyInVillage)
        expect(ba.ambiguousVillageRows).toBe(ab.ambiguousGovernmentRows)
        expect(ba.ambiguousGovernmentRows).toBe(ab.ambiguousVillageRows)
        expect(ba.villageTotalFen).toBe(ab.governmentTotalFen)
        for (const key of [
          'matched',
          'amountDiffers',
          'fieldDiffers',
          'ambiguous',
          'totalDiffers',
        ] as const) {
          expect(ba[key]).toBe(ab[key])
        }
        expect(ab.villageRows).toBe(ab.matched + ab.onlyInVillage + ab.ambiguousVillageRows)
        expect(ab.governmentRows).toBe(ab.matched + ab.onlyInGovernment + ab.ambiguousGovernmentRows)
      }),
    )
  })

  it('should report a single changed amount exactly once as amount_differs', () => {
    fc.assert(
      fc.property(
        householdTable,
        fc.nat(),
        fc.integer({ min: 1, max: 50_000 }),
        (households, pick, delta) => {
          const village = households.map((h) => h.village)
          const government: Row[] = households.map((h) => ({
            ...h.village,
            id_number: h.governmentId,
            household_no: h.governmentHn,
          }))
          const target = pick % government.length
          const row = government[target]
          if (!row) return
          government[target] = { ...row, amount: Number(row.amount) + delta }
          const r = compareTables({ schema: SCHEMA, village, government })
          const amounts = r.discrepancies.filter((d) => d.kind === 'amount_differs')
          expect(amounts).toHaveLength(1)
          expect(amounts[0]).toMatchObject({
            column: 'amount',
            difference: delta,
            government: [{ index: target }],
          })
          expect(r.summary.matched).toBe(village.length)
          expect(r.summary).toMatchObject({ onlyInVillage: 0, onlyInGovernment: 0, ambiguous: 0 })
        },
      ),
    )
  })

  it('should not depend on row order', () => {
    fc.assert(
      fc.property(
        messyTable
          .chain((v) => fc.tuple(fc.constant(v), messyTable))
          .chain(([v, g]) =>
            fc.tuple(fc.constant(v), fc.constant(g), permutation(v.length), permutation(g.length)),
          ),
        ([village, government, pv, pg]) => {
          const v2 = pv.map((i) => village[i] ?? {})
          const g2 = pg.map((i) => government[i] ?? {})
          const a = compareTables({ schema: SCHEMA, village, government })
          const b = compareTables({ schema: SCHEMA, village: v2, government: g2 })
          expect(byContent(b, v2, g2)).toEqual(byContent(a, village, government))
        },
      ),
    )
  })

  it('should match the same rows when names get spaces, invisible characters or full-width letters', () => {
    fc.assert(
      fc.property(
        messyTable,
        messyTable,
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        (village, government, seeds) => {
          const noisy = village.map((row) => ({ ...row, name: variant(String(row.name), seeds) }))
          const a = compareTables({ schema: SCHEMA, village, government })
          const b = compareTables({ schema: SCHEMA, village: noisy, government })
          expect(b.summary).toEqual(a.summary)
          expect(projection(b)).toEqual(projection(a))
        },
      ),
    )
  })

  it('should give byte-identical output for equal inputs', () => {
    fc.assert(
      fc.property(messyTable, messyTable, (village, government) => {
        const a = JSON.stringify(compareTables({ schema: SCHEMA, village, government }))
        const b = JSON.stringify(
          compareTables({
            schema: SCHEMA,
            village: structuredClone(village),
            government: structuredClone(government),
          }),
        )
        expect(b).toBe(a)
      }),
    )
  })
})
