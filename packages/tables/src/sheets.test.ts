import { describe, expect, it } from 'vitest'
import { detectSheet, detectSheets } from './sheets'
import { tableOf } from './test-builders'

const LAND = tableOf('agricultural-subsidies.cultivated-land-protection')
const DIBAO = tableOf('social-assistance.dibao.approval')

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
      {
        name: 'A',
        rows: [
          ['户主姓名', '保障金额'],
          ['甲', '1'],
          ['丁', '1'],
        ],
      },
      {
        name: 'C',
        rows: [
          ['户主姓名', '保障人数', '保障金额', '户号'],
          ['乙', '1', '1', '1'],
        ],
      },
    ]
    // C maps more columns (A has more rows but no 保障人数, a required column): C alone.
    expect(detectSheets(fewer, DIBAO).used.map((u) => u.sheetIndex)).toEqual([1])
    // A sheet that lacks only an optional column (户号) is the same table: both are used.
    const optional = [sheets[0]!, fewer[1]!]
    expect(detectSheets(optional, DIBAO).used.map((u) => u.sheetIndex)).toEqual([0, 1])
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

describe('detectSheets: an optional column does not make a sheet another table', () => {
  const header = ['户主姓名', '保障人数', '保障金额（元）', '户号', '身份证号']
  const id = (n: number) => `36099919600501${String(n).padStart(3, '0')}X`

  it('should import a group sheet whose optional column was left blank with the others', () => {
    const sheets = [
      { name: '一组', rows: [header, ['王建国', '2', '1200', '001', ''], ['李秀英', '1', '600', '002', '']] },
      { name: '二组', rows: [header, ['张桂兰', '3', '1500', '', ''], ['刘志强', '2', '1200', '', '']] },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.used.map((u) => u.sheetIndex)).toEqual([0, 1])
    expect(found.sheets.map((s) => s.use)).toEqual(['used', 'used'])
  })

  it('should import a group sheet without an optional column with the others, whichever sheet lacks it', () => {
    const without = header.filter((h) => h !== '户号')
    const sheets = [
      {
        name: '一组',
        rows: [header, ['王建国', '2', '1200', '001', id(1)], ['李秀英', '1', '600', '002', id(2)]],
      },
      { name: '二组', rows: [without, ['张桂兰', '3', '1500', id(3)], ['刘志强', '2', '1200', id(4)]] },
      { name: '三组', rows: [without, ['陈海燕', '1', '500', id(5)]] },
    ]
    const found = detectSheets(sheets, DIBAO)
    expect(found.sheets.map((s) => s.use)).toEqual(['used', 'used', 'used'])
    // Each sheet keeps its own columns: 二组 has no 户号, and its 身份证号 is its fourth column.
    expect(found.used.map((u) => [u.detection.mapping.household_no, u.detection.mapping.id_number])).toEqual([
      [3, 4],
      [null, 3],
      [null, 3],
    ])
    // The sheet with the column first or not, the same sheets are used.
    const reversed = [sheets[1]!, sheets[2]!, sheets[0]!]
    expect(detectSheets(reversed, DIBAO).sheets.map((s) => s.use)).toEqual(['used', 'used', 'used'])
  })

  it('should still tell the same households apart by the columns both sheets have', () => {
    const without = header.filter((h) => h !== '户号')
    const sheets = [
      {
        name: 'Sheet1',
        rows: [header, ['王建国', '2', '1200', '001', id(1)], ['李秀英', '1', '600', '002', id(2)]],
      },
      // A copy of the same list without its 户号 column: the ID numbers say so.
      { name: 'Sheet2', rows: [without, ['王建国', '2', '1200', id(1)]] },
    ]
    expect(detectSheets(sheets, DIBAO).sheets.map((s) => s.use)).toEqual(['used', 'overlaps'])
  })

  it('should still set aside a sheet that lacks a required column', () => {
    const sheets = [
      { name: '一组', rows: [header, ['王建国', '2', '1200', '001', id(1)]] },
      // No 保障人数: another list (a summary of amounts), not more of this one.
      {
        name: '发放表',
        rows: [
          ['户主姓名', '保障金额（元）', '户号'],
          ['张桂兰', '1500', '003'],
        ],
      },
    ]
    expect(detectSheets(sheets, DIBAO).sheets.map((s) => s.use)).toEqual(['used', 'other_columns'])
  })
})
