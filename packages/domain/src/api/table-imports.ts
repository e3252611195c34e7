import { z } from 'zod'
import { DisclosureCreateSchema, DisclosureRevisionSchema, ObjectIdSchema } from './disclosures'

/**
 * What an Excel/CSV import fills: a village disclosure's table (`disclosure`, by the secretary) or the roster of a
 * township or county item (`government_item`, rows of many villages with a village column).
 */
export const TableImportKindSchema = z.enum(['disclosure', 'government_item'])
export type TableImportKind = z.infer<typeof TableImportKindSchema>

/** Where an import stands: read and checked in the background, then used once. */
export const TableImportStatusSchema = z.enum(['processing', 'ready', 'failed', 'applied'])
export type TableImportStatus = z.infer<typeof TableImportStatusSchema>
/** What a processing import is doing: reading the file, checking its rows, saving them. */
export const TableImportStageSchema = z.enum(['reading', 'checking', 'saving'])
export type TableImportStage = z.infer<typeof TableImportStageSchema>

/** Query of `POST /api/v1/villages/:code/table-imports` (multipart, one `file`): the catalog item whose table it fills. */
export const TableImportStartQuerySchema = z.object({ catalogItemId: z.string().min(1).max(80) })

/** Params with an import id. */
export const TableImportParamsSchema = z.object({ id: ObjectIdSchema })

/**
 * Body of `POST /api/v1/table-imports/:id/mapping`: which worksheet, and which spreadsheet column feeds which table
 * column. `sheetIndex` alone reads another sheet with its header and columns found afresh.
 */
export const TableImportRemapSchema = z
  .object({
    /**
     * 0-based worksheet whose rows are imported (from the import's `sheets`); only that sheet's rows are imported
     * then. @default the first sheet the import used
     */
    sheetIndex: z.number().int().min(0).max(1000).optional(),
    /** 0-based row of the header in the sheet. */
    headerRow: z.number().int().min(0).optional(),
    /** Table column key → 0-based spreadsheet column, or null to leave the column empty. */
    mapping: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().int().min(0).max(500).nullable())
      .optional(),
    /**
     * 0-based spreadsheet column naming each row's village (12-digit code or name); government imports only.
     * @default the column detected or chosen before
     */
    villageColumn: z.number().int().min(0).max(500).nullable().optional(),
  })
  .refine((b) => (b.headerRow === undefined) === (b.mapping === undefined), {
    message: '表头在第几行和各列的对应要一起选',
    path: ['mapping'],
  })
  .refine((b) => b.headerRow !== undefined || b.sheetIndex !== undefined, {
    message: '请选择工作表，或填写表头行和列的对应',
    path: ['headerRow'],
  })
export type TableImportRemapReq = z.infer<typeof TableImportRemapSchema>

/** A new draft as an import creates it: what `POST /villages/:code/disclosures` takes, less the item and rows. */
export const TableImportDraftSchema = DisclosureCreateSchema.omit({ catalogItemId: true, rows: true })
export type TableImportDraftReq = z.infer<typeof TableImportDraftSchema>

/**
 * Body of `POST /api/v1/table-imports/:id/apply`. A village table import names the draft its rows go into, or, when
 * there is no draft yet, gives the draft to create with them; a government import goes into the item it was started
 * for, so its body is `{}`.
 */
export const TableImportApplySchema = z
  .object({
    disclosureId: ObjectIdSchema.optional(),
    /**
     * With `disclosureId`: the revision of the draft the page shows; a draft saved by someone else since answers 409
     * `disclosure_stale` and the import can be applied again after a reload.
     */
    revision: DisclosureRevisionSchema.optional(),
    /** The draft to create with the imported rows (its period, title, text…): the import's item, in its village. */
    draft: TableImportDraftSchema.optional(),
  })
  .refine((b) => !(b.disclosureId && b.draft), {
    message: '请只选一处：放进已有的草稿，或新建一份草稿',
    path: ['draft'],
  })
export type TableImportApplyReq = z.infer<typeof TableImportApplySchema>

const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** A problem found in the file, located by spreadsheet row (1-based, as Excel shows it) and table column. */
export const TableImportIssueSchema = z.object({
  row: z.number().int(),
  /** Table column key (`village` for the village column of a government roster), or null for the whole row or table. */
  column: z.string().nullable(),
  /** Stable snake_case code, e.g. `invalid_amount`, `unknown_village`, `total_mismatch`. */
  code: z.string(),
  /** Full sentence in plain Chinese with the row and column, e.g. 第 12 行「补贴金额」：不是有效金额（1,2a4.50）. */
  message: z.string(),
})
export type TableImportIssue = z.infer<typeof TableImportIssueSchema>

/** Why a worksheet is or is not imported (docs/spreadsheet-imports.md, "Workbooks with several sheets"). */
export const TableImportSheetUseSchema = z.enum([
  'used',
  'instructions',
  'hidden',
  'no_header',
  'other_columns',
  'not_chosen',
  'overlaps',
])
export type TableImportSheetUse = z.infer<typeof TableImportSheetUseSchema>

/** One worksheet of the file: its name, its rows below the header and whether its rows are imported. */
export const TableImportSheetSchema = z.object({
  /** 0-based position in the workbook (what the mapping request's `sheetIndex` takes). */
  index: z.number().int(),
  name: z.string(),
  dataRows: z.number().int(),
  use: TableImportSheetUseSchema,
  /** With `overlaps`: the imported sheet that has the same households (or is another period, or a total). */
  overlapsWith: z.string().optional(),
})
export type TableImportSheet = z.infer<typeof TableImportSheetSchema>

/** Why a row with something in it was not imported. */
export const TableImportSkipReasonSchema = z.enum(['totals', 'column_numbers', 'footer', 'no_data', 'hidden'])
export type TableImportSkipReason = z.infer<typeof TableImportSkipReasonSchema>

/** What each reason is called on the screen. */
export const SKIP_REASON_LABELS: Record<TableImportSkipReason, string> = {
  totals: '合计、小计行',
  column_numbers: '栏次行（列的编号）',
  footer: '表格下方的说明、落款',
  no_data: '只有序号或备注、没有姓名和金额的行',
  hidden: '隐藏的行',
}

/** Rows not imported for one reason (in one sheet), by spreadsheet row, with a sentence for the secretary. */
export const TableImportSkippedSchema = z.object({
  reason: TableImportSkipReasonSchema,
  /** The worksheet, when rows of several sheets were imported. */
  sheet: z.string().nullable(),
  /** Spreadsheet rows (1-based, as Excel shows them). */
  rows: z.array(z.number().int()),
  /** e.g. 第 5、8、9 行是合计、小计行，没有导入. */
  message: z.string(),
})
export type TableImportSkipped = z.infer<typeof TableImportSkippedSchema>

/** An import as the BFF reports it while it runs and once it is done (a preview, never every row). */
export const TableImportDtoSchema = z.object({
  id: z.string(),
  kind: TableImportKindSchema,
  catalogItemId: z.string(),
  /** The government item a government import fills; null for a village table import. */
  governmentItemId: z.string().nullable(),
  filename: z.string(),
  status: TableImportStatusSchema,
  /**
   * While processing: `reading` the file, `checking` its rows (progress counts the rows checked), then `saving`
   * them (a roster is written while it waits to be applied, so applying it is one step).
   */
  stage: TableImportStageSchema.nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** Every worksheet of the file (a CSV has one) and whether its rows are imported; empty until the file is read. */
  sheets: z.array(TableImportSheetSchema).default([]),
  /** The sheet the header, labels and mapping below belong to (the first sheet imported), or null. */
  sheetIndex: z.number().int().nullable().default(null),
  headerRow: z.number().int().nullable(),
  /** Labels of the header row by spreadsheet column ('' for a blank cell). */
  sourceLabels: z.array(z.string()),
  mapping: z.record(z.string(), z.number().int().nullable()),
  /** Government imports: the spreadsheet column naming each row's village, or null when none was found. */
  villageColumn: z.number().int().nullable(),
  unmappedRequired: z.array(z.string()),
  /** Rows that passed every check (0 while any row has an error: all or nothing). */
  rowCount: z.number().int(),
  /** Government imports: how many villages the rows cover. */
  villageCount: z.number().int(),
  /** The first rows as they will be saved (amounts in fen). */
  preview: z.array(z.record(z.string(), CellSchema)),
  /** The first problems (at most 200); `errorCount` counts them all. */
  errors: z.array(TableImportIssueSchema),
  errorCount: z.number().int(),
  /**
   * Things to check that do not block the import (a 合计 row that differs from the sum…): the first 100 about rows
   * and cells, and every one about a column or the whole sheet.
   */
  warnings: z.array(TableImportIssueSchema),
  /** How many warnings there are in all: more than `warnings` lists when a file has many (「另有 N 条提示未列出」). */
  warningCount: z.number().int(),
  /** Rows with something in them that were not imported (合计行, 栏次行, 表尾…), grouped by reason; blank rows are not listed. */
  skipped: z.array(TableImportSkippedSchema).default([]),
  /** How many rows are in `skipped` in all (the lists keep the first 500). */
  skippedCount: z.number().int().default(0),
  declaredTotals: z.record(z.string(), z.number()).nullable(),
  sums: z.record(z.string(), z.number()).nullable(),
  /** Why the file could not be used at all (unreadable, no header found…), or null. */
  failure: z.string().nullable(),
})
export type TableImportDto = z.infer<typeof TableImportDtoSchema>
