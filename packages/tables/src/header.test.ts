import type { TableSchema } from '@cunwu/domain'
import { findCatalogItem } from '@cunwu/domain'
import { describe, expect, it } from 'vitest'
import { detectHeader, detectSheet } from './header'
import { normalizeLabel } from './normalize'

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
