import type { TableSchema } from '@cunwu/domain'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { catalogTable } from '../bench/roster'
import { buildComparer } from './columns'
import { compareTables, setColumnarCodes } from './compare'
import { canonicalJson } from './fingerprint'
import { resolveKeyColumns } from './key-columns'
import { CodeLayout, sameCells, sumColumn } from './row-codes'
import { SideTotals } from './totals'
import type { Row } from './types'

/**
 * The columnar codes (row-codes.ts) must not change any result: two codes decide exactly what the comparer
 * decides on the cells, sums from codes are the sums of the cells, and compareTables gives the same JSON with and
 * without codes on messy tables (full-width digits, stray spaces, masks, duplicate keys, missing amounts).
 */

/** A schema with a column of every type, the numeric ones totalled. */
const ALL_TYPES: TableSchema = {
  kind: 'roster',
  title: '测试名单',
  columns: [
    { key: 'name', label: '姓名', type: 'text', required: true, policy: 'public', identifiesHousehold: true },
    { key: 'amount', label: '金额', type: 'amount_fen', required: false, policy: 'public', total: true },
    {
      key: 'area',
      label: '面积',
      type: 'decimal',
      required: false,
      policy: 'public',
      unit: '亩',
      total: true,
    },
    {
      key: 'people',
      label: '人数',
      type: 'integer',
      required: false,
      policy: 'public',
      unit: '人',
      total: true,
    },
    { key: 'day', label: '日期', type: 'date', required: false, policy: 'public' },
    { key: 'flag', label: '是否', type: 'boolean', required: false, policy: 'public' },
    {
      key: 'kind',
      label: '类别',
      type: 'enum',
      required: false,
      policy: 'public',
      enumValues: ['一类', '二类'],
    },
    { key: 'id_number', label: '身份证号', type: 'id_number', required: false, policy: 'masked' },
    { key: 'household_no', label: '户号', type: 'household_no', required: false, policy: 'public' },
    { key: 'phone', label: '电话', type: 'phone', required: false, policy: 'masked' },
    { key: 'bank', label: '账号', type: 'bank_account', required: false, policy: 'masked' },
  ],
  minorRule: null,
  provenance: 'designed',
}

const FULL_IDS = ['11010519491231002X', '110105194912310021', '320102198001011234', '320102198001011239']
const pick = (...values: unknown[]): fc.Arbitrary<unknown> => fc.constantFrom(...values)

/** Cells of each column: equal, near-equal and unusual spellings from small pools, so that pairs often meet. */
const CELLS: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(
    pick(
      '王伟',
      '王 伟',
      ' 王伟',
      '王伟（户主）',
      '王伟*',
      'ＡＢ',
      'ab',
      'AB',
      '赵〇',
      '赵零',
      '欧阳娜娜子',
      '欧阳娜娜子 ',
    ),
    pick('', null, undefined, 12, true, '王伟王伟王伟'),
  ),
  amount: fc.oneof(
    fc.integer({ min: -3, max: 3 }).map((n) => n * 100),
    pick('1.00', '1', '1.0', '1,000.00', '1000', '１', '¥1', '1元', '-1', '1.001', '1.000', 'x', ''),
    pick(
      null,
      undefined,
      100_000,
      2 ** 40,
      2 ** 31,
      -(2 ** 31),
      2 ** 31 - 1,
      1.5,
      '12345678901234567.5',
      '99999999.99',
    ),
  ),
  area: fc.oneof(
    pick('3.5', '3.50', '3', '3.0', '03.5', 3, 3.5, '3.5亩', ' 3.5', '0.05', '0.050', '-1', -1, '1234567890'),
    pick('', null, undefined, 'x', 268_435_455, 134_217_728, '134217727.5', 0, -0),
  ),
  people: pick('3', '3.0', '3.5', 3, '03', 3.5, '3人', '', null, 'x', -2),
  day: pick('2024-01-02', '2024/1/2', '2024年1月2日', '20240102', '2024-01-03', '', null, 'x', 1704153600000),
  flag: pick('是', '否', true, false, 1, 0, 'Y', 'n', '', null, '√', 'x'),
  kind: pick('一类', '二类', ' 一类', '', null),
  id_number: fc.oneof(
    pick(...FULL_IDS, '11010519491231002x', '110105491231002', '１１０１０５１９４９１２３１００２Ｘ'),
    pick(
      '110***********002X',
      '110***********002x',
      '110105********002X',
      '****002X',
      '1101*****02X',
      '110****0021',
    ),
    pick('002X', '02X', '110105********1234', '110 105 1949 1231 002X', '', null, undefined, 'abc', 12345),
    pick('000000********0000', '0*****0', '320***********1234', '320102********1239', '3****9'),
  ),
  household_no: pick(
    '003',
    '3',
    '0003',
    '三组-003',
    '3组3号',
    '户号：００３',
    '12A',
    '',
    null,
    3,
    '0',
    '000',
    '1234567890',
    '01234567890',
    '三号',
  ),
  phone: pick(
    '13800138000',
    '8613800138000',
    '+86 138 0013 8000',
    '138****8000',
    '138-0013-8000',
    '',
    null,
    '1380013800',
    1380013800,
  ),
  bank: pick(
    '6217000000000000001',
    '6217 0000 0000 0000 001',
    '***************0001',
    '6217000000000000002',
    '62170000000000000000000001',
    '6217000000000000000000001',
    '0006217000000000000000001',
    '8613800138000',
    '13800138000',
    '',
    null,
  ),
}

const KEYS = resolveKeyColumns(ALL_TYPES)
const COMPARERS = ALL_TYPES.columns.map((column, order) =>
  buildComparer(column, order, column.key === KEYS.name),
)

const cellRow = fc.record(CELLS, { requiredKeys: [] }) as fc.Arbitrary<Row>

describe('row codes', () => {
  it('should decide equality of two cells exactly as the column comparer does, or not at all', () => {
    fc.assert(
      fc.property(
        fc.array(cellRow, { minLength: 1, maxLength: 12 }),
        fc.array(cellRow, { minLength: 1, maxLength: 12 }),
        (a, b) => {
          const layout = new CodeLayout(COMPARERS, KEYS)
          const codesA = layout.encode('test.a', a).slice()
          const codesB = layout.encode('test.b', b).slice()
          for (let i = 0; i < a.length; i += 1) {
            for (let j = 0; j < b.length; j += 1) {
              for (const column of layout.columns) {
                const key = column.comparer.column.key
                const same = sameCells(
                  column,
                  codesA,
                  i * layout.stride + column.offset,
                  codesB,
                  j * layout.stride + column.offset,
                )
                const x = a[i]?.[key]
                const y = b[j]?.[key]
                if (same !== null)
                  expect([key, x, y, same]).toEqual([key, x, y, x === y || column.comparer.equal(x, y)])
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('should cover the usual cells: plain amounts and decimals, full and masked IDs, digits, numeric 户号, short text', () => {
    const layout = new CodeLayout(COMPARERS, KEYS)
    const row: Row = {
      name: '王伟',
      amount: '1,234.50',
      area: '3.50',
      people: 3,
      kind: '一类',
      id_number: '110***********002X',
      household_no: '三组-003',
      phone: '8613800138000',
      bank: '6217000000000000001',
    }
    const codes = layout.encode('test.a', [row, { ...row, id_number: FULL_IDS[0] }]).slice()
    for (const column of layout.columns) {
      const at = column.offset
      expect([column.comparer.column.key, sameCells(column, codes, at, codes, layout.stride + at)]).toEqual([
        column.comparer.column.key,
        true,
      ])
    }
  })

  it('should sum coded cells to the sums of the cells themselves', () => {
    fc.assert(
      fc.property(fc.array(cellRow, { maxLength: 30 }), (rows) => {
        const layout = new CodeLayout(COMPARERS, KEYS)
        const codes = layout.encode('test.a', rows).slice()
        layout.columns.forEach((column, k) => {
          if (column.comparer.column.total !== true) return
          const fromCodes = new SideTotals([column.comparer.column])
          sumColumn(layout, k, rows, codes, fromCodes, 0)
          const fromCells = new SideTotals([column.comparer.column])
          for (const row of rows) fromCells.addRow(row)
          expect(fromCodes.totals()).toEqual(fromCells.totals())
        })
      }),
      { numRuns: 300 },
    )
  })
})

describe('compareTables with and without row codes', () => {
  afterEach(() => setColumnarCodes(true))

  const bothWays = (input: Parameters<typeof compareTables>[0]): [string, string] => {
    setColumnarCodes(true)
    const coded = canonicalJson(compareTables(input))
    setColumnarCodes(false)
    const plain = canonicalJson(compareTables(input))
    setColumnarCodes(true)
    return [coded, plain]
  }

  /** Government rows: copies of village rows with some cells respelled, or rows of their own. */
  const tables = (row: fc.Arbitrary<Row>, respell: fc.Arbitrary<Record<string, unknown>>) =>
    fc.array(row, { maxLength: 40 }).chain((village) =>
      fc.array(fc.tuple(fc.nat(), fc.boolean(), respell, row), { maxLength: 40 }).map((specs) => ({
        village,
        government: specs.map(([n, copy, changes, own]) => {
          const source = village.length > 0 ? village[n % village.length] : undefined
          return copy && source ? { ...source, ...changes } : own
        }),
      })),
    )

  it('should give the same result on tables with a column of every type', () => {
    const respell = fc.record(CELLS, { requiredKeys: [] })
    fc.assert(
      fc.property(tables(cellRow, respell), ({ village, government }) => {
        const [coded, plain] = bothWays({ schema: ALL_TYPES, village, government })
        expect(coded).toBe(plain)
      }),
      { numRuns: 300 },
    )
  })

  it('should give the same result on subsidy rosters with full-width digits, stray spaces, duplicates and blanks', () => {
    const schema = catalogTable('耕地地力保护补贴发放名册')
    const subsidyRow = fc.record(
      {
        name: CELLS.name as fc.Arbitrary<unknown>,
        area_mu: CELLS.area as fc.Arbitrary<unknown>,
        rate_fen_per_mu: pick(10000, '100.00', null),
        amount: CELLS.amount as fc.Arbitrary<unknown>,
        group: pick('一组', '二组', ' 一组', '一组 '),
        id_number: CELLS.id_number as fc.Arbitrary<unknown>,
        household_no: CELLS.household_no as fc.Arbitrary<unknown>,
        bank_account: CELLS.bank as fc.Arbitrary<unknown>,
      },
      { requiredKeys: ['name'] },
    ) as fc.Arbitrary<Row>
    const respell = fc.record(
      {
        name: pick('王 伟', '王伟（户主）', 'ＡＢ'),
        amount: pick(undefined, null, '1,000.00', 100_100),
        id_number: pick('110***********002X', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002x'),
        household_no: pick('三组-003', ' 003', '户号：００３'),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(tables(subsidyRow, respell), ({ village, government }) => {
        const [coded, plain] = bothWays({ schema, village, government })
        expect(coded).toBe(plain)
      }),
      { numRuns: 300 },
    )
  })

  it('should give the same result when rows are holes or name and 户号 cells are not strings', () => {
    const schema = catalogTable('耕地地力保护补贴发放名册')
    const village: Row[] = [
      { name: 12, household_no: 3, amount: 100 },
      { name: true, household_no: '003', amount: 100 },
      { name: { x: 1 }, household_no: '三组-003', amount: 100 },
      { name: '王伟', household_no: new Date(0), amount: 100 },
    ]
    const government: Row[] = [
      { name: '12', household_no: '3', amount: 100 },
      { name: 'true', household_no: 3, amount: 200 },
      { name: { x: 1 }, household_no: '3', amount: 100 },
      { name: '王伟', household_no: new Date(0), amount: 100 },
    ]
    const [coded, plain] = bothWays({ schema, village, government })
    expect(coded).toBe(plain)
  })

  it('should treat names that normalise to nothing as missing in the 户号 + name step, in any order', () => {
    // Blank names of several spellings, seen before and after real names: the step tells them by the number of
    // the blank canonical form, which it gives when no cell had it yet.
    const schema = catalogTable('耕地地力保护补贴发放名册')
    const blanks = ['王伟', '  ', '\u3000', '', null, '李娜', ' \u3000 ']
    const village: Row[] = blanks.map((name, k) => ({ name, household_no: String(k + 1), amount: 100 }))
    const government: Row[] = [...blanks]
      .reverse()
      .map((name, k) => ({ name, household_no: String(blanks.length - k), amount: 100 + k }))
    const [coded, plain] = bothWays({ schema, village, government })
    expect(coded).toBe(plain)
    const result = JSON.parse(coded) as { summary: { matched: number } }
    expect(result.summary.matched).toBe(2)
  })
})
