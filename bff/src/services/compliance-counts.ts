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
