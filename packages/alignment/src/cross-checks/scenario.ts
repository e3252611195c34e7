import { idCheckCharacter } from '@cunwu/domain'
import type { CellValue } from '@cunwu/domain'
import { CULTIVATED_LAND_ITEM, DIBAO_ROSTER_ITEM, TEKUN_NOTICE_ITEM } from './rules'
import type { CrossCheckInput, CrossCheckList, PublishedStandard, RosterExit } from './types'

/**
 * A synthetic county for tests and benchmarks: `villages` villages with a 低保 list, a 特困 notice and a 耕地地力
 * 保护补贴 roster each, every row consistent with the published standards (低保标准 680 元/人/月, 补贴标准 120 元/亩),
 * distinct ID numbers and accounts. `plant` adds one case of each finding kind. Not used by the product itself.
 */

export const SCENARIO_PERIOD = '2026-06'
export const SCENARIO_STANDARDS: PublishedStandard[] = [
  {
    regionCode: '360999000000',
    catalogItemId: DIBAO_ROSTER_ITEM,
    period: SCENARIO_PERIOD,
    figures: [{ name: '低保标准', value: 680, unit: '元/人/月' }],
  },
  {
    regionCode: '360999000000',
    catalogItemId: CULTIVATED_LAND_ITEM,
    period: SCENARIO_PERIOD,
    figures: [{ name: '补贴标准', value: 120, unit: '元/亩' }],
  },
]

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = '秀英桂兰建国春生玉梅志强海燕明华丽娟文军红霞国庆永福'

/** A valid 18-digit ID number for person `n` of a village `v`. */
export function scenarioId(v: number, n: number): string {
  const area = String(100000 + v)
  const birth = `19${String(40 + (n % 50)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`
  const seq = String(n % 1000).padStart(3, '0')
  // Distinct for every (v, n) with v < 900,000 and n < 1000: the area code names the village, the sequence the person.
  const first17 = `${area}${birth}${seq}`
  return `${first17}${idCheckCharacter(first17) ?? '0'}`
}

function personName(v: number, n: number): string {
  const k = v * 7919 + n
  return `${SURNAMES[k % SURNAMES.length] ?? '王'}${GIVEN[(k >> 3) % GIVEN.length] ?? '华'}${GIVEN[(k >> 7) % GIVEN.length] ?? '明'}`
}

/** Village `v` of the scenario county 360999: 35 villages to a township (codes valid at village level). */
export const villageCodeOf = (v: number): string =>
  `360999${String(100 + Math.floor(v / 35))}${String(200 + (v % 35))}`

function account(v: number, n: number, item: number): string {
  return `6217${String(v).padStart(4, '0')}${String(item)}${String(n).padStart(6, '0')}`
}

/** Rows of one village's list of `item`, `count` rows, people numbered from `item * 1000`. */
function villageRows(v: number, item: string, count: number): Record<string, CellValue>[] {
  const rows: Record<string, CellValue>[] = []
  const base = item === DIBAO_ROSTER_ITEM ? 0 : item === TEKUN_NOTICE_ITEM ? 300 : 600
  for (let i = 0; i < count; i += 1) {
    const n = base + i
    const row: Record<string, CellValue> = {
      name: personName(v, n),
      id_number: scenarioId(v, n),
      household_no: String(n + 1).padStart(3, '0'),
      bank_account: account(v, n, base / 300),
      group: `${1 + (i % 5)}组`,
    }
    if (item === DIBAO_ROSTER_ITEM) {
      const size = 1 + (i % 4)
      row.household_size = size
      row.amount = (680 * size - (i % 3) * 50) * 100
    } else if (item === TEKUN_NOTICE_ITEM) {
      row.notice_type = '认定'
    } else {
      const tenths = 20 + (i % 60)
      row.area_mu = tenths / 10
      row.amount = tenths * 1200
    }
    rows.push(row)
  }
  return rows
}

export interface ScenarioOptions {
  villages: number
  /** Rows per village and item (up to 300). */
  rowsPerList: number
  /** Adds one of each finding kind among villages 0 and 1. */
  plant?: boolean
}

export interface Scenario extends CrossCheckInput {
  lists: CrossCheckList[]
  exits: RosterExit[]
}

export function buildScenario(options: ScenarioOptions): Scenario {
  const lists: CrossCheckList[] = []
  for (let v = 0; v < options.villages; v += 1) {
    for (const item of [DIBAO_ROSTER_ITEM, TEKUN_NOTICE_ITEM, CULTIVATED_LAND_ITEM]) {
      lists.push({
        listId: `${villageCodeOf(v)}|${item}`,
        villageCode: villageCodeOf(v),
        catalogItemId: item,
        period: SCENARIO_PERIOD,
        rows: villageRows(v, item, options.rowsPerList),
      })
    }
  }
  const exits: RosterExit[] = []
  if (options.plant && options.villages >= 2) {
    const dibao0 = lists[0]?.rows as Record<string, CellValue>[]
    const dibao1 = lists[3]?.rows as Record<string, CellValue>[]
    const first = dibao0[0] as Record<string, CellValue>
    // One ID on the 低保 lists of villages 0 and 1.
    dibao1.push({ ...first, household_no: '901', bank_account: '6217999900000001' })
    // An amount above 低保标准 x household size.
    const second = dibao0[1] as Record<string, CellValue>
    second.amount = 680 * Number(second.household_size) * 100 + 5000
    // A person whose membership ended with 去世 before the period.
    const third = dibao0[2] as Record<string, CellValue>
    exits.push({
      villageCode: villageCodeOf(0),
      name: String(third.name),
      householdNo: String(third.household_no),
      reason: 'died',
      endedOn: '2026-04-18',
    })
    // One account on two households.
    const fourth = dibao0[3] as Record<string, CellValue>
    ;(dibao1[4] as Record<string, CellValue>).bank_account = fourth.bank_account ?? null
  }
  return { lists, exits, standards: SCENARIO_STANDARDS }
}
