import { formatYuan } from '../text/money'

/**
 * How a villager counts the differences between the village's list and the government's: households that differ and
 * the money the totals differ by, not the comparison's discrepancy records (one household missing on one side also
 * makes the headcount and the amount total differ: three records, one difference). Computed once when an alignment
 * is stored and read by the badge and the alignment view alike (`badgeOf`).
 */

/** A discrepancy record as the comparison (`@cunwu/alignment`) stores it; only the fields counted here. */
export interface DiscrepancyRecord {
  kind: string
  village: readonly { index: number }[]
  government: readonly { index: number }[]
  column: string | null
  difference: number | string | null
}

/** The differences of one comparison, counted as a villager counts them. */
export interface DifferenceSummary {
  /** Households whose rows differ or that appear on one side only. */
  households: number
  /** How much the amount total differs by, in fen (absolute), when exactly one amount column's total differs. */
  amountDifferenceFen: number | null
  /** Amount columns whose totals differ. */
  amountColumns: number
  /** Named figures (标准数额) that differ. */
  figures: number
  /** Totals of other columns (areas, counts) that differ while no household does. */
  other: number
}

const ROW_KINDS = new Set([
  'only_in_village',
  'only_in_government',
  'amount_differs',
  'field_differs',
  'ambiguous_match',
])

/**
 * Counts the differences of a comparison result. Amount columns are those whose village total is a number (the
 * comparison sums amounts in fen as numbers and other columns as decimal strings).
 */
export function summarizeDifferences(
  result: {
    discrepancies: readonly DiscrepancyRecord[]
    summary?: { totals?: readonly { column: string; village: number | string }[] }
  } | null,
): DifferenceSummary | null {
  if (!result) return null
  const amountColumns = new Set(
    (result.summary?.totals ?? []).filter((t) => typeof t.village === 'number').map((t) => t.column),
  )
  const households = new Set<string>()
  const amountDifferences: number[] = []
  let figures = 0
  let other = 0
  for (const d of result.discrepancies) {
    if (ROW_KINDS.has(d.kind)) {
      // A household is its village row, or its government row when it is missing from the village list.
      households.add(
        d.village.length > 0
          ? `v${d.village.map((r) => r.index).join(',')}`
          : `g${d.government.map((r) => r.index).join(',')}`,
      )
    } else if (d.kind === 'figure_differs') {
      figures += 1
    } else if (d.kind === 'total_differs' && d.column !== null && amountColumns.has(d.column)) {
      amountDifferences.push(typeof d.difference === 'number' ? Math.abs(d.difference) : 0)
    } else if (d.kind === 'total_differs' && d.column !== null) {
      other += 1
    }
  }
  return {
    households: households.size,
    amountDifferenceFen: amountDifferences.length === 1 ? (amountDifferences[0] ?? null) : null,
    amountColumns: amountDifferences.length,
    figures,
    other: households.size > 0 ? 0 : other,
  }
}

/** The differences in plain words, e.g. 2 户有差异，合计相差 50.00 元 (元 as the tables write them, `formatYuan`). */
export function differenceWording(s: DifferenceSummary): string {
  const parts: string[] = []
  if (s.households > 0) parts.push(`${s.households} 户有差异`)
  if (s.amountDifferenceFen !== null) parts.push(`合计相差 ${formatYuan(s.amountDifferenceFen)} 元`)
  else if (s.amountColumns > 0) parts.push(`${s.amountColumns} 项合计金额不一致`)
  if (s.figures > 0) parts.push(`${s.figures} 项标准数额不一致`)
  if (parts.length === 0 && s.other > 0) parts.push(`有 ${s.other} 处合计不一致`)
  return parts.length > 0 ? parts.join('，') : '有差异'
}
