import type { TableSchema } from '@cunwu/domain'
import type { RowSource } from '@cunwu/domain'
import type {
  AmountUnit,
  ImportedRow,
  ImportFailure,
  ImportSuccess,
  SheetReport,
  VillageRef,
} from '@cunwu/tables'

/**
 * What the main thread and the table-import worker (table-import.worker.ts) say to each other. Pure types and
 * rules: the worker imports this file and @cunwu/tables only, never mongoose or the services.
 */

/** Limits of one import's file (the upload limit, rows and columns counted while reading, inflated bytes). */
export interface ParseLimits {
  maxBytes: number
  maxRows: number
  maxColumns: number
  maxInflatedBytes: number
}

/** One sheet to import: which, its header row and columns. */
export interface GivenSheet {
  sheetIndex: number
  headerRow: number
  mapping: Record<string, number | null>
  villageColumn: number | null
  /** Stored units, or null to detect them from the header (a corrected header row). */
  amountUnits: Record<string, AmountUnit> | null
}

/**
 * Which sheets, headers and columns to use: detected from the file (every sheet with the table's columns,
 * detectSheets), or as stored on the import (one sheet after a corrected mapping, or the sheets detected).
 */
export type ParsePlan =
  | {
      mode: 'detect'
      /** Only this sheet, its header and columns found afresh (the secretary chose another sheet). */
      sheetIndex?: number
    }
  | {
      mode: 'given'
      /** The sheets, in workbook order; their rows are imported together. */
      sheets: GivenSheet[]
      /** Check the plan against the sheet (a correction sent by a client) and answer `invalid` when it does not fit. */
      checkBounds: boolean
    }

/** One parse: the file, its limits and schema, the villages of a roster, and what to send back. */
export interface ParseRequest {
  bytes: Uint8Array
  filename: string
  limits: ParseLimits
  schema: TableSchema
  /** Government rosters: the key reported for a missing village column, and the villages rows may name. */
  village: { key: string; villages: VillageRef[] } | null
  plan: ParsePlan
  /** Send every converted row back (a roster to stage, a table to apply), or only the preview. */
  wantRows: boolean
  previewRows: number
  maxErrors: number
}

/** A sheet the import uses, as the worker found it (kept on the import, so applying reads the same sheets). */
export interface UsedSheet {
  sheetIndex: number
  name: string
  headerRow: number
  mapping: Record<string, number | null>
  villageColumn: number | null
  amountUnits: Record<string, AmountUnit>
  sourceLabels: string[]
  /** Table columns two source columns fitted equally well when detected (a warning names both). */
  ambiguous?: { key: string; chosen: number; other: number }[]
}

/**
 * The sheets the import uses, as the worker found them. The single fields are the first used sheet's (the one the
 * mapping screen shows); `used` lists every sheet whose rows are imported.
 */
export interface SheetFacts {
  /** Every sheet of the file with its name, rows and whether it is used. */
  sheets: SheetReport[]
  used: UsedSheet[]
  sheetIndex: number | null
  headerRow: number | null
  sourceLabels: string[]
  mapping: Record<string, number | null>
  villageColumn: number | null
  amountUnits: Record<string, AmountUnit>
  /** Required column keys (and the village key) without a source column. */
  unmappedRequired: string[]
  /** Rows below the header, over every used sheet. */
  dataRows: number
}

/** The outcome of converting the rows, without the rows themselves (they come in `rows` messages). */
export type ParseOutcome =
  | (Omit<ImportSuccess, 'rows' | 'villageCodes' | 'sourceRows'> & {
      preview: ImportedRow[]
    })
  | ImportFailure

/**
 * Messages from the main thread: a parse, and `'more'` for the next batch of rows. A worker serves one parse at a
 * time and is given the next one only after it answered done, refused or invalid (it is kept warm between them).
 */
export type MainMessage = { type: 'parse'; request: ParseRequest } | 'more'

/**
 * Messages from the worker, in this order: sheet, then progress and rows interleaved (rows in sheet order, as they
 * pass), then done; or refused / invalid at any point. The main thread answers each `rows` message with `'more'`
 * once it has taken the batch; the worker sends a few batches ahead, and `done` only once every batch was taken.
 * Rows sent before `done` reports a failure are not imported.
 */
export type WorkerMessage =
  | { type: 'sheet'; sheet: SheetFacts }
  | { type: 'progress'; done: number; total: number }
  | { type: 'rows'; rows: ImportedRow[]; villageCodes: string[] | null; sources: RowSource[] }
  /** `outcome` is null when the rows were not converted (no header, or required columns unmapped). */
  | { type: 'done'; outcome: ParseOutcome | null }
  /** The file itself was refused (a TableFileError code and its message). */
  | { type: 'refused'; code: string; message: string }
  /** A given plan does not fit the sheet (header row or a column out of range). */
  | { type: 'invalid'; message: string }

/** Keys of the required columns (and, for a roster, the village column) that have no source column. */
export function unmappedOf(
  schema: TableSchema,
  mapping: Record<string, number | null>,
  villageColumn: number | null,
  villageKey: string | null,
): string[] {
  const missing = schema.columns
    .filter((c) => c.required && (mapping[c.key] ?? null) === null)
    .map((c) => c.key)
  if (villageKey !== null && villageColumn === null) missing.push(villageKey)
  return missing
}
