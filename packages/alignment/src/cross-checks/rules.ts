/**
 * Which lists exclude each other and which published figure bounds an item's amounts. The rules and their sources
 * are described in docs/cross-checks.md.
 */

export const DIBAO_ROSTER_ITEM = 'social-assistance.dibao.approval'
export const TEKUN_NOTICE_ITEM = 'social-assistance.tekun.review'
export const CULTIVATED_LAND_ITEM = 'agricultural-subsidies.cultivated-land-protection'

/** Two items whose lists may not name the same person in the same period; rows of `skip` are not counted. */
export interface ExclusivePair {
  a: string
  b: string
  /**
   * Rows to leave out: people not (or no longer) supported by the item. A 特困 notice of 初审 names an applicant,
   * who may be on 低保 while the application is decided; one of 终止 names a person whose support ended.
   */
  skip?: { column: string; values: readonly string[] }
}

/**
 * 特困供养 and 低保 are not paid to one person in the same period (docs/cross-checks.md, 'Lists that exclude each
 * other'): only the 特困 notice's 认定 rows, people supported as 特困, are counted.
 */
export const EXCLUSIVE_PAIRS: readonly ExclusivePair[] = [
  { a: DIBAO_ROSTER_ITEM, b: TEKUN_NOTICE_ITEM, skip: { column: 'notice_type', values: ['初审', '终止'] } },
]

/**
 * How an item's amount is bounded by a named figure the county publishes:
 * - `per_person`: amount (fen) <= figure (元 per person) x household size (低保: 保障金额 <= 低保标准 x 家庭人口);
 * - `area_rate`: |amount - area x figure (元 per 亩)| <= tolerance (补贴金额 = 面积 x 补贴标准).
 */
export type StandardRule =
  | { kind: 'per_person'; figure: string; amountColumn: string; sizeColumn: string }
  | { kind: 'area_rate'; figure: string; amountColumn: string; areaColumn: string; toleranceFen: number }

export const STANDARD_RULES: ReadonlyMap<string, StandardRule> = new Map<string, StandardRule>([
  [
    DIBAO_ROSTER_ITEM,
    { kind: 'per_person', figure: '低保标准', amountColumn: 'amount', sizeColumn: 'household_size' },
  ],
  [
    CULTIVATED_LAND_ITEM,
    {
      kind: 'area_rate',
      figure: '补贴标准',
      amountColumn: 'amount',
      areaColumn: 'area_mu',
      toleranceFen: 100,
    },
  ],
])

/** Items whose lists are checked: the ones with an exclusive partner or a standard, and every roster otherwise. */
export function exclusivePartners(itemId: string): ExclusivePair[] {
  return EXCLUSIVE_PAIRS.filter((p) => p.a === itemId || p.b === itemId)
}
