import type { ComplianceCounts, ComplianceDto } from '@cunwu/domain'

/** The compliance board's counts: empty, summed, and their at-a-glance colour. */

type Health = ComplianceDto['health']

export function emptyCounts(): ComplianceCounts {
  return {
    villages: 0,
    expected: 0,
    published: 0,
    onTime: 0,
    late: 0,
    overdue: 0,
    aligned: 0,
    consistent: 0,
    inconsistent: 0,
    villageMissing: 0,
    governmentMissing: 0,
    verified: 0,
    discrepancies: 0,
  }
}

export function add(into: ComplianceCounts, c: ComplianceCounts): void {
  for (const k of Object.keys(into) as (keyof ComplianceCounts)[]) into[k] += c[k]
}

/**
 * The at-a-glance colour is about correspondence with the government (the dashboard's question): red when a
 * discrepancy is open, amber when one side is missing, green when every compared pair is consistent or verified.
 * Timeliness is in the counts (overdue, late) rather than in the colour, so an overdue accounts report does not
 * hide which villages disagree with the county.
 */
export function healthOf(c: ComplianceCounts): Health {
  if (c.inconsistent > 0) return 'red'
  if (c.villageMissing > 0 || c.governmentMissing > 0) return 'amber'
  return c.aligned > 0 ? 'green' : 'none'
}

type Child = ComplianceDto['children'][number]

/** Open cross-village findings of a child, all kinds together. */
function crossCheckTotal(c: Child): number {
  return Object.values(c.crossChecks ?? {}).reduce((n, x) => n + x, 0)
}

/** Names in the order people look them up (pinyin: 安福 before 枫林 before 上坊), not by code. */
const byName = new Intl.Collator('zh-Hans-CN')

/**
 * The order of a dashboard's townships or villages: what needs doing first comes first (docs/api.md). In turn, the
 * most periodic items overdue and never published (逾期未公开); then the most open discrepancies with the
 * government's list and open cross-village findings (有差异, 跨村核查); then the most items the government published
 * and the village did not (村里未公开); then the most the village published and the government did not (政府未公开,
 * the government's to do); then by name, then code.
 */
export function byNeed(a: Child, b: Child): number {
  return (
    b.counts.overdue - a.counts.overdue ||
    b.counts.inconsistent + crossCheckTotal(b) - (a.counts.inconsistent + crossCheckTotal(a)) ||
    b.counts.villageMissing - a.counts.villageMissing ||
    b.counts.governmentMissing - a.counts.governmentMissing ||
    byName.compare(a.name, b.name) ||
    a.code.localeCompare(b.code)
  )
}
