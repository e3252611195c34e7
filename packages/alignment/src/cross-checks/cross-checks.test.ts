import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '@cunwu/domain'
import { runCrossChecks, periodStart } from './check'
import {
  CULTIVATED_LAND_ITEM,
  DIBAO_ROSTER_ITEM,
  EXCLUSIVE_PAIRS,
  STANDARD_RULES,
  TEKUN_NOTICE_ITEM,
} from './rules'
import { buildScenario, SCENARIO_PERIOD, SCENARIO_STANDARDS, scenarioId, villageCodeOf } from './scenario'
import type { CrossCheckList } from './types'
import { exitReasonOf, linkKeysOf } from './links'

const list = (
  village: number,
  item: string,
  rows: CrossCheckList['rows'],
  period = SCENARIO_PERIOD,
): CrossCheckList => ({
  listId: `${village}|${item}|${period}`,
  villageCode: villageCodeOf(village),
  catalogItemId: item,
  period,
  rows,
})

describe('cross-checks rules', () => {
  it('name catalog items that exist and have the columns the checks read', () => {
    for (const pair of EXCLUSIVE_PAIRS) {
      expect(findCatalogItem(pair.a)?.table).toBeTruthy()
      expect(findCatalogItem(pair.b)?.table).toBeTruthy()
    }
    for (const [id, rule] of STANDARD_RULES) {
      const keys = findCatalogItem(id)?.table?.columns.map((c) => c.key) ?? []
      expect(keys).toContain(rule.amountColumn)
      expect(keys).toContain(rule.kind === 'per_person' ? rule.sizeColumn : rule.areaColumn)
    }
  })
})

describe('runCrossChecks', () => {
  it('finds nothing in 300 clean rows', () => {
    const s = buildScenario({ villages: 4, rowsPerList: 25 })
    expect(s.lists.reduce((n, l) => n + l.rows.length, 0)).toBe(300)
    expect(runCrossChecks(s)).toEqual([])
  })

  it('finds exactly the planted ID on two villages, the amount above the standard, the person listed after 去世 and the shared account', () => {
    const s = buildScenario({ villages: 4, rowsPerList: 25, plant: true })
    const found = runCrossChecks({
      ...s,
      villageNames: new Map([
        [villageCodeOf(0), '云溪村'],
        [villageCodeOf(1), '枫林村'],
      ]),
    })
    expect(found.map((f) => f.kind).sort()).toEqual([
      'above_standard',
      'duplicate_person',
      'listed_after_exit',
      'shared_account',
    ])
    const dup = found.find((f) => f.kind === 'duplicate_person')
    expect(dup?.villageCodes).toEqual([villageCodeOf(0), villageCodeOf(1)])
    expect(dup?.rows).toHaveLength(2)
    expect(dup?.explanation).toMatch(
      /^身份证号尾号.{4}的.+同时列在云溪村、枫林村2026年6月的最低生活保障对象名单上。$/,
    )
    // No full ID in a finding.
    expect(JSON.stringify(found)).not.toContain(scenarioId(0, 0))
    expect(found.find((f) => f.kind === 'above_standard')?.explanation).toMatch(/超过低保标准680.00元×\d人=/)
    expect(found.find((f) => f.kind === 'listed_after_exit')?.explanation).toContain(
      '已于2026年4月18日去世，仍列在2026年6月',
    )
    expect(found.find((f) => f.kind === 'shared_account')?.explanation).toMatch(
      /^同一个发放账号（尾号\d{4}）在2026年6月用于2户：云溪村.+、枫林村.+。$/,
    )
  })

  it('normalises ID numbers: full-width digits, spaces and a lower-case x are the same number', () => {
    const id = scenarioId(3, 7)
    const typed = `${id.slice(0, 6)} ${id.slice(6, 14).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))} ${id.slice(14).toLowerCase()}`
    const found = runCrossChecks({
      lists: [
        list(0, DIBAO_ROSTER_ITEM, [{ name: '王秀英', id_number: id }]),
        list(1, DIBAO_ROSTER_ITEM, [{ name: '王秀英', id_number: typed }]),
      ],
    })
    expect(found.map((f) => f.kind)).toEqual(['duplicate_person'])
  })

  it('finds one person on 低保 and 特困 lists that exclude each other, not on a 终止 notice', () => {
    const id = scenarioId(2, 1)
    const tekun = (notice: string) =>
      list(1, TEKUN_NOTICE_ITEM, [{ name: '李桂兰', id_number: id, notice_type: notice }])
    const dibao = list(0, DIBAO_ROSTER_ITEM, [
      { name: '李桂兰', id_number: id, household_size: 1, amount: 60000 },
    ])
    const found = runCrossChecks({ lists: [dibao, tekun('认定')] })
    expect(found.map((f) => [f.kind, f.catalogItemId])).toEqual([
      ['duplicate_person', `${DIBAO_ROSTER_ITEM}+${TEKUN_NOTICE_ITEM}`],
    ])
    expect(found[0]?.explanation).toContain('两者不能同时享受')
    expect(runCrossChecks({ lists: [dibao, tekun('终止')] })).toEqual([])
  })

  it('finds a person twice on one list, by ID or by name and 户号 when there is no ID', () => {
    const found = runCrossChecks({
      lists: [
        list(0, DIBAO_ROSTER_ITEM, [
          { name: '张建国', household_no: '012' },
          { name: '刘春生', household_no: '013' },
          { name: '张建国 ', household_no: '12' },
        ]),
      ],
    })
    expect(found.map((f) => f.kind)).toEqual(['duplicate_in_village'])
    expect(found[0]?.explanation).toContain('张建国列了2次（第1、3行）')
  })

  it('checks subsidy amounts against area x the published rate with a 1 元 tolerance', () => {
    const rows = [
      { name: '陈玉梅', area_mu: 3.5, amount: 42000 },
      { name: '杨志强', area_mu: '2.25', amount: '270.90' },
      { name: '黄海燕', area_mu: 4, amount: 50000 },
    ]
    const found = runCrossChecks({
      lists: [list(0, CULTIVATED_LAND_ITEM, rows)],
      standards: SCENARIO_STANDARDS,
    })
    expect(found.map((f) => f.explanation)).toEqual([
      `${villageCodeOf(0)}黄海燕户补贴面积4亩，按补贴标准120.00元/亩应为480.00元，名单上是500.00元。`,
    ])
  })

  it('checks nothing against a standard the county did not publish for that period', () => {
    const rows = [{ name: '陈玉梅', household_size: 1, amount: 99900 }]
    expect(
      runCrossChecks({ lists: [list(0, DIBAO_ROSTER_ITEM, rows, '2026-07')], standards: SCENARIO_STANDARDS }),
    ).toEqual([])
  })

  it('flags a listing only in periods that start after the exit date', () => {
    const exits = [
      {
        villageCode: villageCodeOf(0),
        name: '周文军',
        householdNo: '007',
        reason: 'moved_out' as const,
        endedOn: '2026-05-10',
      },
    ]
    const rows = [{ name: '周文军', household_no: '7' }]
    expect(runCrossChecks({ lists: [list(0, DIBAO_ROSTER_ITEM, rows, '2026-05')], exits })).toEqual([])
    const found = runCrossChecks({ lists: [list(0, DIBAO_ROSTER_ITEM, rows, '2026-06')], exits })
    expect(found[0]?.explanation).toBe(
      `${villageCodeOf(0)}周文军已于2026年5月10日户口迁出，仍列在2026年6月的最低生活保障对象名单上。`,
    )
    // Another household with the same name is not the person who left.
    expect(
      runCrossChecks({
        lists: [list(0, DIBAO_ROSTER_ITEM, [{ name: '周文军', household_no: '008' }], '2026-06')],
        exits,
      }),
    ).toEqual([])
    expect(periodStart('2026-Q3')).toBe('2026-07-01')
    expect(periodStart('2026-H2')).toBe('2026-07-01')
    expect(periodStart('2026')).toBe('2026-01-01')
  })

  it('does not count one person paid on two lists to one account, nor masked accounts', () => {
    const id = scenarioId(5, 5)
    const found = runCrossChecks({
      lists: [
        list(0, DIBAO_ROSTER_ITEM, [
          { name: '孙丽娟', id_number: id, household_no: '001', bank_account: '6217 0000 1111 2222' },
        ]),
        list(0, CULTIVATED_LAND_ITEM, [
          { name: '孙丽娟', id_number: id, household_no: '001', bank_account: '6217000011112222' },
          { name: '马红霞', household_no: '002', bank_account: '6217********2222' },
        ]),
      ],
    })
    expect(found).toEqual([])
  })
})

describe('runCrossChecks properties', () => {
  it('is deterministic and independent of list order, and a finding names rows that exist', () => {
    const base = buildScenario({ villages: 3, rowsPerList: 10, plant: true })
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: base.lists.length, maxLength: base.lists.length }),
        (keys) => {
          const shuffled = base.lists
            .map((l, i) => ({ l, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.l)
          const a = runCrossChecks(base)
          const b = runCrossChecks({ ...base, lists: shuffled })
          const norm = (r: typeof a) =>
            r.map((f) => ({
              ...f,
              rows: [...f.rows].sort((x, y) => (x.listId + x.rowIndex < y.listId + y.rowIndex ? -1 : 1)),
            }))
          expect(norm(b).map((f) => [f.kind, f.subject, f.rows])).toEqual(
            norm(a).map((f) => [f.kind, f.subject, f.rows]),
          )
          for (const f of a)
            for (const r of f.rows)
              expect(base.lists.find((l) => l.listId === r.listId)?.rows[r.rowIndex]).toBeTruthy()
        },
      ),
      { numRuns: 30 },
    )
  })

  it('a copy of any row with a full ID onto another village list is always found as a duplicate person', () => {
    const base = buildScenario({ villages: 3, rowsPerList: 10 })
    const dibao = base.lists.filter((l) => l.catalogItemId === DIBAO_ROSTER_ITEM)
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.nat({ max: 9 }), (from, to, row) => {
        fc.pre(from !== to)
        const source = dibao[from]?.rows[row]
        const target = dibao[to]
        if (!source || !target) return
        const lists = base.lists.map((l) =>
          l === target
            ? { ...l, rows: [...l.rows, { ...source, bank_account: null, household_no: '999' }] }
            : l,
        )
        const found = runCrossChecks({ ...base, lists })
        expect(found.map((f) => f.kind)).toEqual(['duplicate_person'])
      }),
      { numRuns: 30 },
    )
  })
})

describe('linkKeysOf and exitReasonOf', () => {
  it('gives the same keys to one ID and account however typed, and none to masked ones', () => {
    const id = scenarioId(1, 1)
    const a = linkKeysOf({ rows: [{ id_number: id, bank_account: '6217 0000 1111 2222' }] })
    const b = linkKeysOf({ rows: [{ id_number: ` ${id.toLowerCase()} `, bank_account: '6217000011112222' }] })
    expect(b).toEqual(a)
    expect(a.idKeys).toHaveLength(1)
    expect(JSON.stringify(a)).not.toContain(id)
    expect(
      linkKeysOf({ rows: [{ id_number: '360***********002X', bank_account: '6217********2222' }] }),
    ).toEqual({ idKeys: [], accountKeys: [] })
  })

  it('reads 去世 and 户口迁出 from the reason a secretary wrote', () => {
    expect(exitReasonOf('本人已去世')).toBe('died')
    expect(exitReasonOf('户口迁出到外县')).toBe('moved_out')
    expect(exitReasonOf('误批')).toBeNull()
    expect(exitReasonOf(null)).toBeNull()
  })
})
