import { z } from 'zod'
import { PeriodKeySchema } from '../catalog/period'
import { DivisionCodeSchema } from '../regions/code'
import { ObjectIdSchema } from './disclosures'
import { HouseholdAlignmentDtoSchema } from './household-alignment'
import { seenRevisionSchema } from './seen-revision'

/** Where a (village, catalog item, period) pair stands against the government's publication of the same matter. */
export const AlignmentStatusSchema = z.enum([
  'consistent',
  'inconsistent',
  'village_missing',
  'government_missing',
  'verified',
])
export type AlignmentStatus = z.infer<typeof AlignmentStatusSchema>
/** How a township verified an alignment: confirmed as consistent, or resolved its discrepancies. */
export const AlignmentVerificationActionSchema = z.enum(['confirmed', 'resolved'])
export type AlignmentVerificationAction = z.infer<typeof AlignmentVerificationActionSchema>

/** Short labels of the statuses, for lists and the dashboard. */
export const ALIGNMENT_STATUS_LABELS: Record<AlignmentStatus, string> = {
  consistent: '一致',
  inconsistent: '有差异',
  village_missing: '村里未公开',
  government_missing: '政府未公开',
  verified: '已核验',
}

/** Params with an alignment id. */
export const AlignmentParamsSchema = z.object({ id: ObjectIdSchema })

/**
 * The alignment's `revision` as the officer loaded it: of two officers acting on what they both saw the second gets
 * 409 `alignment_stale` (docs/catalog.md, "Verifying an alignment"; `seenRevisionSchema`).
 */
const SeenRevisionSchema = seenRevisionSchema('再核验', 1)

/** Longest comment or reason an officer writes on an alignment (characters, as `textLength` counts them). */
export const ALIGNMENT_COMMENT_MAX = 500

/**
 * Body of `POST /api/v1/alignments/:id/verify`. The request carries the fingerprint, versions and revision the
 * officer saw; if either side changed since, or another officer acted on it, the answer is 409 `alignment_stale`.
 */
export const AlignmentVerifySchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('confirm'),
    fingerprint: z.string().min(1).max(64),
    disclosureVersion: z.number().int().min(1).nullable(),
    governmentVersion: z.number().int().min(1).nullable(),
    revision: SeenRevisionSchema,
    comment: z.string().trim().max(ALIGNMENT_COMMENT_MAX).optional(),
  }),
  z.object({
    action: z.literal('request_correction'),
    fingerprint: z.string().min(1).max(64),
    disclosureVersion: z.number().int().min(1).nullable(),
    governmentVersion: z.number().int().min(1).nullable(),
    revision: SeenRevisionSchema,
    comment: z.string().trim().min(2, '请写明需要更正的内容').max(ALIGNMENT_COMMENT_MAX),
  }),
  z.object({
    action: z.literal('resolve'),
    fingerprint: z.string().min(1).max(64),
    disclosureVersion: z.number().int().min(1).nullable(),
    governmentVersion: z.number().int().min(1).nullable(),
    revision: SeenRevisionSchema,
    reason: z.string().trim().min(2, '请写明处理理由').max(ALIGNMENT_COMMENT_MAX),
  }),
])
export type AlignmentVerifyReq = z.infer<typeof AlignmentVerifySchema>

const ShownValueSchema = z.union([z.string(), z.number(), z.null()])
const RowRefSchema = z.object({
  index: z.number().int(),
  name: z.string().nullable(),
  householdNo: z.string().nullable(),
})

/** One discrepancy as shown (from @cunwu/alignment; personal numbers are already masked there). */
export const DiscrepancyDtoSchema = z.object({
  kind: z.enum([
    'only_in_village',
    'only_in_government',
    'amount_differs',
    'field_differs',
    'ambiguous_match',
    'total_differs',
    'figure_differs',
  ]),
  column: z.string().nullable(),
  label: z.string().nullable(),
  figure: z.string().nullable(),
  village: z.array(RowRefSchema),
  government: z.array(RowRefSchema),
  villageValue: ShownValueSchema,
  governmentValue: ShownValueSchema,
  difference: z.union([z.number(), z.string(), z.null()]),
  explanation: z.string(),
})
export type DiscrepancyDto = z.infer<typeof DiscrepancyDtoSchema>

/** Who verified or asked for a correction, and when. */
export const AlignmentActionDtoSchema = z.object({
  by: z.string(),
  at: z.string(),
  text: z.string().nullable(),
})

/**
 * An alignment. The public view lists only table-level discrepancies (headcount, totals, figures); the row-level
 * ones name households and are for staff (`hiddenDiscrepancies` counts what was left out), except that a signed-in
 * household is shown those of its own rows (`household`).
 */
export const AlignmentDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  villageName: z.string().optional(),
  catalogItemId: z.string(),
  catalogItemName: z.string(),
  period: z.string(),
  status: AlignmentStatusSchema,
  /** The badge text villagers see. */
  label: z.string(),
  disclosure: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  government: z
    .object({
      id: z.string(),
      version: z.number().int(),
      regionCode: z.string(),
      regionName: z.string().optional(),
      level: z.enum(['township', 'county']),
      title: z.string(),
      /** The government item's public view for this village. */
      url: z.string(),
    })
    .nullable(),
  fingerprint: z.string().nullable(),
  /** Raised by every change of the stored alignment (a recompute, a verification); a verification sends it back. */
  revision: z.number().int(),
  summary: z
    .object({
      villageRows: z.number().int(),
      governmentRows: z.number().int(),
      matched: z.number().int(),
      discrepancies: z.number().int(),
    })
    .nullable(),
  discrepancies: z.array(DiscrepancyDtoSchema),
  hiddenDiscrepancies: z.number().int(),
  /**
   * Public view to a signed-in household only: where its own rows (docs/households.md, "When a row is a
   * household's") differ from the government's list, and who is checking. Absent for everyone else.
   */
  household: HouseholdAlignmentDtoSchema.optional(),
  verification: AlignmentActionDtoSchema.extend({ action: AlignmentVerificationActionSchema }).nullable(),
  correction: AlignmentActionDtoSchema.nullable(),
  computedAt: z.string(),
})
export type AlignmentDto = z.infer<typeof AlignmentDtoSchema>

/** Query of the compliance dashboard's Excel export. */
export const ComplianceQuerySchema = z.object({ period: PeriodKeySchema })
/**
 * Query of the compliance dashboard: without a period the BFF opens the year holding the most recent overdue period
 * on its clock (the answer's `period` says which).
 */
export const ComplianceBoardQuerySchema = z.object({ period: PeriodKeySchema.optional() })
export const ComplianceParamsSchema = z.object({ code: DivisionCodeSchema })

/** Counts of one region (or the whole query) on the dashboard. */
export const ComplianceCountsSchema = z.object({
  villages: z.number().int(),
  /** Periodic disclosures owed in the period (catalog schedules). */
  expected: z.number().int(),
  published: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  aligned: z.number().int(),
  consistent: z.number().int(),
  inconsistent: z.number().int(),
  villageMissing: z.number().int(),
  governmentMissing: z.number().int(),
  verified: z.number().int(),
  discrepancies: z.number().int(),
})
export type ComplianceCounts = z.infer<typeof ComplianceCountsSchema>

/** Correspondence at a glance: red an open discrepancy; amber one side missing; green all consistent or verified; none nothing compared. */
export const ComplianceHealthSchema = z.enum(['red', 'amber', 'green', 'none'])

/** One (village, catalog item, period) line of the drill-down and of the Excel export. */
export const ComplianceRowDtoSchema = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  catalogItemId: z.string(),
  catalogItemName: z.string(),
  period: z.string(),
  disclosureId: z.string().nullable(),
  publishedOn: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueStatus: z.enum(['on_time', 'late', 'overdue', 'due_soon', 'upcoming']).nullable(),
  alignmentId: z.string().nullable(),
  alignmentStatus: AlignmentStatusSchema.nullable(),
  discrepancyCount: z.number().int(),
  /** The first discrepancy explanations, so the officer sees why at a glance. */
  explanations: z.array(z.string()),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
})
export type ComplianceRowDto = z.infer<typeof ComplianceRowDtoSchema>

/** `GET /api/v1/regions/:code/compliance`: counts of the region and of each child; item rows for a village. */
export const ComplianceDtoSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  level: z.enum(['county', 'township', 'village']),
  period: z.string(),
  /** When the figures were counted (ISO time), never before the summaries they count. */
  asOf: z.string(),
  counts: ComplianceCountsSchema,
  health: ComplianceHealthSchema,
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(['township', 'village']),
      counts: ComplianceCountsSchema,
      health: ComplianceHealthSchema,
      /** Open or confirmed cross-village findings touching the child's villages, by kind (staff of the region only). */
      crossChecks: z.record(z.string(), z.number().int()).optional(),
    }),
  ),
  /** Item lines: for a village always; for a township or county only with `?rows=1` is not offered (use the export). */
  rows: z.array(ComplianceRowDtoSchema),
})
export type ComplianceDto = z.infer<typeof ComplianceDtoSchema>
