import type { RegionLevel } from './code'

/**
 * The administrative organ of a region as a person names it (地方各级人民代表大会和地方各级人民政府组织法): a 乡 or 镇
 * has its 人民政府; a 街道 has a 街道办事处 (an agency of the district or county, not a government); a county, district
 * or city has its 人民政府. A village has none (its committee is not an administrative organ): null. A name already
 * ending in 人民政府 or 办事处 is the organ's own. One home for every office name the app or the BFF shows.
 */
export function officeNameOf(region: { name: string; level: RegionLevel }): string | null {
  const name = region.name.trim()
  if (region.level === 'village') return null
  if (/(人民政府|办事处)$/u.test(name)) return name
  if (region.level === 'township' && name.endsWith('街道')) return `${name}办事处`
  return `${name}人民政府`
}
