import { normalizeValue } from './normalize'

/** A village the import may assign rows to (a Region from @cunwu/domain fits). */
export interface VillageRef {
  /** 12-digit 统计用区划代码. */
  code: string
  /** Official name, e.g. 枫林村委会 or 枫林村. */
  name: string
}

/** Outcome of resolving one village cell. */
export type VillageMatch = { ok: true; code: string } | { ok: false; reason: string }

/** What kind of place a name says it is: 村 (村委会), 社区 (居委会), or nothing (a bare name such as 枫林). */
type PlaceKind = 'village' | 'community' | 'unknown'

interface NameForms {
  /** The name as people say it: 云溪村委会 → 云溪村, 云溪社区居委会 → 云溪社区, 城东居委会 → 城东社区. */
  place: string
  /** Without 村/社区: 云溪. */
  bare: string
  kind: PlaceKind
}

// A 村委会 is called 村 and a 居委会 is called 社区: the committee words are dropped, the place word is kept, so
// 云溪村委会 becomes 云溪村 and stays apart from 云溪社区居委会 (云溪社区).
const VILLAGE_COMMITTEE = /(村民委员会|村委会)$/
const COMMUNITY_COMMITTEE = /(社区)?(居民委员会|居委会)$/
const OTHER_COMMITTEE = /委员会$/
const PLACE = /(村|社区)$/
// 村组 cells name the village and then the group: 大榆树村1组, 枫林村第三组, 下坊村12村民小组.
const GROUP = /第?[0-9一二三四五六七八九十百零〇两]+(村民小组|小组|组|队)$/
// A township written first: 云溪镇枫林村. Tried only when the whole cell names no village.
const TOWNSHIP = /^.{1,12}?(镇|乡|街道办事处|街道)/
/** How many candidates an ambiguous name lists. */
const LISTED_CANDIDATES = 5

function formsOf(name: string): NameForms {
  const full = normalizeValue(name)
  if (VILLAGE_COMMITTEE.test(full)) {
    const place = full.replace(VILLAGE_COMMITTEE, '村')
    return { place, bare: place.replace(PLACE, ''), kind: 'village' }
  }
  if (COMMUNITY_COMMITTEE.test(full)) {
    const bare = full.replace(COMMUNITY_COMMITTEE, '')
    return { place: `${bare}社区`, bare, kind: 'community' }
  }
  const place = full.replace(OTHER_COMMITTEE, '')
  const kind: PlaceKind = place.endsWith('村') ? 'village' : place.endsWith('社区') ? 'community' : 'unknown'
  return { place, bare: place.replace(PLACE, ''), kind }
}

function addTo(index: Map<string, VillageRef[]>, key: string, village: VillageRef): void {
  if (key === '') return
  const list = index.get(key) ?? []
  if (!list.some((v) => v.code === village.code)) list.push(village)
  index.set(key, list)
}

/** The ways a cell may be read, most literal first: as written, without its group, without a township before it. */
function readingsOf(s: string): string[] {
  const withoutGroup = s.replace(GROUP, '')
  const readings = [s, withoutGroup, s.replace(TOWNSHIP, ''), withoutGroup.replace(TOWNSHIP, '')]
  return [...new Set(readings.filter((r) => r !== ''))]
}

function ambiguous(raw: string, found: readonly VillageRef[]): VillageMatch {
  const listed = [...found]
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, LISTED_CANDIDATES)
    .map((v) => `${v.name}（${v.code}）`)
    .join('、')
  const more = found.length > LISTED_CANDIDATES ? ` 等 ${found.length} 个` : ''
  return { ok: false, reason: `有多个村叫这个名字（${raw}）：${listed}${more}，请改填 12 位区划代码` }
}

/**
 * The villages a name reads as, in any of the ways people write one: the official name (枫林村委会), the name as
 * people say it (枫林村, 云溪社区) or the bare name (枫林), which names a 村 and a 社区 alike, while 云溪村 never names
 * 云溪社区居委会 nor the other way round. The one home of how a village is named: the import's resolver below and the
 * search's village names (bff `village-search-names.service.ts`) read it.
 */
export function villageNameIndex(villages: readonly VillageRef[]): (name: string) => VillageRef[] {
  const byPlace = new Map<string, VillageRef[]>()
  const byBare = new Map<string, VillageRef[]>()
  const kindOf = new Map<string, PlaceKind>()
  for (const v of villages) {
    const forms = formsOf(v.name)
    addTo(byPlace, normalizeValue(v.name), v)
    addTo(byPlace, forms.place, v)
    addTo(byBare, forms.bare, v)
    kindOf.set(v.code, forms.kind)
  }

  return (name) => {
    const reading = normalizeValue(name)
    const forms = formsOf(reading)
    const exact = byPlace.get(reading) ?? byPlace.get(forms.place)
    if (exact !== undefined) return exact
    // A bare match must not turn a 村 into a 社区 (or back): 云溪村 is not 云溪社区.
    return (byBare.get(forms.bare) ?? []).filter((v) => {
      const kind = kindOf.get(v.code) ?? 'unknown'
      return forms.kind === 'unknown' || kind === 'unknown' || kind === forms.kind
    })
  }
}

/**
 * Builds a resolver from a village cell to a division code. A cell may hold the 12-digit code, the official name
 * (枫林村委会), the short name (枫林村, 枫林), a 村组 value (枫林村1组) or a township before the name (云溪镇枫林村).
 * Short forms resolve only when they are unique among the villages given (the issuing office's region); a name
 * that fits several villages is refused with the candidates and their codes. A 村 never resolves to a 社区 of the
 * same bare name, nor the other way round (`villageNameIndex`).
 */
export function createVillageResolver(villages: readonly VillageRef[]): (raw: string) => VillageMatch {
  const codes = new Set(villages.map((v) => v.code))
  const lookup = villageNameIndex(villages)

  return (raw) => {
    const s = normalizeValue(raw)
    if (/^\d{12}$/.test(s)) {
      return codes.has(s)
        ? { ok: true, code: s }
        : { ok: false, reason: `区划代码不在本次导入的范围内（${raw}）` }
    }
    for (const reading of readingsOf(s)) {
      const found = lookup(reading)
      if (found.length === 0) continue
      const [only] = found
      if (found.length === 1 && only !== undefined) return { ok: true, code: only.code }
      return ambiguous(raw, found)
    }
    return { ok: false, reason: `找不到这个村（${raw}）` }
  }
}
