import type { TableSchema } from '@cunwu/domain'
import { findCatalogItem } from '@cunwu/domain'
import { describe, expect, it } from 'vitest'
import { detectHeader, isColumnNumberRow } from './header'
import { importRows } from './import'
import { normalizeLabel } from './normalize'
import { detectSheet, detectSheets } from './sheets'

function tableOf(id: string): TableSchema {
  const table = findCatalogItem(id)?.table
  if (!table) throw new Error(`no table for ${id}`)
  return table
}

const LAND = tableOf('agricultural-subsidies.cultivated-land-protection')
const DIBAO = tableOf('social-assistance.dibao.approval')

describe('normalizeLabel', () => {
  it('should ignore width, spaces, brackets, units and required marks', () => {
    expect(normalizeLabel('补贴金额（元）')).toBe('补贴金额')
    expect(normalizeLabel('*户 主 姓 名')).toBe('户主姓名')
    expect(normalizeLabel('补贴面积/亩')).toBe('补贴面积')
    expect(normalizeLabel('补贴标准(元/亩)')).toBe('补贴标准')
    expect(normalizeLabel('ＩＤ　号码：')).toBe('id号码')
  })
})

describe('detectHeader', () => {
  it('should find the header under title rows and map labels that differ from ours', () => {
    const rows = [
      ['2026年耕地地力保护补贴发放名册', '', '', '', '', '', '', ''],
      ['填报单位：枫林村', '', '', '', '单位：元', '', '', ''],
      [
        '序号',
        '姓名',
        '公民身份号码',
        '组别',
        '补贴面积(亩)',
        '补贴标准（元/亩）',
        '补贴金额（元）',
        '一卡通账号',
      ],
      ['1', '张三', '11010519491231002X', '一组', '3.25', '105.5', '342.88', '6228480402564890018'],
    ]
    const h = detectHeader(rows, LAND)
    expect(h.headerRow).toBe(2)
    expect(h.mapping).toEqual({
      name: 1,
      id_number: 2,
      group: 3,
      area_mu: 4,
      rate_fen_per_mu: 5,
      amount: 6,
      bank_account: 7,
      household_no: null,
    })
    expect(h.matchedBy).toMatchObject({ name: 'synonym', area_mu: 'normalized', bank_account: 'synonym' })
    expect(h.unmappedRequired).toEqual([])
    expect(h.amountUnits).toEqual({})
    expect(h.sourceLabels[0]).toBe('序号')
  })

  it('should prefer the closest label when several columns could match', () => {
    const rows = [['户主', '申请人姓名', '应发金额', '实发金额（元）', '家庭人口']]
    const h = detectHeader(rows, DIBAO)
    expect(h.mapping.name).toBe(1)
    expect(h.mapping.amount).toBe(3)
    expect(h.mapping.household_size).toBe(4)
  })

  it('should list required columns it could not map', () => {
    const h = detectHeader([['姓名', '备注', '联系电话']], DIBAO)
    expect(h.headerRow).toBe(0)
    expect(h.unmappedRequired).toEqual(['household_size', 'amount'])
    expect(h.mapping.phone).toBe(2)
  })

  it('should return no header when nothing matches', () => {
    const h = detectHeader([['会议纪要'], ['时间', '地点']], DIBAO)
    expect(h.headerRow).toBeNull()
    expect(h.unmappedRequired).toEqual(['name', 'household_size', 'amount'])
  })

  it('should find a village column and amount columns in 万元', () => {
    const rows = [
      ['单位：万元', ''],
      ['村（社区）', '户主姓名', '补贴面积', '补贴金额'],
    ]
    const h = detectHeader(rows, LAND)
    expect(h.villageColumn).toBe(0)
    expect(h.amountUnits).toEqual({ amount: 'wan_yuan' })
    const own = detectHeader(
      [['区划代码', '户主姓名', '补贴面积', '补贴金额（万元）', '补贴标准（元）']],
      LAND,
    )
    expect(own.villageColumn).toBe(0)
    expect(own.amountUnits).toEqual({ amount: 'wan_yuan' })
  })
})

describe('detectSheet', () => {
  it('should pick the visible sheet whose header fits best', () => {
    const sheets = [
      { rows: [['说明'], ['本表由县农业农村局导出']], hidden: false },
      { rows: [['姓名', '补贴金额']], hidden: false },
      { rows: [['户主姓名', '补贴面积', '补贴金额', '身份证号']], hidden: true },
      { rows: [['户主姓名', '补贴面积', '补贴金额']], hidden: false },
    ]
    expect(detectSheet(sheets, LAND)?.sheetIndex).toBe(3)
    expect(detectSheet(sheets.slice(2, 3), LAND)?.sheetIndex).toBe(0)
    expect(detectSheet(sheets.slice(0, 1), LAND)).toBeNull()
  })
})

describe('detectHeader: 村组 column', () => {
  const rows = [
    ['村组', '户主姓名', '补贴面积', '补贴金额'],
    ['大榆树村1组', '张三', '1', '1'],
  ]

  it('should take a 村组 column as the village column when a village column is wanted', () => {
    const h = detectHeader(rows, LAND, { villageColumn: true })
    expect(h.villageColumn).toBe(0)
    expect(h.mapping.group ?? null).toBeNull()
  })

  it('should leave a 村组 column to the group column of a village table', () => {
    const h = detectHeader(rows, LAND)
    expect(h.villageColumn).toBeNull()
    expect(h.mapping.group).toBe(0)
  })

  it('should prefer a dedicated village column to a 村组 column', () => {
    const h = detectHeader([['村名', '村组', '户主姓名', '补贴面积', '补贴金额']], LAND, {
      villageColumn: true,
    })
    expect(h.villageColumn).toBe(0)
    expect(h.mapping.group).toBe(1)
  })
})

describe('detectSheets: workbooks with several sheets', () => {
  const header = ['户主姓名', '保障人数', '保障金额（元）', '户号']
  it('should import every sheet per 村民小组 with the same columns, and report each sheet', () => {
    const sheets = [
      { name: '一组', rows: [['云溪村一组低保名单'], header, ['王建国', '2', '1200', '001']] },
      {
        name: '二组',
        rows: [header, ['张桂兰', '3', '1500', '003'], ['刘志强', '2', '1200', '004']],
      },
      {
        name: '汇总',
        rows: [
          ['组别', '户数', '保障金额（元）'],
          ['一组', '1', '1200'],
        ],
      },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.used.map((u) => u.sheetIndex)).toEqual([0, 1])
    expect(found.used.map((u) => u.detection.headerRow)).toEqual([1, 0])
    expect(found.sheets).toEqual([
      { name: '一组', dataRows: 1, use: 'used' },
      { name: '二组', dataRows: 2, use: 'used' },
      { name: '汇总', dataRows: 1, use: 'other_columns' },
    ])
  })

  it('should skip a 填表说明 sheet with an example row before the real one', () => {
    const sheets = [
      {
        name: '填表说明',
        rows: [['填表说明：请按下表格式填写'], [], header, ['张三（示例）', '3', '1200', '001']],
      },
      { name: '花名册', rows: [header, ['王建国', '2', '1200', '001'], ['李秀英', '1', '600', '002']] },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.used.map((u) => u.sheetIndex)).toEqual([1])
    expect(found.sheets.map((s) => s.use)).toEqual(['instructions', 'used'])
    // Alone, an instruction sheet is still read.
    expect(detectSheets(sheets.slice(0, 1), DIBAO).used.map((u) => u.sheetIndex)).toEqual([0])
  })

  it('should break a tie between different headers by rows, not by sheet order', () => {
    const sheets = [
      {
        name: 'A',
        rows: [
          ['户主姓名', '保障人数', '保障金额'],
          ['甲', '1', '1'],
        ],
      },
      {
        name: 'B',
        rows: [
          ['姓名', '家庭人口', '发放金额', '备注'],
          ['乙', '1', '1', ''],
          ['丙', '1', '1', ''],
        ],
      },
    ]
    // Same columns mapped: both are used.
    expect(detectSheets(sheets, DIBAO).used.map((u) => u.sheetIndex)).toEqual([0, 1])
    const fewer = [
      sheets[0]!,
      {
        name: 'C',
        rows: [
          ['户主姓名', '保障人数', '保障金额', '户号'],
          ['乙', '1', '1', '1'],
        ],
      },
    ]
    // C maps one more column: C alone.
    expect(detectSheets(fewer, DIBAO).used.map((u) => u.sheetIndex)).toEqual([1])
  })
})

describe('detectHeader: two visible columns of one label (re-probe N4)', () => {
  it('should take the column whose brackets say it is the current figure, wherever it is', () => {
    const header = ['户主姓名', '保障人数', '保障金额（调整前）', '保障金额（调整后）', '户号']
    expect(detectHeader([header, ['王建国', '2', '900', '1200', '001']], DIBAO).mapping.amount).toBe(3)
    const swapped = ['户主姓名', '保障人数', '保障金额(本月)', '保障金额(上月)', '户号']
    expect(detectHeader([swapped, ['王建国', '2', '1200', '900', '001']], DIBAO).mapping.amount).toBe(2)
  })

  it('should report two columns that nothing tells apart, and the import should warn naming both', () => {
    const header = ['户主姓名', '保障人数', '保障金额（一）', '保障金额（二）', '户号']
    const rows = [header, ['王建国', '2', '900', '1200', '001']]
    const found = detectHeader(rows, DIBAO)
    expect(found.mapping.amount).toBe(2)
    expect(found.ambiguous).toEqual([{ key: 'amount', chosen: 2, other: 3 }])
    const result = importRows(rows, DIBAO, found.mapping, {
      headerRow: 0,
      ambiguousColumns: found.ambiguous ?? [],
    })
    if (!result.ok) throw new Error('expected success')
    expect(result.warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'ambiguous_column',
        '第 1 行 C 列（保障金额（一））：D 列（保障金额（二））也像是「保障金额（月）」，用的是这一列；如不对，请改选对应的列',
      ],
    ])
    // Told apart by 调整后: no warning.
    const told = detectHeader(
      [
        ['户主姓名', '保障金额（调整前）', '保障金额（调整后）'],
        ['王', '1', '2'],
      ],
      DIBAO,
    )
    expect(told.ambiguous).toBeUndefined()
  })
})

describe('detectSheets: sheets of the same households are not merged (re-probe N1)', () => {
  const header = ['户主姓名', '保障人数', '保障金额（元）', '户号']
  const five = [
    ['王建国', '3', '1200', '001'],
    ['李秀英', '1', '600', '002'],
    ['张桂兰', '2', '900', '003'],
    ['刘志强', '2', '900', '004'],
    ['陈海燕', '1', '500', '005'],
  ]
  it('should import one month of a workbook kept one sheet per month', () => {
    const sheets = [
      { name: '2026年6月', rows: [header, ...five] },
      { name: '2026年5月', rows: [header, ...five.slice(0, 4)] },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.used.map((u) => u.sheetIndex)).toEqual([0])
    expect(found.sheets[1]).toEqual({
      name: '2026年5月',
      dataRows: 4,
      use: 'overlaps',
      overlapsWith: '2026年6月',
    })
  })

  it('should import a 总表 alone rather than with the group sheets it sums up', () => {
    const sheets = [
      { name: '一组', rows: [header, ...five.slice(0, 2)] },
      { name: '总表', rows: [header, ...five] },
      { name: '二组', rows: [header, ...five.slice(2)] },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.used.map((u) => u.sheetIndex)).toEqual([1])
    expect(found.sheets.map((s) => s.use)).toEqual(['overlaps', 'used', 'overlaps'])
  })

  it('should tell the same households by 户号 and name even when the sheet names say nothing', () => {
    const sheets = [
      { name: 'Sheet1', rows: [header, ...five.slice(0, 3)] },
      { name: 'Sheet2', rows: [header, ['李秀英', '1', '600', '2'], ['赵六', '1', '500', '009']] },
    ]
    expect(detectSheets(sheets, DIBAO).sheets.map((s) => s.use)).toEqual(['used', 'overlaps'])
    // Sheets of one year per 村民小组 are groups, not periods.
    const yearGroups = [
      { name: '2026年一组', rows: [header, ...five.slice(0, 2)] },
      { name: '2026年二组', rows: [header, ...five.slice(2)] },
    ]
    expect(detectSheets(yearGroups, DIBAO).used.map((u) => u.sheetIndex)).toEqual([0, 1])
    // Different households: still one table.
    const groups = [sheets[0]!, { name: 'Sheet2', rows: [header, ['赵六', '1', '500', '009']] }]
    expect(detectSheets(groups, DIBAO).used.map((u) => u.sheetIndex)).toEqual([0, 1])
  })
})

describe('detectHeader: two-row headers', () => {
  it('should combine a merged group row with the labels under it', () => {
    // 家庭情况 merged over 人数 and 身份证号, 保障金额 over 月 and 年; 姓名 and 户号 merged over both rows.
    const rows = [
      ['XX村2026年低保发放花名册', '', '', '', '', '', ''],
      ['姓名', '家庭情况', '', '保障金额', '', '联系方式', '户号'],
      ['', '人数', '身份证号', '月', '年', '手机号', ''],
      ['甲一', '2', '', '600', '7200', '', '001'],
    ]
    const h = detectHeader(rows, DIBAO)
    expect(h.headerRow).toBe(2)
    expect(h.mapping).toMatchObject({ name: 0, household_size: 1, id_number: 2, amount: 3, household_no: 6 })
    expect(h.unmappedRequired).toEqual([])
    expect(h.sourceLabels).toEqual([
      '姓名',
      '家庭情况（人数）',
      '家庭情况（身份证号）',
      '保障金额（月）',
      '保障金额（年）',
      '联系方式（手机号）',
      '户号',
    ])
  })

  it('should combine them as well when the reader repeats a merged label over its cells', () => {
    const rows = [
      ['姓名', '家庭情况', '家庭情况', '补贴金额', '户号'],
      ['姓名', '人数', '身份证号', '补贴金额', '户号'],
      ['甲一', '2', '', '600', '001'],
    ]
    const h = detectHeader(rows, DIBAO)
    expect(h.headerRow).toBe(1)
    expect(h.mapping).toMatchObject({ name: 0, household_size: 1, id_number: 2, amount: 3, household_no: 4 })
  })

  it('should not take a data row for the lower header row', () => {
    const rows = [
      ['户主姓名', '保障人数', '保障金额'],
      ['王建国', '2', '1200'],
    ]
    expect(detectHeader(rows, DIBAO).headerRow).toBe(0)
  })
})

describe('isColumnNumberRow', () => {
  it('should recognise 栏次 rows and nothing else', () => {
    expect(isColumnNumberRow(['1', '2', '3', '4', '5'])).toBe(true)
    expect(isColumnNumberRow(['甲', '乙', '1', '2', '3'])).toBe(true)
    expect(isColumnNumberRow(['栏次', '1', '2', '3', ''])).toBe(true)
    expect(isColumnNumberRow(['1', '王建国', '2', '1200', '001'])).toBe(false)
    expect(isColumnNumberRow(['1', '2', '4'])).toBe(false)
    expect(isColumnNumberRow(['1', '2'])).toBe(false)
  })
})
