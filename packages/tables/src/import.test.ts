import { DEMO_REGIONS } from '@cunwu/domain'
import { describe, expect, it } from 'vitest'
import { detectHeader } from './header'
import type { ImportFailure, ImportProgress, ImportResult, ImportSuccess } from './import-types'
import { importRows, importRowsAsync, importRowsInSteps } from './import'
import { MAX_WARNINGS_LISTED } from './import-report'
import { readTableFile } from './read'
import { buildIdNumber, buildXlsx, encodeGbk, tableOf } from './test-builders'

const LAND = tableOf('agricultural-subsidies.cultivated-land-protection')
const DELIBERATION = tableOf('village-affairs.four-two.resolution')

function success(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${result.errors.map((e) => e.message).join('; ')}`)
  return result
}

function failure(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected failure')
  return result
}

const ID1 = buildIdNumber('1960-05-01', 11)
const ID2 = buildIdNumber('1972-11-30', 12)

/** A county-style export: two title rows, merged title, header labels unlike ours, totals and a footer. */
const COUNTY_SHEET = [
  ['云溪县2026年耕地地力保护补贴发放名册', '', '', '', '', '', '', ''],
  ['乡镇：云溪镇  村：枫林村', '', '', '', '', '', '', '单位：元'],
  [
    '序号',
    '户主',
    '身份证号',
    '村民小组',
    '补贴面积（亩）',
    '补贴标准（元/亩）',
    '补贴金额（元）',
    '一卡通账号',
  ],
  ['1', '张三', ID1, '一组', '3.25', '105.5', '342.88', '6228480402564890018'],
  ['', '', '', '', '', '', '', ''],
  ['2', '李四', ID2, '二组', '１．１', '105.5', '1,160.5', ''],
  ['合计', '', '', '', '4.35', '', '1,503.38', ''],
  ['制表人：王五', '', '', '审核人：赵六', '', '', '', ''],
]

describe('importRows', () => {
  it('should import a county export: skip blank, totals and footer rows, convert every type', () => {
    const h = detectHeader(COUNTY_SHEET, LAND)
    const result = success(importRows(COUNTY_SHEET, LAND, h.mapping, { headerRow: h.headerRow ?? -1 }))
    expect(result.rows).toEqual([
      {
        name: '张三',
        id_number: ID1,
        group: '一组',
        area_mu: 3.25,
        rate_fen_per_mu: 10550,
        amount: 34288,
        bank_account: '6228480402564890018',
        household_no: null,
      },
      {
        name: '李四',
        id_number: ID2,
        group: '二组',
        area_mu: 1.1,
        rate_fen_per_mu: 10550,
        amount: 116050,
        bank_account: null,
        household_no: null,
      },
    ])
    expect(result.sourceRows).toEqual([4, 6])
    expect(result.skipped).toEqual({
      blank: 1,
      totals: 1,
      footer: 1,
      count: 2,
      rows: [
        { row: 7, reason: 'totals' },
        { row: 8, reason: 'footer' },
      ],
    })
    expect(result.declaredTotals).toEqual({ area_mu: 4.35, amount: 150338 })
    expect(result.sums).toEqual({ area_mu: 4.35, amount: 150338 })
    expect(result.warnings).toEqual([])
    expect(result.villageCodes).toBeNull()
  })

  it('should warn when the totals row disagrees with the sum of the rows', () => {
    const sheet = COUNTY_SHEET.map((row) =>
      row[0] === '合计' ? ['合计', '', '', '', '4.36', '', '1,503.00', ''] : row,
    )
    const h = detectHeader(sheet, LAND)
    const result = success(importRows(sheet, LAND, h.mapping, { headerRow: h.headerRow ?? -1 }))
    expect(result.declaredTotals).toEqual({ area_mu: 4.36, amount: 150300 })
    expect(result.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        7,
        'total_mismatch',
        '第 7 行 E 列（补贴面积（亩））：合计行为 4.36亩，逐行相加为 4.35亩，相差 0.01亩',
      ],
      [
        7,
        'total_mismatch',
        '第 7 行 G 列（补贴金额（元））：合计行为 1,503.00 元，逐行相加为 1,503.38 元，相差 -0.38 元',
      ],
    ])
  })

  it('should warn about an ID number on two sheets of one import when they share the seen map (re-probe N1)', () => {
    const h = detectHeader(COUNTY_SHEET, LAND)
    const seenIdNumbers = new Map<string, { row: number; sheet?: string }>()
    const options = { headerRow: h.headerRow ?? -1, seenIdNumbers }
    success(importRows(COUNTY_SHEET, LAND, h.mapping, { ...options, sheetName: '一组' }))
    const second = success(importRows(COUNTY_SHEET, LAND, h.mapping, { ...options, sheetName: '二组' }))
    const dups = second.warnings.filter((w) => w.code === 'duplicate_id_number')
    expect(dups.length).toBeGreaterThan(0)
    expect(dups[0]?.message).toBe(
      `工作表「二组」第 4 行 C 列（身份证号）：与工作表「一组」第 4 行重复（${ID1}）`,
    )
  })

  it('should warn about an ID number that appears twice', () => {
    const sheet = COUNTY_SHEET.map((row) => row.map((c) => (c === ID2 ? ID1 : c)))
    const h = detectHeader(sheet, LAND)
    const result = success(importRows(sheet, LAND, h.mapping, { headerRow: h.headerRow ?? -1 }))
    expect(result.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [6, 'duplicate_id_number', `第 6 行 C 列（身份证号）：与第 4 行重复（${ID1}）`],
    ])
  })

  it('should sum 10,000 decimals exactly', () => {
    const rows = [
      ['户主姓名', '补贴面积', '补贴金额'],
      ...Array.from({ length: 10_000 }, () => ['张三', '0.1', '0.1']),
    ]
    const result = success(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 2 }, { headerRow: 0 }))
    expect(result.sums).toEqual({ area_mu: 1000, amount: 100_000 })
  })

  it('should return no rows and every error with its spreadsheet row when anything is wrong', () => {
    const sheet = [
      ['标题', ''],
      ...COUNTY_SHEET.slice(2, 4),
      ['2', '', '1.10101194912310E+17', '二组', '1.1', '105.5', '1,2a4.50', '62284804025'],
      ['3', '王五', ID2, '三组', '2', '', '12.345', ''],
    ]
    const h = detectHeader(sheet, LAND)
    const result = failure(importRows(sheet, LAND, h.mapping, { headerRow: h.headerRow ?? -1 }))
    expect(result.errorCount).toBe(4)
    expect(result.errors.map((e) => [e.row, e.column, e.code, e.value])).toEqual([
      [4, '户主姓名', 'required', ''],
      [4, '补贴金额', 'invalid_amount', '1,2a4.50'],
      [4, '身份证号码', 'id_precision_lost', '1.10101194912310E+17'],
      [5, '补贴金额', 'too_many_decimals', '12.345'],
    ])
    expect(result.errors[1]?.message).toBe('第 4 行 G 列（补贴金额（元））：不是有效金额（1,2a4.50）')
    expect(result.errors[0]?.message).toBe('第 4 行 B 列（户主）：必填，不能为空')
  })

  it('should cap the returned errors but count them all', () => {
    const rows = [['户主姓名', '补贴面积', '补贴金额'], ...Array.from({ length: 500 }, () => ['', 'x', '1'])]
    const result = failure(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 2 }, { headerRow: 0 }))
    expect(result.errorCount).toBe(1000)
    expect(result.errors).toHaveLength(200)
    const small = failure(
      importRows(rows, LAND, { name: 0, area_mu: 1, amount: 2 }, { headerRow: 0, maxErrors: 3 }),
    )
    expect(small.errors.map((e) => e.row)).toEqual([2, 2, 3])
  })

  it('should refuse a mapping that misses a required column, points nowhere or maps one column twice', () => {
    const rows = [
      ['户主姓名', '补贴面积'],
      ['张三', '1'],
    ]
    const missing = failure(importRows(rows, LAND, { name: 0, area_mu: 1 }, { headerRow: 0 }))
    expect(missing.errors.map((e) => [e.row, e.column, e.code])).toEqual([[1, '补贴金额', 'missing_column']])
    const outside = failure(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 7 }, { headerRow: 0 }))
    expect(outside.errors.map((e) => e.code)).toEqual(['invalid_mapping'])
    const twice = failure(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 1 }, { headerRow: 0 }))
    expect(twice.errors[0]?.message).toBe('第 1 行「补贴金额」：和「补贴面积」对应了同一列')
    const noHeader = failure(importRows(rows, LAND, { name: 0 }, { headerRow: 5 }))
    expect(noHeader.errors.map((e) => e.code)).toEqual(['invalid_mapping'])
  })

  it('should refuse a sheet with only a header, blank rows and a totals row', () => {
    const rows = [
      ['户主姓名', '补贴面积', '补贴金额'],
      ['', '', ''],
      ['合计', '0', '0'],
    ]
    const result = failure(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 2 }, { headerRow: 0 }))
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([[2, 'no_data_rows']])
  })

  it('should treat subtotal rows in the middle as non-data and keep importing after them', () => {
    const rows = [
      ['户主姓名', '补贴面积', '补贴金额'],
      ['张三', '1', '100'],
      ['小计', '1', '100'],
      ['李四', '2', '200'],
      ['合计', '3', '300'],
    ]
    const result = success(importRows(rows, LAND, { name: 0, area_mu: 1, amount: 2 }, { headerRow: 0 }))
    expect(result.rows.map((r) => r.name)).toEqual(['张三', '李四'])
    expect(result.skipped.totals).toBe(2)
    expect(result.declaredTotals).toEqual({ area_mu: 3, amount: 30000 })
  })

  it('should validate enums and integers of a non-roster table', () => {
    const rows = [
      ['议事环节', '日期', '应到人数', '实到人数'],
      ['党员大会审议', '2026年3月5日', '30', '28人'],
      ['村民大会', '2026-02-30', '3.5', ''],
    ]
    const result = failure(
      importRows(rows, DELIBERATION, { step: 0, held_on: 1, expected: 2, present: 3 }, { headerRow: 0 }),
    )
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'invalid_enum'],
      [3, 'impossible_date'],
      [3, 'invalid_integer'],
    ])
  })

  it('should call onProgress every 1000 rows and once at the end', () => {
    const rows = [
      ['户主姓名', '补贴面积', '补贴金额'],
      ...Array.from({ length: 2500 }, () => ['张三', '1', '1']),
    ]
    const calls: ImportProgress[] = []
    importRows(
      rows,
      LAND,
      { name: 0, area_mu: 1, amount: 2 },
      { headerRow: 0, onProgress: (p) => calls.push(p) },
    )
    expect(calls).toEqual([
      { done: 1000, total: 2500 },
      { done: 2000, total: 2500 },
      { done: 2500, total: 2500 },
    ])
  })

  it('should let the event loop run between progress reports in the async variant', async () => {
    const rows = [
      ['户主姓名', '补贴面积', '补贴金额'],
      ...Array.from({ length: 3000 }, () => ['张三', '1', '1']),
    ]
    const seen: string[] = []
    const timer = setInterval(() => seen.push('tick'), 0)
    const result = await importRowsAsync(
      rows,
      LAND,
      { name: 0, area_mu: 1, amount: 2 },
      {
        headerRow: 0,
        onProgress: (p) => seen.push(String(p.done)),
      },
    )
    clearInterval(timer)
    expect(success(result).rows).toHaveLength(3000)
    expect(seen.filter((s) => s !== 'tick')).toEqual(['1000', '2000', '3000'])
    expect(seen.indexOf('tick')).toBeLessThan(seen.indexOf('3000'))
  })

  describe('importRowsInSteps', () => {
    const villages = DEMO_REGIONS.filter((r) => r.level === 'village')
    const codes = villages.slice(0, 3).map((v) => v.code)
    const sheet = (bad: number | null) => [
      ['所属村', '户主姓名', '补贴面积', '补贴金额'],
      ...Array.from({ length: 2_500 }, (_, i) => [
        codes[i % 3] ?? '',
        `户${i}`,
        i === bad ? '一亩' : '1',
        '125',
      ]),
      ['合计', '', '2500', ''],
    ]
    const run = (rows: string[][]) => {
      const steps = importRowsInSteps(
        rows,
        LAND,
        { name: 1, area_mu: 2, amount: 3 },
        {
          headerRow: 0,
          villageColumn: { index: 0, villages },
        },
      )
      const given: { done: number; rows: number; codes: string[] }[] = []
      for (;;) {
        const step = steps.next()
        if (step.done === true) return { given, result: step.value }
        given.push({
          done: step.value.progress.done,
          rows: step.value.rows.length,
          codes: step.value.villageCodes ?? [],
        })
        expect(step.value.villageCodes).toHaveLength(step.value.rows.length)
      }
    }

    it('should give every passed row once, in sheet order, with its village, before the result', () => {
      const { given, result } = run(sheet(null))
      expect(given.map((g) => [g.done, g.rows])).toEqual([
        [1000, 1000],
        [2000, 1000],
        [2501, 500],
      ])
      const ok = success(result)
      expect(ok.rows).toHaveLength(2_500)
      expect(given.flatMap((g) => g.codes)).toEqual(ok.villageCodes)
    })

    it('should keep no rows of its own when told not to, counting them', () => {
      const steps = importRowsInSteps(
        sheet(null),
        LAND,
        { name: 1, area_mu: 2, amount: 3 },
        { headerRow: 0, villageColumn: { index: 0, villages }, keepRows: false },
      )
      let given = 0
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done === true) {
          const ok = success(step.value)
          expect([ok.rows.length, ok.sourceRows.length, ok.villageCodes?.length]).toEqual([0, 0, 0])
          expect(ok.rowCount).toBe(2_500)
          break
        }
        given += step.value.rows.length
      }
      expect(given).toBe(2_500)
    })

    it('should give the rows that passed before a failure, none after it, and fail as importRows does', () => {
      const { given, result } = run(sheet(1_500))
      expect(given.map((g) => g.rows)).toEqual([1000, 500])
      expect(failure(result).errors.map((e) => [e.row, e.code])).toEqual(
        failure(
          importRows(
            sheet(1_500),
            LAND,
            { name: 1, area_mu: 2, amount: 3 },
            {
              headerRow: 0,
              villageColumn: { index: 0, villages },
            },
          ),
        ).errors.map((e) => [e.row, e.code]),
      )
    })
  })

  describe('village column', () => {
    const villages = DEMO_REGIONS.filter((r) => r.level === 'village')
    const header = ['所属村', '户主姓名', '补贴面积', '补贴金额']

    it('should resolve village names in any common form and 12-digit codes', () => {
      const rows = [
        header,
        ['枫林村', '张三', '1', '1'],
        ['下坊村委会', '李四', '1', '1'],
        ['柏树', '王五', '1', '1'],
        ['360999101201', '赵六', '1', '1'],
      ]
      const h = detectHeader(rows, LAND)
      expect(h.villageColumn).toBe(0)
      const result = success(
        importRows(rows, LAND, h.mapping, { headerRow: 0, villageColumn: { index: 0, villages } }),
      )
      expect(result.villageCodes).toEqual(['360999100201', '360999100202', '360999100203', '360999101201'])
    })

    it('should refuse blank, unknown and ambiguous villages', () => {
      const rows = [
        header,
        ['', '张三', '1', '1'],
        ['枫树村', '李四', '1', '1'],
        ['云溪', '王五', '1', '1'],
        ['360999200299', '赵六', '1', '1'],
      ]
      const result = failure(
        importRows(
          rows,
          LAND,
          { name: 1, area_mu: 2, amount: 3 },
          { headerRow: 0, villageColumn: { index: 0, villages } },
        ),
      )
      expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
        [2, '所属村', 'village_required'],
        [3, '所属村', 'unknown_village'],
        [4, '所属村', 'unknown_village'],
        [5, '所属村', 'unknown_village'],
      ])
      expect(result.errors[2]?.message).toContain('请改填 12 位区划代码')
    })
  })

  it('should import a GBK CSV with numeric IDs and Excel serial dates end to end', async () => {
    const relief = tableOf('social-assistance.temporary.approval')
    const csv = [
      '支出型临时救助对象名单,,,,',
      '姓名,救助金额（元）,救助事由,审批日期,身份证号',
      `张三,"2,000.00",医疗支出,46086,${ID1}`,
      '李四,500,火灾,2026.3.5,1.10101E+17',
      '合计,"2,500.00",,,',
    ].join('\r\n')
    const { sheets } = await readTableFile(encodeGbk(csv), { filename: '临时救助.csv' })
    const rows = sheets[0]?.rows ?? []
    const h = detectHeader(rows, relief)
    expect(h.headerRow).toBe(1)
    const result = failure(importRows(rows, relief, h.mapping, { headerRow: 1 }))
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([[4, 'id_precision_lost']])
    const fixed = rows.map((r) => r.map((c) => (c === '1.10101E+17' ? ID2 : c)))
    const ok = success(importRows(fixed, relief, h.mapping, { headerRow: 1 }))
    expect(ok.rows.map((r) => [r.name, r.amount, r.approved_on])).toEqual([
      ['张三', 200000, '2026-03-05'],
      ['李四', 50000, '2026-03-05'],
    ])
    expect(ok.declaredTotals).toEqual({ amount: 250000 })
  })

  it('should import an .xlsx with merged title, real date cells and numeric cells', async () => {
    const file = await buildXlsx([
      {
        rows: [
          ['高龄津贴发放名单'],
          ['姓 名', '发放月数', '发放金额（元）', '出生日期', '身份证号码'],
          ['张三', 3, 300, new Date(Date.UTC(1940, 0, 2)), ID1],
          ['李四', 3, 150.5, new Date(Date.UTC(1938, 11, 31)), 110101193812310000],
        ],
        merges: ['A1:E1'],
      },
    ])
    const allowance = tableOf('elderly-care.old-age-allowance.roster')
    const { sheets } = await readTableFile(file, { filename: 'a.xlsx' })
    const rows = sheets[0]?.rows ?? []
    const h = detectHeader(rows, allowance)
    const result = failure(importRows(rows, allowance, h.mapping, { headerRow: h.headerRow ?? -1 }))
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '身份证号码', 'id_precision_lost'],
    ])
    const withoutId = success(
      importRows(rows, allowance, { ...h.mapping, id_number: null }, { headerRow: 1 }),
    )
    expect(withoutId.rows.map((r) => [r.name, r.months, r.amount, r.birth_date])).toEqual([
      ['张三', 3, 30000, '1940-01-02'],
      ['李四', 3, 15050, '1938-12-31'],
    ])
  })
})

describe('importRows: rows that are not imported', () => {
  const DIBAO = tableOf('social-assistance.dibao.approval')
  const header = ['序号', '户主姓名', '保障人数', '保障金额（元）', '户号', '备注']
  const run = (rows: string[][]) => {
    const h = detectHeader(rows, DIBAO)
    return importRows(rows, DIBAO, h.mapping, { headerRow: h.headerRow ?? -1 })
  }

  it('should skip a totals row that gives the household count in the name column', () => {
    for (const label of ['合计15户', '合计：2户', '共2户', '合 计', '共计2户3人', '总计（2户3人）']) {
      const result = success(
        run([
          header,
          ['1', '王建国', '2', '1200', '001', ''],
          ['2', '李秀英', '1', '600', '002', ''],
          ['', label, '3', '1800', '', ''],
        ]),
      )
      expect(result.rowCount, label).toBe(2)
      expect(result.skipped.rows, label).toEqual([{ row: 4, reason: 'totals' }])
      expect(result.declaredTotals, label).toEqual({ household_size: 3, amount: 180000 })
    }
  })

  it('should skip a group subtotal such as 一组小计 without taking it for the declared totals', () => {
    const result = success(
      run([header, ['1', '王建国', '2', '1200', '001', ''], ['', '一组小计', '2', '1200', '', '']]),
    )
    expect(result.rowCount).toBe(1)
    expect(result.skipped.rows).toEqual([{ row: 3, reason: 'totals' }])
    expect(result.declaredTotals).toBeNull()
  })

  it('should skip a 栏次 row of column numbers under the header', () => {
    for (const numbers of [
      ['1', '2', '3', '4', '5', '6'],
      ['甲', '乙', '1', '2', '3', ''],
    ]) {
      const result = success(run([header, numbers, ['1', '王建国', '2', '1200', '001', '']]))
      expect(result.rowCount).toBe(1)
      expect(result.skipped.rows).toEqual([{ row: 2, reason: 'column_numbers' }])
    }
  })

  it('should list skipped rows and warn about a numbered row without data', () => {
    const result = success(
      run([
        header,
        ['1', '王建国', '2', '1200', '001', ''],
        ['2', '', '', '', '', '张桂兰 待补录'],
        ['', '', '', '', '', ''],
        ['小计', '', '2', '1200', '', ''],
        ['3', '陈海燕', '2', '1200', '005', ''],
        ['合计', '', '4', '2400', '', ''],
        ['以上名单如有异议请于7日内向村委会反映', '', '', '', '', ''],
        // A template numbered further than it was filled: blank, not listed.
        ['4', '', '', '', '', ''],
      ]),
    )
    expect(result.skipped.blank).toBe(3)
    expect(result.rowCount).toBe(2)
    expect(result.skipped.rows).toEqual([
      { row: 3, reason: 'no_data' },
      { row: 5, reason: 'totals' },
      { row: 7, reason: 'totals' },
      { row: 8, reason: 'footer' },
    ])
    expect(result.skipped.count).toBe(4)
    expect(result.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [3, 'row_without_data', '第 3 行：只有 2、张桂兰 待补录，要导入的各列都是空的，这一行没有导入'],
    ])
  })

  it('should skip and report hidden rows', () => {
    const rows = [
      header,
      ['1', '王建国', '2', '1200', '001', ''],
      ['2', '李秀英', '1', '600', '002', '已停保'],
    ]
    const h = detectHeader(rows, DIBAO)
    const result = success(importRows(rows, DIBAO, h.mapping, { headerRow: 0, hiddenRows: new Set([2]) }))
    expect(result.rowCount).toBe(1)
    expect(result.skipped.rows).toEqual([{ row: 3, reason: 'hidden' }])
  })

  it('should name the sheet, the column letter and the sheet header in messages; refuse negative amounts', () => {
    const rows = [
      ['户主姓名', '人数', '补贴金额', '户号'],
      ['王建国', '2', '-600', '一组-001'],
      ['李秀英', '0', '600', '001号'],
    ]
    const h = detectHeader(rows, DIBAO)
    const result = failure(importRows(rows, DIBAO, h.mapping, { headerRow: 0, sheetName: '一组' }))
    expect(result.errors.map((e) => [e.row, e.code, e.sheet, e.message])).toEqual([
      [
        2,
        'negative_amount',
        '一组',
        '工作表「一组」第 2 行 C 列（补贴金额）：金额不能是负数（-600）；扣回、退回的钱请另外说明，不要写成负数',
      ],
    ])
    rows[1]![2] = '600'
    const ok = success(importRows(rows, DIBAO, h.mapping, { headerRow: 0 }))
    expect(ok.rows.map((r) => r.household_no)).toEqual(['一组-001', '001号'])
    expect(ok.warnings.map((w) => [w.code, w.message])).toEqual([
      ['zero_people', '第 3 行 B 列（人数）：人数为 0，请核对（0）'],
    ])
  })
})

describe('importRows: merged cells over several rows (re-probe N3, N5)', () => {
  const DIBAO = tableOf('social-assistance.dibao.approval')
  async function importXlsx(rows: (string | number)[][], merges: string[]): Promise<ImportResult> {
    const file = await buildXlsx([{ rows, merges }])
    const { sheets } = await readTableFile(file, { filename: 'a.xlsx' })
    const sheet = sheets[0]!
    const h = detectHeader(sheet.rows, DIBAO)
    return importRows(sheet.rows, DIBAO, h.mapping, {
      headerRow: h.headerRow ?? -1,
      ...(sheet.mergedDown === undefined ? {} : { mergedDown: sheet.mergedDown }),
    })
  }

  it('should refuse an amount merged over a family of three rather than count it three times', async () => {
    const header = ['户主姓名', '家庭成员', '保障人数', '保障金额（元）', '户号']
    const result = failure(
      await importXlsx(
        [
          header,
          ['王建国', '王建国', 3, 1200, '001'],
          ['', '王小明', '', '', ''],
          ['', '王小红', '', '', ''],
          ['李秀英', '李秀英', 1, 600, '002'],
        ],
        ['A2:A4', 'C2:C4', 'D2:D4', 'E2:E4'],
      ),
    )
    expect(result.errors.map((e) => [e.code, e.message])).toEqual([
      [
        'merged_total',
        '第 2 行 C 列（保障人数）：第 2–4 行是合并单元格，每一行都会再算一次，合计会多算；请取消合并，只在一行填写，或每户只留一行',
      ],
      [
        'merged_total',
        '第 2 行 D 列（保障金额（元））：第 2–4 行是合并单元格，每一行都会再算一次，合计会多算；请取消合并，只在一行填写，或每户只留一行',
      ],
    ])
  })

  it('should still fill a 村民小组 merged over its rows', async () => {
    const result = success(
      await importXlsx(
        [
          ['村民小组', '户主姓名', '保障人数', '保障金额（元）'],
          ['一组', '王建国', 2, 1200],
          ['', '李秀英', 1, 600],
        ],
        ['A2:A3'],
      ),
    )
    expect(result.rows.map((r) => r.group)).toEqual(['一组', '一组'])
  })

  it('should leave data rows blank under a header cell merged down into them', async () => {
    const result = success(
      await importXlsx(
        [
          ['村民小组', '户主姓名', '保障人数', '保障金额（元）'],
          ['', '王建国', 2, 1200],
          ['', '李秀英', 1, 600],
          ['一组', '张桂兰', 3, 1500],
        ],
        ['A1:A3'],
      ),
    )
    expect(result.rows.map((r) => r.group)).toEqual([null, null, '一组'])
    const amount = failure(
      await importXlsx(
        [
          ['户主姓名', '保障人数', '保障金额（元）'],
          ['王建国', 2, ''],
          ['李秀英', 1, 600],
        ],
        ['C1:C2'],
      ),
    )
    expect(amount.errors[0]?.message).toBe(
      '第 2 行 C 列（保障金额（元））：必填，这一格与表头合并在一起；请取消合并后填写',
    )
  })
})

describe('importRows: warnings of a hostile file are counted, not all listed', () => {
  it('should list the first MAX_WARNINGS_LISTED multi-line cells of a CSV and count them all', async () => {
    const expense = tableOf('village-finance.expense')
    // 300 备注 cells each holding a line that looks like a whole row, and a closing 合计 that differs from the sum.
    const lines = ['日期,凭证号,摘要,支出类别,收款单位（个人）,金额（元）,备注']
    for (let i = 1; i <= 300; i++)
      lines.push(`2026-03-01,${i},慰问金,慰问,王五,1,"共3项：\r\n纸,笔,墨,a,b,c,d"`)
    lines.push('合计,,,,,301,')
    const sheet = (await readTableFile(Buffer.from(`${lines.join('\r\n')}\r\n`), { filename: '支出.csv' }))
      .sheets[0]
    expect(sheet?.longCells).toHaveLength(300)
    const h = detectHeader(sheet!.rows, expense)
    const result = success(
      importRows(sheet!.rows, expense, h.mapping, {
        headerRow: h.headerRow ?? -1,
        longCells: sheet!.longCells ?? [],
      }),
    )
    expect(result.rowCount).toBe(300)
    expect(result.warningCount).toBe(301)
    // The 合计 mismatch is about the whole sheet: listed past the cap, not lost behind 300 cells.
    expect(result.warnings).toHaveLength(MAX_WARNINGS_LISTED + 1)
    expect(result.warnings.filter((w) => w.code === 'multiline_cell')).toHaveLength(MAX_WARNINGS_LISTED)
    expect(result.warnings[0]?.row).toBe(2)
    expect(result.warnings.at(-1)?.code).toBe('total_mismatch')
  })

  it('should list every ambiguous column, and the first MAX_WARNINGS_LISTED row warnings in row order', () => {
    const header = ['户主姓名', '保障人数', '保障金额（一）', '保障金额（二）', '户号']
    const rows = [
      header,
      ...Array.from({ length: 250 }, (_, i) => [`村民${i}`, '0', '100', '100', `${i + 1}`]),
    ]
    const dibao = tableOf('social-assistance.dibao.approval')
    const h = detectHeader(rows, dibao)
    const result = success(
      importRows(rows, dibao, h.mapping, { headerRow: 0, ambiguousColumns: h.ambiguous ?? [] }),
    )
    // 250 rows of 0 people, and one column two source columns fit.
    expect(result.warningCount).toBe(251)
    expect(result.warnings.filter((w) => w.code === 'zero_people').map((w) => w.row)).toEqual(
      Array.from({ length: MAX_WARNINGS_LISTED }, (_, i) => i + 2),
    )
    expect(result.warnings.filter((w) => w.code === 'ambiguous_column')).toHaveLength(1)
  })
})
