import { z } from 'zod'
import { PeriodKeySchema } from '../catalog/period'
import { DivisionCodeSchema } from '../regions/code'
import { ObjectIdSchema } from './disclosures'
import { PageDtoSchema } from './paging'
import { seenRevisionSchema } from './seen-revision'

/**
 * Cross-village checks (docs/cross-checks.md): findings across the villages of a county, seen by township and
 * county staff only. Never in a public response.
 */

export const CrossCheckKindSchema = z.enum([
  'duplicate_person',
  'above_standard',
  'listed_after_exit',
  'shared_account',
  'duplicate_in_village',
])
export type CrossCheckKindDto = z.infer<typeof CrossCheckKindSchema>

/**
 * The kinds from the most serious (docs/cross-checks.md, "Order"): a person paid who should not be, or paid twice
 * (on two villages' lists, after leaving, twice on one list), then money going to another household's account, then
 * an amount above the standard. Findings are listed in this order, still-open before handled, newest first within.
 */
export const CROSS_CHECK_KIND_ORDER: readonly CrossCheckKindDto[] = [
  'duplicate_person',
  'listed_after_exit',
  'duplicate_in_village',
  'shared_account',
  'above_standard',
]

/** open: found; confirmed: a problem, the village was asked to correct; resolved: explained; closed: gone. */
export const CrossCheckStatusSchema = z.enum(['open', 'confirmed', 'resolved', 'closed'])
export type CrossCheckStatus = z.infer<typeof CrossCheckStatusSchema>

export const CrossCheckRegionParamsSchema = z.object({ code: DivisionCodeSchema })
export const CrossCheckParamsSchema = z.object({ id: ObjectIdSchema })

/** Body of `POST /api/v1/regions/:code/cross-checks/run`. */
export const CrossCheckRunSchema = z.object({
  catalogItemId: z.string().trim().min(1).max(120).optional(),
  period: PeriodKeySchema,
})
export type CrossCheckRunReq = z.infer<typeof CrossCheckRunSchema>

/** The most findings one page of the list carries. */
export const CROSS_CHECK_PAGE_MAX = 500

/**
 * Query of `GET /api/v1/regions/:code/cross-checks`: a period key, where a year, half or quarter covers the periods
 * within it (as on the compliance dashboard); optionally one status, one kind and one village of the region; a page
 * of `limit` findings from `offset`, open and confirmed before resolved and closed, then by kind
 * (`CROSS_CHECK_KIND_ORDER`), then newest first.
 */
export const CrossCheckListQuerySchema = z.object({
  period: PeriodKeySchema,
  status: CrossCheckStatusSchema.optional(),
  kind: CrossCheckKindSchema.optional(),
  village: DivisionCodeSchema.optional().describe('One village of the region'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(CROSS_CHECK_PAGE_MAX).default(CROSS_CHECK_PAGE_MAX),
})
export type CrossCheckListQuery = z.infer<typeof CrossCheckListQuerySchema>

/**
 * The finding's `revision` as the officer's page loaded it: of two officers acting on what they both saw the second
 * gets 409 `cross_check_stale` (docs/cross-checks.md; `seenRevisionSchema`).
 */
const SeenRevisionSchema = seenRevisionSchema('再处理', 0)

/** Longest comment or reason an officer writes on a finding (characters, as `textLength` counts them). */
export const CROSS_CHECK_TEXT_MAX = 500

/** Body of `POST /api/v1/cross-checks/:id/confirm`. */
export const CrossCheckConfirmSchema = z.object({
  comment: z.string().trim().max(CROSS_CHECK_TEXT_MAX).optional(),
  revision: SeenRevisionSchema,
})
export type CrossCheckConfirmReq = z.infer<typeof CrossCheckConfirmSchema>

/** Body of `POST /api/v1/cross-checks/:id/resolve`: a blank reason is refused with 422 `reason_required`. */
export const CrossCheckResolveSchema = z.object({
  reason: z.string().max(CROSS_CHECK_TEXT_MAX).optional(),
  revision: SeenRevisionSchema,
})
export type CrossCheckResolveReq = z.infer<typeof CrossCheckResolveSchema>

const StepSchema = z.object({ name: z.string(), at: z.string(), text: z.string().nullable() })

/** One involved row as staff see it: its village, list and cells. */
export const CrossCheckRowDtoSchema = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  catalogItemId: z.string(),
  disclosureId: z.string(),
  rowIndex: z.number().int(),
  cells: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
})

export const CrossCheckFindingDtoSchema = z.object({
  id: z.string(),
  kind: CrossCheckKindSchema,
  kindLabel: z.string(),
  catalogItemId: z.string(),
  period: z.string(),
  /** The villages of the viewer's regions it involves (a county officer: all of them). */
  villages: z.array(z.object({ code: z.string(), name: z.string() })),
  /**
   * Whether it also involves villages outside the viewer's regions (another township's, for a township officer):
   * those are named only 外乡镇, never by name, code or number.
   */
  elsewhere: z.boolean(),
  rows: z.array(CrossCheckRowDtoSchema),
  explanation: z.string(),
  status: CrossCheckStatusSchema,
  confirmation: StepSchema.nullable(),
  resolution: StepSchema.nullable(),
  closedReason: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** Raised by every change of the stored finding (an officer's step, a run); confirming or resolving sends it back. */
  revision: z.number().int(),
  /**
   * Whether the viewer may resolve it: resolving closes it for every village in it, so only a viewer whose regions
   * cover all of them may (a finding spanning townships is the county's).
   */
  canResolve: z.boolean(),
})
export type CrossCheckFindingDto = z.infer<typeof CrossCheckFindingDtoSchema>

/** Answer of `GET /api/v1/regions/:code/cross-checks`: one page of findings and where it sits among all of them. */
export const CrossCheckListDtoSchema = z.object({
  findings: z.array(CrossCheckFindingDtoSchema),
  /** `total` findings match; the next page starts at `nextOffset` (null on the last page). */
  page: PageDtoSchema,
  /** How many findings of each kind match the other filters (period, status, village), for choosing a kind. */
  kinds: z.record(CrossCheckKindSchema, z.number().int()),
})
export type CrossCheckListDto = z.infer<typeof CrossCheckListDtoSchema>

/** A run's state, and what started it (a person, a village's changed list, newly published standards, the upkeep). */
export const CrossCheckRunStatusSchema = z.enum(['running', 'done', 'failed'])
export const CrossCheckRunTriggerSchema = z.enum(['manual', 'village_changed', 'standards_changed', 'upkeep'])
export type CrossCheckRunTrigger = z.infer<typeof CrossCheckRunTriggerSchema>
export type CrossCheckRunStatus = z.infer<typeof CrossCheckRunStatusSchema>

export const CrossCheckRunDtoSchema = z.object({
  id: z.string(),
  regionCode: z.string(),
  catalogItemId: z.string().nullable(),
  period: z.string(),
  status: CrossCheckRunStatusSchema,
  progress: z.object({ lists: z.number().int(), listsChecked: z.number().int() }),
  counts: z.object({ found: z.number().int(), opened: z.number().int(), closed: z.number().int() }),
  error: z.string().nullable(),
})
export type CrossCheckRunDto = z.infer<typeof CrossCheckRunDtoSchema>

/** What each kind is called on staff pages. */
export const CROSS_CHECK_KIND_LABELS: Record<CrossCheckKindDto, string> = {
  duplicate_person: '多村重复享受',
  above_standard: '超标准发放',
  listed_after_exit: '去世或迁出后仍在册',
  shared_account: '多户共用账号',
  duplicate_in_village: '同村重复列入',
}
