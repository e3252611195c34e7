import type { Types } from 'mongoose'
import type { ComplianceDto, ComplianceRowDto } from '@cunwu/domain'

// The values the compliance service derives from the stored lines and summaries; the presenter and the workbook
// read them, so they live in the layer all of them depend on rather than in a service.

/** One line of a village's compliance: a stored line, or a periodic item owed and never published. */
export interface ComplianceLine extends Omit<
  ComplianceRowDto,
  'disclosureId' | 'alignmentId' | 'verifiedAt'
> {
  disclosureId: Types.ObjectId | null
  alignmentId: Types.ObjectId | null
  verifiedAt: Date | null
}

/** The compliance of a region for a period: its counts, each child's, and a village's lines. */
export interface ComplianceBoard extends Omit<ComplianceDto, 'asOf' | 'rows'> {
  /** When the figures were counted. */
  asOf: Date
  rows: ComplianceLine[]
}
