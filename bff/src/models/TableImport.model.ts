import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { TableImportKindSchema, TableImportStageSchema, TableImportStatusSchema } from '@cunwu/domain'
import type {
  CellValue,
  TableImportKind,
  TableImportSheetUse,
  TableImportSkipReason,
  TableImportStage,
  TableImportStatus,
} from '@cunwu/domain'
import type { RosterVillage } from './GovernmentItem.model'
import { CLAIM_FIELD, type Claim } from './claim'

/** A problem found while importing, located by spreadsheet row and table column key. */
export interface TableImportIssue {
  row: number
  column: string | null
  code: string
  message: string
}

/** One worksheet of the file, as the check found it. */
export interface TableImportSheetInfo {
  name: string
  dataRows: number
  use: TableImportSheetUse
  overlapsWith?: string
}

/** A sheet whose rows the import takes (several when a workbook keeps one sheet per 村民小组). */
export interface TableImportUsedSheet {
  sheetIndex: number
  name: string
  headerRow: number
  mapping: Record<string, number | null>
  villageColumn: number | null
  amountUnits: Record<string, 'yuan' | 'wan_yuan'>
  sourceLabels: string[]
}

/** A row with something in it that was not imported. */
export interface TableImportSkippedRow {
  row: number
  reason: TableImportSkipReason
  sheet?: string
}

/**
 * An Excel/CSV import for a catalog item's table: read, mapped and validated in the background so the
 * mini-program can show progress, then applied in one step (all rows or none). It fills a village disclosure's
 * table (`disclosure`) or a township or county roster covering many villages (`government_item`). The uploaded
 * file is kept in `TableImportChunk` documents, so a corrected column mapping is checked again without a new
 * upload. A roster that passed its check is already written (`staged`, a roster no item points at yet), so
 * applying it is one write that points the item at it; a village table is converted afresh when applied.
 */
export interface TableImport {
  _id: Types.ObjectId
  kind: TableImportKind
  /** The village (disclosure) or the township or county (government item) the import belongs to. */
  regionCode: string
  catalogItemId: string
  /** The government item a government import fills; null for a village table. */
  governmentItemId: Types.ObjectId | null
  createdBy: Types.ObjectId
  filename: string
  status: TableImportStatus
  /**
   * While an apply holds the import (status `applied` from its claim until its write ends; lib/claims.ts): who and
   * since when. Null once the write is done or given back; one older than CLAIM_LEASE_MS was left by a crash.
   */
  applyClaim?: Claim | null
  /** While processing: reading the file, checking its rows, then (rosters) saving them. */
  stage: TableImportStage | null
  /** Bumped by each check (upload, corrected mapping): a late result of an earlier check is dropped. */
  run: number
  /** Rows processed so far, for the progress bar. */
  progress: { done: number; total: number }
  /** Chunks of the uploaded file stored (0 until the file was read). */
  fileChunks: number
  /** The sheet of the workbook that holds the table (the first used; its header and mapping are below). */
  sheetIndex: number | null
  /** Every sheet of the file and whether it is used. */
  sheets?: TableImportSheetInfo[]
  /** The sheets whose rows are imported, with their own header and mapping (applying reads the same). */
  usedSheets?: TableImportUsedSheet[]
  /** Rows with something in them that were not imported (the first 500). */
  skippedRows?: TableImportSkippedRow[]
  skippedCount?: number
  headerRow: number | null
  sourceLabels: string[]
  mapping: Record<string, number | null>
  /** Government imports: 0-based column naming each row's village. */
  villageColumn: number | null
  /** Amount columns whose source is in 万元 (from the header or a 单位：万元 line). */
  amountUnits: Record<string, 'yuan' | 'wan_yuan'>
  unmappedRequired: string[]
  rowCount: number
  villageCount: number
  /** The first rows as converted. */
  preview: Record<string, CellValue>[]
  cellErrors: TableImportIssue[]
  errorCount: number
  warnings: TableImportIssue[]
  warningCount: number
  declaredTotals: Record<string, number> | null
  sums: Record<string, number> | null
  /** Government imports that passed their check: the roster already written, waiting to be applied. */
  staged: StagedRoster | null
  /** A message for a failure that is not about cells (unreadable file, no header found). */
  failure: string | null
  expiresAt: Date
  createdAt: Date
  updatedAt: Date
}

/** A roster written by a check, and what the item records when it is applied. */
export interface StagedRoster {
  rosterId: Types.ObjectId
  rowCount: number
  rosterVillages: RosterVillage[]
  villageCodes: string[]
}

const stagedSchema = new Schema<StagedRoster>(
  {
    rosterId: { type: Schema.Types.ObjectId, required: true },
    rowCount: { type: Number, required: true },
    rosterVillages: { type: [{ _id: false, code: String, rows: Number }], default: [] },
    villageCodes: { type: [String], default: [] },
  },
  { _id: false },
)

const issueSchema = new Schema<TableImportIssue>(
  { row: Number, column: { type: String, default: null }, code: String, message: String },
  { _id: false },
)

const tableImportSchema = new Schema<TableImport>(
  {
    kind: { type: String, required: true, enum: TableImportKindSchema.options, default: 'disclosure' },
    regionCode: { type: String, required: true },
    catalogItemId: { type: String, required: true },
    governmentItemId: { type: Schema.Types.ObjectId, default: null },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    filename: { type: String, required: true },
    status: { type: String, required: true, enum: TableImportStatusSchema.options },
    applyClaim: CLAIM_FIELD,
    stage: { type: String, enum: TableImportStageSchema.options, default: null },
    run: { type: Number, default: 0 },
    progress: { done: { type: Number, default: 0 }, total: { type: Number, default: 0 } },
    fileChunks: { type: Number, default: 0 },
    sheetIndex: { type: Number, default: null },
    sheets: {
      type: [
        {
          _id: false,
          name: String,
          dataRows: Number,
          use: String,
          overlapsWith: { type: String, default: undefined },
        },
      ],
      default: [],
    },
    usedSheets: { type: Schema.Types.Mixed, default: () => [] },
    skippedRows: {
      type: [{ _id: false, row: Number, reason: String, sheet: { type: String, default: undefined } }],
      default: [],
    },
    skippedCount: { type: Number, default: 0 },
    headerRow: { type: Number, default: null },
    sourceLabels: { type: [String], default: [] },
    mapping: { type: Schema.Types.Mixed, default: {} },
    villageColumn: { type: Number, default: null },
    amountUnits: { type: Schema.Types.Mixed, default: {} },
    unmappedRequired: { type: [String], default: [] },
    rowCount: { type: Number, default: 0 },
    villageCount: { type: Number, default: 0 },
    preview: { type: Schema.Types.Mixed, default: () => [] },
    cellErrors: { type: [issueSchema], default: [] },
    errorCount: { type: Number, default: 0 },
    warnings: { type: [issueSchema], default: [] },
    warningCount: { type: Number, default: 0 },
    declaredTotals: { type: Schema.Types.Mixed, default: null },
    sums: { type: Schema.Types.Mixed, default: null },
    staged: { type: stagedSchema, default: null },
    failure: { type: String, default: null },
    // Imports are working files: they disappear a day after their last change.
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { timestamps: true, minimize: false },
)
// Rosters a ready import still waits to apply are not swept as abandoned.
tableImportSchema.index({ 'staged.rosterId': 1 }, { sparse: true })

/** Registers (once) and returns the TableImport model on a connection. */
export function tableImportModel(conn: Connection): Model<TableImport> {
  return conn.models.TableImport ?? conn.model<TableImport>('TableImport', tableImportSchema)
}
