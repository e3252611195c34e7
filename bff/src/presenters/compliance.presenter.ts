import type { ComplianceDto, ComplianceRowDto } from '@cunwu/domain'
import type { ComplianceBoard, ComplianceLine } from '../models/compliance-views'

/** A compliance line as the dashboard shows it. */
export function presentComplianceLine(l: ComplianceLine): ComplianceRowDto {
  return {
    ...l,
    disclosureId: l.disclosureId?.toHexString() ?? null,
    alignmentId: l.alignmentId?.toHexString() ?? null,
    verifiedAt: l.verifiedAt?.toISOString() ?? null,
  }
}

/** A region's compliance dashboard. */
export function presentCompliance(b: ComplianceBoard): ComplianceDto {
  return { ...b, asOf: b.asOf.toISOString(), rows: b.rows.map(presentComplianceLine) }
}
