import { z } from 'zod'
import { PeriodKeySchema } from '../catalog/period'
import { FigureSchema, FiguresSchema } from '../figures/figure'
import { DivisionCodeSchema } from '../regions/code'
import { HouseholdAlignmentDtoSchema } from './household-alignment'
import { MAX_AMOUNT_FEN } from '../tables/validate'
import { seenRevisionSchema } from './seen-revision'
import { DisclosureStatusSchema } from './disclosure-status'

/** A 24-hex-digit record id; spaces around it (an id pasted from a list or a terminal) are dropped first. */
export const ObjectIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{24}$/, '编号不对，请从列表重新打开')

/** A chart of the disclosure's numbers: a bar or pie chart over labelled values (amounts in fen). */
export const ChartSpecSchema = z.object({
  kind: z.enum(['bar', 'pie']),
  title: z.string().trim().min(1).max(40),
  /** Unit shown on the axis: `fen` values are shown in 元. */
  unit: z.enum(['fen', 'count', 'other']).default('fen'),
  series: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(20),
        value: z
          .number()
          .finite()
          .min(-MAX_AMOUNT_FEN, '数值过大，请核对')
          .max(MAX_AMOUNT_FEN, '数值过大，请核对'),
      }),
    )
    .min(1)
    .max(24),
})
export type ChartSpec = z.infer<typeof ChartSpecSchema>

/** Plain-language interpretation: questions and answers, and an optional chart. */
export const InterpretationSchema = z.object({
  qa: z
    .array(z.object({ q: z.string().trim().min(1).max(100), a: z.string().trim().min(1).max(1000) }))
    .max(10)
    .default([]),
  chart: ChartSpecSchema.nullable().default(null),
})
export type Interpretation = z.infer<typeof InterpretationSchema>

/** Typed table rows as entered; checked against the catalog item's table schema by the server. */
export const TableRowsSchema = z
  .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
  .max(20_000)

/** The longest title of a disclosure. */
export const DISCLOSURE_TITLE_MAX = 80
/** The longest text of a disclosure, and note of a corrected version or reason for a retraction (characters). */
export const DISCLOSURE_BODY_MAX = 20_000
export const DISCLOSURE_CHANGE_NOTE_MAX = 500
export const DISCLOSURE_RETRACT_REASON_MAX = 500

/** Body of `POST /api/v1/villages/:code/disclosures`: a new draft. A field it does not know is refused (400), never dropped. */
export const DisclosureCreateSchema = z.strictObject({
  catalogItemId: z.string().min(1).max(80),
  period: PeriodKeySchema,
  title: z
    .string()
    .trim()
    .min(2, '标题至少 2 个字')
    .max(DISCLOSURE_TITLE_MAX, `标题最多 ${DISCLOSURE_TITLE_MAX} 个字`),
  body: z.string().trim().max(DISCLOSURE_BODY_MAX).default(''),
  interpretation: InterpretationSchema.nullable().default(null),
  rows: TableRowsSchema.nullable().default(null),
  /** Named figures the disclosure states (公开的标准数额), compared with the government's. @default [] */
  figures: FiguresSchema.optional(),
})
export type DisclosureCreateReq = z.infer<typeof DisclosureCreateSchema>

/**
 * The revision of a draft a client read (`revision` of the staff view; every save raises it). Sent with an edit or a
 * submit, a draft saved by someone else since answers 409 `disclosure_stale` instead of being overwritten or sent
 * unseen (docs/api.md, "Editing a draft").
 */
export const DisclosureRevisionSchema = z
  .number('请刷新页面后再试')
  .int('请刷新页面后再试')
  .min(0, '请刷新页面后再试')
  .max(Number.MAX_SAFE_INTEGER, '请刷新页面后再试')

/**
 * Body of `PATCH /api/v1/disclosures/:id`: edits to a draft. Only the fields sent are written; fields left out stay
 * as they are, including another person's edit saved meanwhile.
 */
export const DisclosureUpdateSchema = z.strictObject({
  /** The revision the edit was made on; without it the fields sent are written over whatever is stored. */
  revision: DisclosureRevisionSchema.optional(),
  title: z.string().trim().min(2).max(80).optional(),
  body: z.string().trim().max(DISCLOSURE_BODY_MAX).optional(),
  interpretation: InterpretationSchema.nullable().optional(),
  rows: TableRowsSchema.nullable().optional(),
  /** Replaces the named figures (an empty list removes them). */
  figures: FiguresSchema.optional(),
})
export type DisclosureUpdateReq = z.infer<typeof DisclosureUpdateSchema>

/** Body of `POST /api/v1/disclosures/:id/submit` (may be empty). */
export const DisclosureSubmitSchema = z
  .object({
    /**
     * The secretary has checked the rows whose name contradicts the village roster for their 户号 and confirms
     * them as they are. @default false
     */
    confirmRosterMismatches: z.boolean().default(false),
    /**
     * The list of this period has no rows and that is what is disclosed (本月无支出: a monthly statement is due even
     * when nothing was spent). Without it an empty list answers 422 `table_empty`. @default false
     */
    confirmNoRows: z.boolean().default(false),
    /** The revision the secretary saw (after their last save); a draft changed since is 409 `disclosure_stale`. */
    revision: DisclosureRevisionSchema.optional(),
  })
  .default({ confirmRosterMismatches: false, confirmNoRows: false })
export type DisclosureSubmitReq = z.infer<typeof DisclosureSubmitSchema>

/**
 * The revision of a draft under review as the reviewer's page loaded it (the review queue's `revision`): a draft the
 * village changed since (returned, edited and sent again) is 409 `disclosure_stale`, never approved unseen. Required:
 * a page from before it was sent is refused (400) rather than checked the old way (docs/api.md, "Reviewing a draft").
 */
const ReviewedRevisionSchema = seenRevisionSchema('再审核', 0)

/** Body of `POST /api/v1/disclosures/:id/review`. */
export const DisclosureReviewSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    comment: z.string().trim().max(500).optional(),
    revision: ReviewedRevisionSchema,
  }),
  z.object({
    decision: z.literal('return'),
    comment: z.string().trim().min(1, '请写明退回原因').max(500),
    revision: ReviewedRevisionSchema,
  }),
])
export type DisclosureReviewReq = z.infer<typeof DisclosureReviewSchema>

/** Body of `POST /api/v1/disclosures/:id/versions`: start a corrected version of a published disclosure. */
export const DisclosureVersionSchema = z.object({
  changeNote: z.string().trim().min(2, '请说明更改了什么').max(DISCLOSURE_CHANGE_NOTE_MAX),
})

/** Body of `POST /api/v1/disclosures/:id/retract`. */
export const DisclosureRetractSchema = z.object({
  reason: z.string().trim().min(2, '请写明撤回原因').max(DISCLOSURE_RETRACT_REASON_MAX),
})

/**
 * Who may retract a published version, and withdraw one of its attachments (a photo of an ID card attached by
 * mistake): the village's secretary and the township and county above it (docs/versions.md).
 */
export const RETRACTING_ROLES = ['secretary', 'township', 'county'] as const

/** Body of `POST /api/v1/disclosures/:id/attachments/:fileId/withdraw`: why the file is taken down (shown to all). */
export const AttachmentWithdrawSchema = z.object({
  reason: z.string().trim().min(2, '请写明撤下原因').max(200),
})
export type AttachmentWithdrawReq = z.infer<typeof AttachmentWithdrawSchema>

/**
 * Query of adding or deleting a draft's attachment (`POST /api/v1/disclosures/:id/attachments`, `DELETE …/:fileId`):
 * the revision of the draft the page shows. A draft saved by someone else since answers 409 `disclosure_stale`, as an
 * edit does, so that the page does not take in a newer revision without its content (docs/api.md, "Editing a draft").
 */
export const DisclosureRevisionQuerySchema = z.object({
  revision: z.coerce.number('请刷新页面后再试').pipe(DisclosureRevisionSchema).optional(),
})

/** Params with a disclosure id. */
export const DisclosureParamsSchema = z.object({ id: ObjectIdSchema })

/** Params of `GET /api/v1/disclosures/:id/versions/:version`: any version's id of the series, and the version wanted. */
export const DisclosureVersionParamsSchema = z.object({
  id: ObjectIdSchema,
  version: z.coerce.number().int().min(1).max(10_000),
})

/** Query of the village feed. */
export const FeedQuerySchema = z.object({
  /** A catalog domain id to filter by. */
  domainId: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
})

/** Query of the secretary's list of their village's disclosures. */
export const DisclosureListQuerySchema = z.object({
  status: DisclosureStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

/** Longest search query (characters, as `textLength` counts them). */
export const SEARCH_QUERY_MAX = 50

/** Query of `GET /api/v1/search`. */
export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, '请输入关键词').max(SEARCH_QUERY_MAX),
  /** Search within this village, or a township/county (all villages below it). */
  regionCode: DivisionCodeSchema,
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

/** An attachment as listed on a disclosure. */
export const AttachmentDtoSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
})
export type AttachmentDto = z.infer<typeof AttachmentDtoSchema>

/** An attachment taken down after publication: its file is gone; the page shows 附件已撤下 with the reason. */
export const WithdrawnAttachmentDtoSchema = z.object({
  id: z.string(),
  withdrawnAt: z.string(),
  reason: z.string(),
})
export type WithdrawnAttachmentDto = z.infer<typeof WithdrawnAttachmentDtoSchema>

/** A presented table: only the columns and values the audience may see, with totals. */
export const PresentedTableDtoSchema = z.object({
  title: z.string(),
  columns: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.string(),
      masked: z.boolean(),
      unit: z.string().optional(),
      total: z.boolean().optional(),
    }),
  ),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  totals: z.record(z.string(), z.number()),
  rowCount: z.number().int(),
  omittedRowCount: z.number().int(),
})
export type PresentedTableDto = z.infer<typeof PresentedTableDtoSchema>

/**
 * The rows of a version's table that differ from the previous version the reader may see, compared by row key (the
 * columns that identify a household) on the rows as presented to that reader.
 */
export const RowChangesDtoSchema = z.object({
  /** The version compared with. */
  sinceVersion: z.number().int(),
  /** One mark per row of `table.rows`: `added`, `changed`, or null when the row is as it was. */
  marks: z.array(z.enum(['added', 'changed']).nullable()),
  added: z.number().int(),
  changed: z.number().int(),
  /** Rows of the compared version that are gone. */
  removed: z.number().int(),
  /**
   * One entry per row of `table.rows`: for a `changed` row, the cells that changed with their value in version
   * `sinceVersion` and now, as the reader sees both (the same columns, masks and scrubbing as the table; a column the
   * reader is not shown never appears); null for the other rows. Absent in answers kept from before it existed.
   */
  cells: z
    .array(
      z
        .array(
          z.object({
            column: z.string(),
            before: z.union([z.string(), z.number(), z.boolean(), z.null()]),
            after: z.union([z.string(), z.number(), z.boolean(), z.null()]),
          }),
        )
        .nullable(),
    )
    .optional(),
})
export type RowChangesDto = z.infer<typeof RowChangesDtoSchema>

/** A disclosure as the public (villagers) see it. */
export const DisclosureDtoSchema = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  catalogItemId: z.string(),
  catalogItemName: z.string(),
  domainId: z.string(),
  period: z.string(),
  version: z.number().int(),
  status: DisclosureStatusSchema,
  title: z.string(),
  body: z.string(),
  interpretation: InterpretationSchema.nullable(),
  /** Named figures the village entered (public facts, shown to everyone). */
  figures: z.array(FigureSchema),
  table: PresentedTableDtoSchema.nullable(),
  attachments: z.array(AttachmentDtoSchema),
  /** Attachments withdrawn after publication (附件已撤下); absent in answers kept from before it existed. */
  withdrawnAttachments: z.array(WithdrawnAttachmentDtoSchema).optional(),
  changeNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  postingUntil: z.string().nullable(),
  retractReason: z.string().nullable(),
  reviewComment: z.string().nullable(),
  /**
   * Staff view only: whose review the last decision was, 乡镇 or 县里 (a returned draft says who returned it); null
   * when unknown (reviewed before it was recorded). Optional in answers kept from before it existed.
   */
  reviewOffice: z.enum(['乡镇', '县里']).nullable().optional(),
  /**
   * Staff view only: rows whose name contradicts the village roster for their 户号, in plain words (第3行：户号002在
   * 户籍名册上是李秀英，表中为黄春生). @default []
   */
  rosterMismatches: z.array(z.string()).optional(),
  /** Staff view only: the stored revision, sent back with an edit or a submit (`DisclosureRevisionSchema`). */
  revision: z.number().int().optional(),
  /**
   * Published in place of a retired (撤并) village (docs/catalog.md "A retired village"): the code and name of the
   * village it merged into, or of the township or county above it, whichever drafted or submitted it. Absent for
   * the village's own.
   */
  successor: z.object({ regionCode: z.string(), name: z.string() }).optional(),
  /**
   * Staff view only: true for a 四议两公开 decision's 决议公开, whose title, text and table are written from the
   * recorded meeting and refused if changed (422; docs/decisions.md); its interpretation and figures may be edited.
   * Absent otherwise.
   */
  generatedFromDecision: z.boolean().optional(),
  /** The alignment badge: filled by the alignment feature; `unknown` until then. */
  alignment: z.object({
    status: z.string(),
    label: z.string(),
    /** A superseded version's badge (status `superseded`) links to the version that replaced it. */
    supersededBy: z.object({ id: z.string(), version: z.number().int() }).optional(),
  }),
  /**
   * A single disclosure opened by id or version: its table rows changed since the previous version (v2 on). Under
   * 与我相关: the household's own rows changed since the previous public version.
   */
  rowChanges: RowChangesDtoSchema.nullable().optional(),
  /** 与我相关 only: where the household's own rows differ from the government's list, and who is checking. */
  householdAlignment: HouseholdAlignmentDtoSchema.nullable().optional(),
})
export type DisclosureDto = z.infer<typeof DisclosureDtoSchema>

/** One entry of the version history. */
export const DisclosureVersionDtoSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: DisclosureStatusSchema,
  changeNote: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** What changed against the previous version, in plain words. */
  changes: z.array(z.string()),
})
export type DisclosureVersionDto = z.infer<typeof DisclosureVersionDtoSchema>
