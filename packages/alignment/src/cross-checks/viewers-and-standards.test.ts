import { describe, expect, it } from 'vitest'
import { runCrossChecks } from './check'
import { explainFor } from './explain'
import { DIBAO_ROSTER_ITEM, TEKUN_NOTICE_ITEM } from './rules'
import { scenarioId, villageCodeOf } from './scenario'
import type { CrossCheckList, PublishedStandard } from './types'

// Villages 0 and 1 lie in township 360999100; village 35 in township 360999101 (scenario codes).
const COUNTY = '360999000000'
const TOWNSHIP_A = '360999100000'
const names = new Map([
  [villageCodeOf(0), '云溪村'],
  [villageCodeOf(1), '枫林村'],
  [villageCodeOf(35), '石门村'],
])
const village = (code: string) => names.get(code) ?? code

const list = (v: number, rows: CrossCheckList['rows'], period = '2026-03', item = DIBAO_ROSTER_ITEM) => ({
  listId: `${v}|${item}|${period}`,
  villageCode: villageCodeOf(v),
  catalogItemId: item,
  period,
  rows,
})
const dibao = (regionCode: string, period: string, value: number): PublishedStandard => ({
  regionCode,
  catalogItemId: DIBAO_ROSTER_ITEM,
  period,
  figures: [{ name: '低保标准', value, unit: '元/人/月' }],
})
const onePerson = (amountFen: number) => [{ name: '乙一', household_size: 1, amount: amountFen }]
const above = (lists: CrossCheckList[], standards: PublishedStandard[]) =>
  runCrossChecks({ lists, standards, villageNames: names })
    .filter((f) => f.kind === 'above_standard')
    .map((f) => f.explanation)

describe('the standard a village list is measured against', () => {
  it("binds a township's standard to its own villages only, the county's to all (the county's wins)", () => {
    const lists = [list(0, onePerson(60_000)), list(35, onePerson(60_000))]
    // Only township A states 500: its village 0 pays 600 above it; village 35 of another township is not bound.
    expect(above(lists, [dibao(TOWNSHIP_A, '2026-03', 500)])).toEqual([
      '云溪村乙一户1人，2026年3月保障金额600.00元，超过低保标准500.00元×1人=500.00元。',
    ])
    // The county's 550 binds both; where township A states 700 too, the county's figure is used.
    expect(above(lists, [dibao(TOWNSHIP_A, '2026-03', 700), dibao(COUNTY, '2026-03', 550)]).sort()).toEqual([
      '云溪村乙一户1人，2026年3月保障金额600.00元，超过低保标准550.00元×1人=550.00元。',
      '石门村乙一户1人，2026年3月保障金额600.00元，超过低保标准550.00元×1人=550.00元。',
    ])
  })

  it("applies a year's, half-year's or quarter's standard to the monthly lists within it, the most specific first", () => {
    const may = [list(0, onePerson(100_000), '2025-05')]
    expect(above(may, [dibao(COUNTY, '2025', 680)])).toEqual([
      '云溪村乙一户1人，2025年5月保障金额1,000.00元，超过低保标准680.00元×1人=680.00元。',
    ])
    expect(above(may, [dibao(COUNTY, '2025-H1', 680)])).toHaveLength(1)
    expect(above(may, [dibao(COUNTY, '2025-Q2', 680)])).toHaveLength(1)
    // A month's (or quarter's) own standard is more specific than the year's.
    expect(above(may, [dibao(COUNTY, '2025', 680), dibao(COUNTY, '2025-05', 1_000)])).toEqual([])
    expect(above(may, [dibao(COUNTY, '2025', 1_000), dibao(COUNTY, '2025-Q2', 900)])).toHaveLength(1)
    // Another year, or a quarter the month is not in, does not bind it.
    expect(above(may, [dibao(COUNTY, '2024', 680), dibao(COUNTY, '2025-Q1', 680)])).toEqual([])
    // A yearly list is not measured by a month's standard.
    expect(above([list(0, onePerson(100_000), '2025')], [dibao(COUNTY, '2025-05', 680)])).toEqual([])
  })
})

describe('低保 and the 特困 notice', () => {
  it('counts only 认定 rows: an 初审 applicant (or a 终止 row) on 低保 is no finding', () => {
    const id = scenarioId(2, 1)
    const person = [{ name: '李桂兰', id_number: id, household_size: 1, amount: 60_000 }]
    const tekun = (notice: string) =>
      list(1, [{ name: '李桂兰', id_number: id, notice_type: notice }], '2026-03', TEKUN_NOTICE_ITEM)
    for (const notice of ['初审', '终止'])
      expect(runCrossChecks({ lists: [list(0, person), tekun(notice)] }), notice).toEqual([])
    expect(runCrossChecks({ lists: [list(0, person), tekun('认定')] }).map((f) => f.kind)).toEqual([
      'duplicate_person',
    ])
  })
})

describe('explanations', () => {
  it('show the normalised name and say when one ID is listed under different names', () => {
    const id = scenarioId(4, 4)
    const found = runCrossChecks({
      lists: [
        list(0, [{ name: '赵 六（户主）', id_number: id }]),
        list(1, [{ name: '赵小六', id_number: id }]),
      ],
      villageNames: names,
    })
    expect(found.map((f) => f.explanation)).toEqual([
      `身份证号尾号${id.slice(-4)}的赵六同时列在云溪村、枫林村2026年3月的最低生活保障对象名单上（名单上的姓名不一致：赵六、赵小六）。`,
    ])
    const same = runCrossChecks({
      lists: [list(0, [{ name: '李 四', id_number: id }]), list(1, [{ name: '李四', id_number: id }])],
      villageNames: names,
    })
    expect(same[0]?.explanation).toBe(
      `身份证号尾号${id.slice(-4)}的李四同时列在云溪村、枫林村2026年3月的最低生活保障对象名单上。`,
    )
  })

  it('name no one and no village outside what the viewer may see', () => {
    const id = scenarioId(5, 5)
    const account = '6217000011112222'
    const found = runCrossChecks({
      lists: [
        list(0, [{ name: '戊一', id_number: id, household_no: '001', bank_account: account }]),
        list(35, [{ name: '戊二', id_number: scenarioId(6, 6), household_no: '002', bank_account: account }]),
        list(1, [{ name: '戊三', id_number: id, household_no: '003' }]),
      ],
      villageNames: names,
    })
    const shared = found.find((f) => f.kind === 'shared_account')
    const dup = found.find((f) => f.kind === 'duplicate_person')
    if (!shared || !dup) throw new Error('expected both findings')
    // The county sees everyone.
    expect(explainFor(shared, () => true, village)).toBe(
      '同一个发放账号（尾号2222）在2026年3月用于2户：云溪村戊一、石门村戊二。',
    )
    // Township A's officer: the other township's household is counted, not named.
    const townshipA = (code: string) => code.startsWith('360999100')
    const forA = explainFor(shared, townshipA, village)
    expect(forA).toBe('同一个发放账号（尾号2222）在2026年3月用于2户：云溪村戊一，以及外乡镇1户。')
    // The other township's officer: neither 戊一 nor 云溪村.
    const forB = explainFor(shared, (code) => code.startsWith('360999101'), village)
    expect(forB).toBe('同一个发放账号（尾号2222）在2026年3月用于2户：石门村戊二，以及外乡镇1户。')
    // The secretary of 云溪村: the other village of the same township is 外村, and its name is not said.
    const forSecretary = explainFor(dup, (code) => code === villageCodeOf(0), village)
    expect(forSecretary).toBe(
      `身份证号尾号${id.slice(-4)}的戊一同时列在云溪村、外村2026年3月的最低生活保障对象名单上（外村名单上的姓名与此不同）。`,
    )
    for (const text of [forA, forB, forSecretary]) expect(text).not.toMatch(/枫林村.*戊|戊三/)
    expect(forB).not.toContain('戊一')
  })

  it('write each period as the product reads it (2026年11月, 2026年), for every viewer, stored or not', () => {
    const id = scenarioId(7, 7)
    const monthly = runCrossChecks({
      lists: [
        list(0, [{ name: '己一', id_number: id }], '2026-11'),
        list(35, [{ name: '己一', id_number: id }], '2026-11'),
      ],
      villageNames: names,
    })
    const townshipA = (code: string) => code.startsWith('360999100')
    // The tester's case: a township officer was shown "云溪村、外乡镇2026-11的…".
    expect(explainFor(monthly[0] ?? { explanation: '', villageCodes: [] }, townshipA, village)).toBe(
      `身份证号尾号${id.slice(-4)}的己一同时列在云溪村、外乡镇2026年11月的最低生活保障对象名单上。`,
    )
    expect(monthly[0]?.explanation).toContain('2026年11月的')
    const yearly = runCrossChecks({
      lists: [
        list(0, [{ name: '己一', id_number: id }], '2026'),
        list(35, [{ name: '己一', id_number: id }], '2026'),
      ],
      villageNames: names,
    })
    expect(explainFor(yearly[0] ?? { explanation: '', villageCodes: [] }, townshipA, village)).toContain(
      '外乡镇2026年的',
    )
    // A finding stored with the old wording reads as new ones do: the text is written from its facts.
    const stored = {
      ...monthly[0],
      explanation: '…云溪村、石门村2026-11的…',
      villageCodes: monthly[0]?.villageCodes ?? [],
    }
    expect(explainFor(stored, () => true, village)).toContain('云溪村、石门村2026年11月的')
  })
})
