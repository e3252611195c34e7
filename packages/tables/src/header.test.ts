import { describe, expect, it } from 'vitest'
import { detectHeader, isColumnNumberRow } from './header'
import { importRows } from './import'
import { normalizeLabel } from './normalize'
import { tableOf } from './test-builders'

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
