import { z } from 'zod'
import { PageDtoSchema } from './paging'
import { PeriodKeySchema } from '../catalog/period'
import { FigureSchema } from '../figures/figure'
import { DivisionCodeSchema } from '../regions/code'
import { ObjectIdSchema, PresentedTableDtoSchema } from './disclosures'

/** Lifecycle of a government item: published directly by the township or county (no village-style review). */
export const GovernmentItemStatusSchema = z.enum(['draft', 'published', 'superseded', 'retracted'])
export type GovernmentItemStatus = z.infer<typeof GovernmentItemStatusSchema>
/** The level of government that publishes an item. */
export const GovernmentItemLevelSchema = z.enum(['township', 'county'])
export type GovernmentItemLevel = z.infer<typeof GovernmentItemLevelSchema>

/**
 * A named figure the government states, e.g. `{ name: '低保标准', value: 680, unit: '元/月' }`: the same schema as a
 * village disclosure's figures, since the two are compared by name.
 */
export const GovernmentFigureSchema = FigureSchema
export type GovernmentFigure = z.infer<typeof GovernmentFigureSchema>

/** Most rows one government item holds: a county roster of 700 villages (the rows live outside the item). */
export const GOVERNMENT_ROWS_MAX = 200_000

/** Longest title of a government item (characters, as `textLength` counts them). */
export const GOVERNMENT_ITEM_TITLE_MAX = 80

/**
 * Government rows: the catalog item's table columns plus `village`, the village's 12-digit division code or
 * its name (resolved against the villages below the publishing region). A JSON body is also bounded by the
 * BFF's body size limit; a county roster comes as a file (`POST /api/v1/government-items/:id/table-imports`).
 */
export const GovernmentRowsSchema = z
  .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
  .max(GOVERNMENT_ROWS_MAX)

/** One problem with a government row (1-based row; `column` is a table column key or `village`). */
export const GovernmentRowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  label: z.string().nullable(),
  /** Stable snake_case code when the row came from a file (e.g. `unknown_village`, `invalid_amount`). */
  code: z.string().optional(),
  message: z.string(),
})
export type GovernmentRowError = z.infer<typeof GovernmentRowErrorSchema>

/** `details` of a 422 `government_rows_invalid`: the first 200 problems and how many there are in all. */
export const GovernmentRowsInvalidDetailsSchema = z.object({
  errors: z.array(GovernmentRowErrorSchema),
  errorCount: z.number().int(),
})

/** Body of `POST /api/v1/regions/:code/government-items`: a new draft of a township or county item. */
export const GovernmentItemCreateSchema = z.object({
  catalogItemId: z.string().min(1).max(80),
  period: PeriodKeySchema,
  title: z
    .string()
    .trim()
    .min(2, '标题至少 2 个字')
    .max(GOVERNMENT_ITEM_TITLE_MAX, `标题最多 ${GOVERNMENT_ITEM_TITLE_MAX} 个字`),
  body: z.string().trim().max(20_000).default(''),
  figures: z.array(GovernmentFigureSchema).max(20).default([]),
  rows: GovernmentRowsSchema.nullable().default(null),
})
export type GovernmentItemCreateReq = z.infer<typeof GovernmentItemCreateSchema>

/** Body of `PATCH /api/v1/government-items/:id`: edits to a draft. */
export const GovernmentItemUpdateSchema = z.object({
  title: z.string().trim().min(2).max(GOVERNMENT_ITEM_TITLE_MAX).optional(),
  body: z.string().trim().max(20_000).optional(),
  figures: z.array(GovernmentFigureSchema).max(20).optional(),
  rows: GovernmentRowsSchema.nullable().optional(),
})
export type GovernmentItemUpdateReq = z.infer<typeof GovernmentItemUpdateSchema>

/** Params with a government item id. */
export const GovernmentItemParamsSchema = z.object({ id: ObjectIdSchema })

/** Body of `POST /api/v1/government-items/:id/versions`. */
export const GovernmentItemVersionSchema = z.object({
  changeNote: z.string().trim().min(2, '请说明更改了什么').max(500),
})

/** Body of `POST /api/v1/government-items/:id/retract`. */
export const GovernmentItemRetractSchema = z.object({
  reason: z.string().trim().min(2, '请写明撤回原因').max(500),
})

/** Query of `GET /api/v1/regions/:code/government-items`. */
export const GovernmentItemListQuerySchema = z.object({
  catalogItemId: z.string().min(1).max(80).optional(),
  period: PeriodKeySchema.optional(),
  status: GovernmentItemStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

/** Most rows one page of a government item's table carries. */
export const GOVERNMENT_ROWS_PAGE_MAX = 500

/**
 * Query of `GET /api/v1/government-items/:id`: one page of the rows, of one village (`village`) or of all of
 * them in village order.
 */
export const GovernmentItemViewQuerySchema = z.object({
  village: DivisionCodeSchema.optional(),
  /** Rows to skip. @default 0 */
  offset: z.coerce.number().int().min(0).max(GOVERNMENT_ROWS_MAX).default(0),
  /** Rows in the page; a village's roster usually fits in one page. @default 500 */
  limit: z.coerce.number().int().min(1).max(GOVERNMENT_ROWS_PAGE_MAX).default(GOVERNMENT_ROWS_PAGE_MAX),
})
export type GovernmentItemViewQuery = z.infer<typeof GovernmentItemViewQuerySchema>

/** Body of `POST /api/v1/villages/:code/disclosures/prefill`: a village draft filled from the government rows. */
export const DisclosurePrefillSchema = z.object({
  catalogItemId: z.string().min(1).max(80),
  period: PeriodKeySchema,
  title: z.string().trim().min(2).max(GOVERNMENT_ITEM_TITLE_MAX).optional(),
})
export type DisclosurePrefillReq = z.infer<typeof DisclosurePrefillSchema>

/** A government item as presented; `table` holds the rows of one village (or all, for staff without a village). */
export const GovernmentItemDtoSchema = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  level: GovernmentItemLevelSchema,
  catalogItemId: z.string(),
  catalogItemName: z.string(),
  period: z.string(),
  version: z.number().int(),
  status: GovernmentItemStatusSchema,
  title: z.string(),
  body: z.string(),
  figures: z.array(GovernmentFigureSchema),
  villageCodes: z.array(z.string()),
  /** Rows of the whole item (every village). */
  rowCount: z.number().int(),
  /** The village whose rows `table` shows; null when it shows the rows of every village. */
  village: z.string().nullable(),
  /**
   * One page of rows through the privacy presenter (its `totals` sum the rows of the page). Null for items without
   * rows, in lists and in the answers of changes (GET the item for its rows).
   */
  table: PresentedTableDtoSchema.nullable(),
  /**
   * Where `table.rows` sits among the rows asked for (the village's, or all): `total` rows in all, the next page
   * starts at `nextOffset` (null on the last page). Null when `table` is null.
   */
  rowsPage: PageDtoSchema.nullable(),
  changeNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  retractReason: z.string().nullable(),
})
export type GovernmentItemDto = z.infer<typeof GovernmentItemDtoSchema>
