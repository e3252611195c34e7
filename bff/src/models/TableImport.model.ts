import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { CellValue } from '@cunwu/domain'

/** A problem found while importing, located by spreadsheet row and column. */
export interface TableImportIssue {
  row: number
  column: string | null
  code: string
  message: string
}

/**
 * An Excel/CSV import for a catalog item's table: read, mapped and validated in the background so the
 * mini-program can show progress; its rows are applied to a draft in one step (nothing partially saved).
 */
export interface TableImport {
  _id: Types.ObjectId
  regionCode: string
  catalogItemId: string
  createdBy: Types.ObjectId
  filename: string
  status: 'processing' | 'ready' | 'failed' | 'applied'
  /** Rows processed so far, for the progress bar. */
  progress: { done: number; total: number }
  /** The sheet's cells as read, so a corrected column mapping can be validated again without a new upload. */
  sourceCells: string[][]
  headerRow: number | null
  sourceLabels: string[]
  mapping: Record<string, number | null>
  unmappedRequired: string[]
  rows: Record<string, CellValue>[] | null
  cellErrors: TableImportIssue[]
  errorCount: number
  warnings: TableImportIssue[]
  declaredTotals: Record<string, number> | null
  sums: Record<string, number> | null
  /** A message for a failure that is not about cells (unreadable file, no header found). */
  failure: string | null
  expiresAt: Date
  createdAt: Date
  updatedAt: Date
}

const issueSchema = new Schema<TableImportIssue>(
  { row: Number, column: { type: String, default: null }, code: String, message: String },
  { _id: false },
)

const tableImportSchema = new Schema<TableImport>(
  {
    regionCode: { type: String, required: true },
    catalogItemId: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    filename: { type: String, required: true },
    status: { type: String, required: true, enum: ['processing', 'ready', 'failed', 'applied'] },
    progress: { done: { type: Number, default: 0 }, total: { type: Number, default: 0 } },
    sourceCells: { type: [[String]], default: [] },
    headerRow: { type: Number, default: null },
    sourceLabels: { type: [String], default: [] },
    mapping: { type: Schema.Types.Mixed, default: {} },
    unmappedRequired: { type: [String], default: [] },
    rows: { type: [Schema.Types.Mixed], default: null },
    cellErrors: { type: [issueSchema], default: [] },
    errorCount: { type: Number, default: 0 },
    warnings: { type: [issueSchema], default: [] },
    declaredTotals: { type: Schema.Types.Mixed, default: null },
    sums: { type: Schema.Types.Mixed, default: null },
    failure: { type: String, default: null },
    // Imports are working files: they disappear a day after their last change.
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { timestamps: true },
)

/** Registers (once) and returns the TableImport model on a connection. */
export function tableImportModel(conn: Connection): Model<TableImport> {
  return conn.models.TableImport ?? conn.model<TableImport>('TableImport', tableImportSchema)
}
