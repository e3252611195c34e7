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

const COMMITTEE = /(村民委员会|居民委员会|村委会|居委会|委员会)$/
const PLACE = /(村|社区)$/

/** Name keys a village is known by: 枫林村委会 → 枫林村委会, 枫林村, 枫林. */
function nameKeys(name: string): string[] {
  const full = normalizeValue(name)
  const place = full.replace(COMMITTEE, '')
  const bare = place.replace(PLACE, '')
  return [...new Set([full, place, bare].filter((k) => k !== ''))]
}

/** Builds a resolver from a village cell (name in any common form, or 12-digit code) to a division code. */
export function createVillageResolver(villages: readonly VillageRef[]): (raw: string) => VillageMatch {
  const codes = new Set(villages.map((v) => v.code))
  const byKey = new Map<string, Set<string>>()
  for (const v of villages) {
    for (const key of nameKeys(v.name)) {
      const set = byKey.get(key) ?? new Set<string>()
      set.add(v.code)
      byKey.set(key, set)
    }
  }
  return (raw) => {
    const s = normalizeValue(raw)
    if (/^\d{12}$/.test(s)) {
      return codes.has(s)
        ? { ok: true, code: s }
        : { ok: false, reason: `区划代码不在本次导入的范围内（${raw}）` }
    }
    // Try the most specific form first so 云溪村 does not fall back to 云溪 (which could be 云溪社区).
    for (const key of nameKeys(s)) {
      const found = byKey.get(key)
      if (found === undefined) continue
      if (found.size === 1) return { ok: true, code: [...found][0] ?? '' }
      return { ok: false, reason: `有多个村叫这个名字（${raw}），请改填 12 位区划代码` }
    }
    return { ok: false, reason: `找不到这个村（${raw}）` }
  }
}
