import { DEMO_COUNTY_CODE, levelOfCode, parentCode, type Region } from '@cunwu/domain'
import { getMe } from '@/services/api/me'
import { getRegion, listChildRegions } from '@/services/api/regions'
import { isGone } from '@/utils/errors'

/** Whether a region is an office that takes information requests: a township or county government (art. 2, 27). */
const isOffice = (r: Region) => r.level === 'township' || r.level === 'county'

/**
 * The offices the form offers. `mine`: the township and county above the villages the person belongs to (or works
 * for), or the one `?region=` named. `served`: the person belongs to no village yet, so the county the app serves
 * and its townships, chosen by name (anyone may apply, 条例第二十七条). `notOffice`: `?region=` names no office that
 * takes requests (a village, an unknown code, a broken link), said in `text`.
 */
export type Offices =
  | { kind: 'mine'; offices: Region[] }
  | { kind: 'served'; offices: Region[] }
  | { kind: 'notOffice'; text: string }

/** What a person is told when `?region=` is not an office, and where they may apply instead. */
const ELSEWHERE = '政府信息公开申请向乡镇人民政府（街道办事处）或县人民政府提出。'

/** A region the page must name, or null when it does not exist (404); any other failure is a failed load. */
async function regionOrNull(code: string): Promise<Region | null> {
  try {
    return await getRegion(code)
  } catch (err) {
    if (isGone(err)) return null
    throw err
  }
}

/** Reads the offices for `asked` (`?region=`, or undefined); throws when they could not be read (network, 5xx). */
export async function loadOffices(asked: string | undefined): Promise<Offices> {
  if (asked !== undefined) {
    const region = /^\d{12}$/.test(asked) ? await regionOrNull(asked) : null
    if (region === null) return { kind: 'notOffice', text: `没有找到要申请的机关。${ELSEWHERE}` }
    if (!isOffice(region))
      return { kind: 'notOffice', text: `${region.name}不受理政府信息公开申请。${ELSEWHERE}` }
    return { kind: 'mine', offices: [region] }
  }
  const me = await getMe()
  const codes = new Set<string>()
  const villages = [
    ...me.memberships.filter((m) => m.status === 'approved').map((m) => m.villageCode),
    ...me.roles.map((g) => g.regionCode),
  ]
  for (const code of villages) {
    const level = levelOfCode(code)
    if (level === 'county') codes.add(code)
    const township = level === 'village' ? parentCode(code) : level === 'township' ? code : null
    if (township) codes.add(township)
    const county = township ? parentCode(township) : null
    if (county) codes.add(county)
  }
  // A failed read is a failed load (重试), never an empty list: the person is a member and may apply.
  const regions = await Promise.all([...codes].map(regionOrNull))
  const mine = regions.filter((r): r is Region => r !== null && isOffice(r))
  if (mine.length > 0) return { kind: 'mine', offices: mine }
  const [county, townships] = await Promise.all([
    getRegion(DEMO_COUNTY_CODE),
    listChildRegions(DEMO_COUNTY_CODE),
  ])
  return { kind: 'served', offices: [county, ...townships.filter(isOffice)] }
}
