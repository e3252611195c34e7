import { z } from 'zod'

/**
 * 12-digit 统计用区划代码 (国统字〔2009〕91号): digits 1-2 province, 3-4 prefecture (city), 5-6 county
 * (1-6 equal GB/T 2260), 7-9 township, 10-12 village. A region's code keeps its ancestors' parts and fills
 * the parts below its own level with zeros, so:
 * - the province part is never 00;
 * - parts are filled from the left: once a part is all zeros, every later part is too (a village code has
 *   non-zero city, county and township parts);
 * - the level is the last non-zero part.
 */

/** Level of an administrative division. */
export const RegionLevelSchema = z
  .enum(['province', 'city', 'county', 'township', 'village'])
  .describe('province 省级, city 地级, county 县级, township 乡级 (乡镇/街道), village 村级 (村委会/居委会)')
export type RegionLevel = z.infer<typeof RegionLevelSchema>

const LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village']
// End offset of each level's part in the 12-digit code.
const PART_ENDS = [2, 4, 6, 9, 12] as const

function parts(code: string): string[] {
  return [code.slice(0, 2), code.slice(2, 4), code.slice(4, 6), code.slice(6, 9), code.slice(9, 12)]
}

function isZero(part: string): boolean {
  return /^0+$/.test(part)
}

/** Index of the last non-zero part, or -1 when the code is not structurally valid. */
function levelIndex(code: string): number {
  if (!/^\d{12}$/.test(code)) return -1
  const p = parts(code)
  if (isZero(p[0] ?? '00')) return -1
  let last = 0
  for (let i = 1; i < p.length; i += 1) {
    if (isZero(p[i] ?? '0')) continue
    // A non-zero part under a zero part has no parent.
    if (last !== i - 1) return -1
    last = i
  }
  return last
}

/** Whether a string is a structurally valid 12-digit division code (see the module comment for the rule). */
export function isDivisionCode(code: string): boolean {
  return levelIndex(code) >= 0
}

/** 12-digit 统计用区划代码, structurally valid: province part non-zero and parts filled from the left. */
export const DivisionCodeSchema = z
  .string()
  .regex(/^\d{12}$/, '区划代码应为12位数字')
  .refine(isDivisionCode, '区划代码结构无效：上级部分为0时下级部分必须为0，省级部分不能为00')
  .describe('12-digit 统计用区划代码: province 2, city 2, county 2, township 3, village 3 digits')
export type DivisionCode = z.infer<typeof DivisionCodeSchema>

function assertCode(code: string): number {
  const index = levelIndex(code)
  if (index < 0) throw new RangeError(`invalid division code: ${code}`)
  return index
}

/** Returns the level of a division code; throws RangeError for a code that is not structurally valid. */
export function levelOfCode(code: string): RegionLevel {
  return LEVELS[assertCode(code)] ?? 'province'
}

/** Returns the parent's code (zeros below the parent's level), or null for a province; throws on invalid codes. */
export function parentCode(code: string): string | null {
  const index = assertCode(code)
  if (index === 0) return null
  const end = PART_ENDS[index - 1] ?? 2
  return code.slice(0, end).padEnd(12, '0')
}

/** The significant prefix of a code: its digits up to and including its own level's part. */
export function codePrefix(code: string): string {
  return code.slice(0, PART_ENDS[assertCode(code)] ?? 12)
}

/**
 * A region and every region above it, nearest first (village, township, county, city, province); a code that is not
 * a division code stands alone.
 */
export function selfAndAncestors(code: string): string[] {
  if (!isDivisionCode(code)) return [code]
  const out: string[] = []
  for (let at: string | null = code; at; at = parentCode(at)) out.push(at)
  return out
}

/**
 * Whether a region lies within an ancestor region (or is that region), by prefix; false when either code is
 * not a valid division code.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  if (!isDivisionCode(code) || !isDivisionCode(ancestorCode)) return false
  return code.startsWith(codePrefix(ancestorCode))
}

/** Kind of a township-level unit from digits 7-9 (001-099 街道, 100-199 镇, 200-399 乡, 400-599 类似乡级单位). */
export function townshipKindOfCode(code: string): 'subdistrict' | 'town' | 'township' | 'other' {
  const n = Number(code.slice(6, 9))
  if (n >= 1 && n <= 99) return 'subdistrict'
  if (n >= 100 && n <= 199) return 'town'
  if (n >= 200 && n <= 399) return 'township'
  return 'other'
}

/** Kind of a village-level unit from digits 10-12 (001-199 居委会, 200-399 村委会, 400-599 类似村级单位). */
export function villageKindOfCode(code: string): 'residents_committee' | 'villagers_committee' | 'other' {
  const n = Number(code.slice(9, 12))
  if (n >= 1 && n <= 199) return 'residents_committee'
  if (n >= 200 && n <= 399) return 'villagers_committee'
  return 'other'
}
