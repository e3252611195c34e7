import { describe, expect, it } from 'vitest'
import { catalogTable } from '../bench/roster'
import { compareTables } from './compare'
import { comparisonFingerprint } from './fingerprint'
import type { Row } from './types'

const SUBSIDY = catalogTable('耕地地力保护补贴发放名册')
const DIBAO = catalogTable('最低生活保障对象名单')
const RELIEF = catalogTable('支出型临时救助对象名单')
const ID_A = '11010519491231002X'
const ID_B = '110101199003071237'

function buildHousehold(overrides: Record<string, unknown> = {}): Row {
  return {
    name: '王建国',
    area_mu: '3.5',
    amount: 123450,
    group: '三组',
    household_no: '003',
    id_number: ID_A,
    ...overrides,
  }
}

describe(compareTables.name, () => {
  describe('matching', () => {
    it('should match by full ID first, whatever the name says', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold()],
        government: [buildHousehold({ name: '王建图', household_no: '9' })],
      })
      expect(r.summary.matchedBy.id_number).toBe(1)
      expect(r.discrepancies.map((d) => d.column)).toEqual(['name', 'household_no'])
    })

    it('should match 户号 + name across leading zeros and group prefixes', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ id_number: null })],
        government: [buildHousehold({ id_number: null, household_no: '三组-3' })],
      })
      expect(r.summary.matchedBy.household_no_name).toBe(1)
      expect(r.status).toBe('consistent')
    })

    it('should not pair households of two 村民小组 whose 户号 serials and names agree (一组-001 / 二组-001)', () => {
      // The county's roster names the group in its 户号; the village has a 村民小组 column. Each list gives the
      // other group's 王建国 the other amount: rows identical but for the group must not be paired across groups.
      const government = [
        { name: '王建国', household_no: '一组-001', household_size: 3, amount: 135000 },
        { name: '王建国', household_no: '二组-001', household_size: 1, amount: 68000 },
      ]
      const village = [
        { name: '王建国', group: '一组', household_no: '001', household_size: 1, amount: 68000 },
        { name: '王建国', group: '二组', household_no: '001', household_size: 3, amount: 135000 },
      ]
      const r = compareTables({ schema: DIBAO, village, government })
      expect(r.status).toBe('inconsistent')
      expect(r.summary.matchedBy.household_no_name).toBe(2)
      expect(r.discrepancies.filter((d) => d.kind === 'amount_differs')).toHaveLength(2)
      // Each group's row against the same group's row.
      const pairs = r.discrepancies.map((d) => [d.village[0]?.index, d.government[0]?.index])
      expect(pairs.every(([a, b]) => a === b)).toBe(true)
      // The same lists in agreement, groups written as 1组 and 第二村民小组 on the village side: 一致.
      const agreeing = compareTables({
        schema: DIBAO,
        village: [
          { ...village[1], group: '1组' },
          { ...village[0], group: '第二村民小组' },
        ],
        government,
      })
      expect(agreeing.status).toBe('consistent')
      // Two 户号 naming different groups are not one household either.
      const prefixed = compareTables({
        schema: DIBAO,
        village: [{ name: '王建国', household_no: '二组-001', household_size: 3, amount: 135000 }],
        government: [government[0] as Row],
      })
      expect(prefixed.status).toBe('inconsistent')
      expect(prefixed.summary.matched).toBe(0)
    })

    it('should take an ID left blank on one side as silence, and two different IDs as a difference', () => {
      const government = [
        { name: '王建国', household_size: 3, amount: 135000, id_number: ID_A },
        { name: '李秀英', household_size: 1, amount: 68000, id_number: ID_B },
      ]
      // The village typed the ID of one household only: nothing the lists say contradicts the other.
      const partial = compareTables({
        schema: DIBAO,
        village: [government[0] as Row, { ...government[1], id_number: '' }],
        government,
      })
      expect(partial.status).toBe('consistent')
      expect(partial.summary.matched).toBe(2)
      const contradicting = compareTables({
        schema: DIBAO,
        village: [government[0] as Row, { ...government[1], id_number: '110101199003071210' }],
        government,
      })
      // Two full IDs that differ are two people: not the same household.
      expect(contradicting.status).toBe('inconsistent')
      expect(contradicting.summary.onlyInVillage).toBe(1)
    })

    it('should match name + ID tail against a masked ID', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ household_no: null })],
        government: [buildHousehold({ household_no: null, id_number: '110***********002X' })],
      })
      expect(r.summary.matchedBy.name_id_tail).toBe(1)
      expect(r.status).toBe('consistent')
    })

    it('should match by name alone only when it is unique on both sides', () => {
      const village = [buildHousehold({ id_number: null, household_no: null })]
      const one = compareTables({ schema: SUBSIDY, village, government: village })
      expect(one.summary.matchedBy.name).toBe(1)
      const twice = compareTables({
        schema: SUBSIDY,
        village,
        government: [
          buildHousehold({ id_number: null, household_no: null, amount: 100 }),
          buildHousehold({ id_number: null, household_no: null, amount: 200 }),
        ],
      })
      expect(twice.summary.matched).toBe(0)
      expect(twice.summary.ambiguous).toBe(1)
      expect(twice.discrepancies.find((d) => d.kind === 'ambiguous_match')).toMatchObject({
        matchedBy: 'name',
        village: [{ index: 0 }],
        government: [{ index: 0 }, { index: 1 }],
      })
    })

    it('should never pair two people of the same name whose IDs differ', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ household_no: null })],
        government: [buildHousehold({ household_no: null, id_number: ID_B })],
      })
      expect(r.summary).toMatchObject({ matched: 0, onlyInVillage: 1, onlyInGovernment: 1 })
      const only = r.discrepancies.find((d) => d.kind === 'only_in_village')
      expect(only?.explanation).toContain('同名记录')
    })

    it('should report the same ID twice on the village side as ambiguous', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold(), buildHousehold({ amount: 1 })],
        government: [buildHousehold()],
      })
      // The identical row pairs; the extra one is left over, not guessed.
      expect(r.summary).toMatchObject({ matched: 1, onlyInVillage: 1, ambiguous: 0 })
      const r2 = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ amount: 2 }), buildHousehold({ amount: 1 })],
        government: [buildHousehold()],
      })
      expect(r2.summary).toMatchObject({
        matched: 0,
        ambiguous: 1,
        ambiguousVillageRows: 2,
        ambiguousGovernmentRows: 1,
      })
    })
  })

  describe('comparison', () => {
    it('should explain an amount difference in plain Chinese', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ amount: '1,234.50' })],
        government: [buildHousehold({ amount: 132450 })],
        governmentSource: '县里',
      })
      const d = r.discrepancies.find((x) => x.kind === 'amount_differs')
      expect(d).toMatchObject({
        column: 'amount',
        villageValue: 123450,
        governmentValue: 132450,
        difference: 9000,
      })
      expect(d?.explanation).toBe(
        '王建国（户号003）：村里公示的补贴金额为 1,234.50 元，县里名单为 1,324.50 元，相差 90.00 元。',
      )
      expect(r.summary).toMatchObject({
        amountDiffers: 1,
        totalDiffers: 1,
        villageTotalFen: 123450,
        governmentTotalFen: 132450,
      })
    })

    it('should compare dates as Shanghai calendar days', () => {
      const village = [{ name: '李四', amount: 100, reason: '因病', approved_on: '2026-03-01' }]
      const same = compareTables({
        schema: RELIEF,
        village,
        government: [{ ...village[0], approved_on: '2026-02-28T16:30:00Z' }],
      })
      expect(same.status).toBe('consistent')
      const other = compareTables({
        schema: RELIEF,
        village,
        government: [{ ...village[0], approved_on: '2026-02-28T15:30:00Z' }],
      })
      expect(other.discrepancies).toMatchObject([
        {
          kind: 'field_differs',
          column: 'approved_on',
          villageValue: '2026-03-01',
          governmentValue: '2026-02-28',
        },
      ])
    })

    it('should compare text after normalisation', () => {
      const r = compareTables({
        schema: SUBSIDY,
        village: [buildHousehold({ group: '三 组' })],
        government: [buildHousehold({ group: '三组\u200B' })],
      })
      expect(r.status).toBe('consistent')
    })

    it('should skip a column that one side does not carry', () => {
      const r = compareTables({
        schema: DIBAO,
        village: [{ name: '张三', household_size: 3, amount: 65000, phone: '13800138000' }],
        government: [{ name: '张三', household_size: 3, amount: 65000 }],
      })
      expect(r.status).toBe('consistent')
    })

    it('should report headcount and column totals', () => {
      const r = compareTables({
        schema: DIBAO,
        village: [
          { name: '张三', household_size: 3, amount: 65000 },
          { name: '李四', household_size: 2, amount: 65000 },
        ],
        government: [{ name: '张三', household_size: 3, amount: 65000 }],
        governmentSource: '镇里',
      })
      const totals = r.discrepancies.filter((d) => d.kind === 'total_differs')
      expect(totals.map((d) => d.explanation)).toEqual([
        '记录数：村里公示名单共 2 条，镇里名单共 1 条，相差 1 条。',
        '家庭成员数量合计：村里公示为 5 人，镇里名单为 3 人，相差 2 人。',
        '保障金额（月）合计：村里公示为 1,300.00 元，镇里名单为 650.00 元，相差 650.00 元。',
      ])
      expect(r.discrepancies[0]?.kind).toBe('total_differs')
    })

    it('should sum each side in its own row order, also where floating-point order matters', () => {
      // Sums this large are not exact, so the order of the additions changes them: each side is summed in the
      // order of its own rows, whatever order the rows are matched in.
      const big = Number.MAX_SAFE_INTEGER
      const amounts = [big, big, 3, -big, 5, 7, -big, 1]
      const village = amounts.map((amount, i) => ({
        name: `户主${i}`,
        id_number: `11010519491231${String(1000 + i)}`,
        household_size: i + 1,
        amount,
      }))
      const government = [...village].reverse()
      const rowOrderSum = (rows: readonly Row[]): number => {
        let sum = 0
        for (const row of rows) sum += Number(row.amount)
        return sum
      }
      const r = compareTables({ schema: DIBAO, village, government })
      expect(r.summary.matched).toBe(amounts.length)
      const amountTotal = r.summary.totals.find((t) => t.column === 'amount')
      expect(amountTotal?.village).toBe(rowOrderSum(village))
      expect(amountTotal?.government).toBe(rowOrderSum(government))
      expect(rowOrderSum(government)).not.toBe(rowOrderSum(village))
    })

    it('should compare named figures', () => {
      const r = compareTables({
        schema: DIBAO,
        village: [],
        government: [],
        villageFigures: [
          { name: '低保标准', value: '650元/月' },
          { name: '特困标准', value: 1000 },
        ],
        governmentFigures: [
          { name: '低保 标准', value: '680', unit: '元/月' },
          { name: '特困标准', value: '1,000.00' },
        ],
        governmentSource: '县里',
      })
      expect(r.discrepancies).toHaveLength(1)
      expect(r.discrepancies[0]).toMatchObject({
        kind: 'figure_differs',
        figure: '低保标准',
        difference: '30',
      })
      expect(r.discrepancies[0]?.explanation).toBe(
        '低保标准：村里解读中为 650 元/月，县里公布为 680 元/月，相差 30 元/月。',
      )
    })

    it('should report a figure given on one side only', () => {
      const r = compareTables({
        schema: DIBAO,
        village: [],
        government: [],
        villageFigures: [{ name: '低保标准', value: 650 }],
        governmentFigures: [],
      })
      expect(r.summary.figureDiffers).toBe(1)
      expect(r.discrepancies[0]?.explanation).toContain('没有公布')
    })
  })

  describe('privacy', () => {
    it('should never put a full ID, phone or bank number in the result', () => {
      const r = compareTables({
        schema: DIBAO,
        village: [
          {
            name: '张三',
            household_size: 3,
            amount: 65000,
            id_number: ID_A,
            phone: '13800138000',
            bank_account: '6217000012345678',
          },
          { name: '李四 110101199003071237', household_size: 1, amount: 1, id_number: '11010119900307123' },
        ],
        government: [
          {
            name: '张三',
            household_size: 3,
            amount: 65000,
            id_number: ID_A,
            phone: '13900139000',
            bank_account: '6217000099995678',
          },
        ],
      })
      const json = JSON.stringify(r)
      for (const secret of [
        ID_A,
        '13800138000',
        '13900139000',
        '6217000012345678',
        '6217000099995678',
        ID_B,
        '11010119900307123',
      ]) {
        expect(json).not.toContain(secret)
      }
      const bank = r.discrepancies.find((d) => d.column === 'bank_account')
      expect(bank?.villageValue).toBe('************5678')
      expect(bank?.explanation).toContain('隐去的数字不同')
    })
  })

  describe('determinism', () => {
    it('should give byte-identical JSON and fingerprints for the same input', () => {
      const input = {
        schema: SUBSIDY,
        village: [buildHousehold(), buildHousehold({ id_number: ID_B, name: '李四', amount: 5 })],
        government: [buildHousehold({ amount: 1 })],
      }
      const a = compareTables(input)
      const b = compareTables(structuredClone(input))
      expect(JSON.stringify(a)).toBe(JSON.stringify(b))
      expect(comparisonFingerprint(a)).toBe(comparisonFingerprint(b))
      expect(comparisonFingerprint(a)).toMatch(/^fnv1a64:[0-9a-f]{16}$/)
    })
  })
})
