import type { TableRow } from '@cunwu/domain'
import { demoHouseholds, demoPeople } from '../services/seed.service'
import { buildIdNumber } from './factories'

/**
 * The cross-village scenario of the route and browser tests: two villages (two townships) publish 低保 lists of 150
 * rows each for PERIOD, clean except for one ID on both, one amount above 低保标准 × household size, the villager whose
 * membership the secretary ends with 去世 (household 001 of the first village), and one account on two households.
 */
export const CROSS_CHECK_PERIOD = '2027-01'
export const PLANTED_ID = buildIdNumber('1948-03-15', 77)
export const SHARED_ACCOUNT = '6217995566778899001'

/** 150 clean rows for a village: the 30 roster households first (with 户号), then people without one. */
export function cleanDibaoRows(village: string, seed: number): TableRow[] {
  const roster = demoHouseholds(village)
  return Array.from({ length: 150 }, (_, i) => {
    const h = roster[i]
    const size = 1 + (i % 4)
    return {
      name: h ? h.headName : `${'赵钱孙李周吴郑王'[i % 8]}${'春夏秋冬'[i % 4]}${i}`,
      household_size: size,
      amount: 68_000 * size - (i % 3) * 5_000,
      group: `第${1 + (i % 3)}组`,
      id_number: buildIdNumber(`19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, seed * 200 + i),
      ...(h ? { household_no: h.householdNo } : {}),
      bank_account: `62170${seed}${String(1_000_000_000 + i)}`,
    }
  })
}

/** Both villages' lists with the four planted problems. Row 50 of the first is the amount above the standard. */
export function plantedDibaoLists(v1: string, v2: string): { v1Rows: TableRow[]; v2Rows: TableRow[] } {
  const v1Rows = cleanDibaoRows(v1, 1)
  const v2Rows = cleanDibaoRows(v2, 2)
  v1Rows[40] = { ...v1Rows[40], name: '周秋生', id_number: PLANTED_ID }
  v2Rows[41] = { ...v2Rows[41], name: '周秋生', id_number: PLANTED_ID.toLowerCase() }
  v1Rows[50] = { ...v1Rows[50], household_size: 2, amount: 150_000 }
  v1Rows[60] = { ...v1Rows[60], bank_account: SHARED_ACCOUNT }
  v2Rows[61] = { ...v2Rows[61], bank_account: SHARED_ACCOUNT }
  return { v1Rows, v2Rows }
}

/** The demo villager (household 001 of the first village), whose membership the scenario ends with 去世. */
export const villagerName = (): string =>
  demoPeople().find((p) => p.userKey === 'demo-villager')?.displayName ?? ''
