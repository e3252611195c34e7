import { z } from 'zod'
import { DivisionCodeSchema, isDivisionCode, levelOfCode, parentCode, RegionLevelSchema } from './code'
import { RegionRetirementInfoSchema } from './retirement'

/** 城乡分类代码 (digits 15-17 of the full 17-digit code; 国统字〔2009〕91号). */
export const UrbanRuralCodeSchema = z
  .enum(['111', '112', '121', '122', '123', '210', '220'])
  .describe(
    '城乡分类代码: 111 主城区, 112 城乡结合区, 121 镇中心区, 122 镇乡结合区, 123 特殊区域, 210 乡中心区, 220 村庄',
  )
export type UrbanRuralCode = z.infer<typeof UrbanRuralCodeSchema>

/** Chinese meaning of each 城乡分类代码. */
export const URBAN_RURAL_LABELS: Readonly<Record<UrbanRuralCode, string>> = {
  '111': '主城区',
  '112': '城乡结合区',
  '121': '镇中心区',
  '122': '镇乡结合区',
  '123': '特殊区域',
  '210': '乡中心区',
  '220': '村庄',
}

/** Whether the 城乡分类代码 counts as urban (1xx 城镇) or rural (2xx 乡村). */
export function isUrbanCode(code: UrbanRuralCode): boolean {
  return code.startsWith('1')
}

/** One administrative division with the year its code belongs to (codes are revised yearly). */
export const RegionSchema = z
  .object({
    code: DivisionCodeSchema,
    name: z
      .string()
      .trim()
      .min(1, '名称不能为空')
      .max(60, '名称过长')
      .describe('Official name, e.g. 春明村村民委员会 or 春明村'),
    level: RegionLevelSchema.describe('Level; must equal levelOfCode(code)'),
    parentCode: DivisionCodeSchema.nullable().describe(
      'Parent code derived from the code; null for a province',
    ),
    codeYear: z
      .number()
      .int()
      .min(2009, '代码年份不早于2009')
      .max(2100, '代码年份无效')
      .describe('Year of the code table the code comes from (统计用区划代码 are revised every year)'),
    urbanRuralCode: UrbanRuralCodeSchema.nullable().describe(
      '城乡分类代码; published for village-level units only, so null above the village level (and when unknown)',
    ),
    officePhone: z
      .string()
      .nullable()
      .optional()
      .describe(
        'Public office phone the region keeps (村委会办公电话, normalised as 0795-7123456 or 13812345678); null when not set',
      ),
    retirement: RegionRetirementInfoSchema.nullable()
      .optional()
      .describe(
        'When the village was retired (撤并) and into which village; null while it exists on its own',
      ),
  })
  .superRefine((r, ctx) => {
    if (!isDivisionCode(r.code)) return
    if (r.level !== levelOfCode(r.code)) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: `层级应为 ${levelOfCode(r.code)}` })
    }
    if (r.parentCode !== parentCode(r.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentCode'],
        message: `上级代码应为 ${parentCode(r.code) ?? 'null'}`,
      })
    }
    if (r.urbanRuralCode !== null && r.level !== 'village') {
      ctx.addIssue({ code: 'custom', path: ['urbanRuralCode'], message: '城乡分类代码只适用于村级单位' })
    }
  })
  .describe('Administrative division')
export type Region = z.infer<typeof RegionSchema>

/** Builds a region from code, name, year and urban-rural code, deriving level and parent from the code. */
export function buildRegion(
  code: string,
  name: string,
  codeYear: number,
  urbanRuralCode: UrbanRuralCode | null = null,
): Region {
  return { code, name, level: levelOfCode(code), parentCode: parentCode(code), codeYear, urbanRuralCode }
}
