import type { TableImportKind, TableSchema } from '@cunwu/domain'
import { ErrorCode, GOVERNMENT_ROWS_MAX, governmentTableOf } from '@cunwu/domain'
import type { ImportIssue, VillageRef } from '@cunwu/tables'
import { AppError } from '../errors'
import type { Models } from '../models'
import type { StagedRoster, TableImport, TableImportIssue } from '../models/TableImport.model'
import { catalogItemOf } from './catalog.service'
import { VILLAGE_KEY, VILLAGE_LABEL, rowsInvalid } from './government-item-rosters.service'
import type { GovernmentRowsService } from './government-rows.service'
import type { ParseResources, ParseRun } from '../imports/table-import-parser'
import { ParseRefused } from '../imports/table-import-parser'
import type { ParseLimits, ParsePlan, ParseRequest } from '../imports/table-import-protocol'

/**
 * The rules of checking an import, shared by the background job (first check of an upload) and the service
 * (a corrected mapping, applying a village table): limits per kind, the parse request, converting the outcome
 * into what the import records, staging a roster that passed, and the 422 for rows that failed.
 */

export const DAY_MS = 86_400_000
/** Sheet rows allowed beyond the data rows: titles, the header, 合计 and 制表人 lines. */
const SHEET_EXTRA_ROWS = 100
const MiB = 1024 * 1024

/**
 * What each kind of import accepts and may use: village tables are a few thousand rows; a county roster covers
 * 700 villages (200,000 rows). Inflated bytes: a 200,000-row roster's workbook inflates to about 120 MB
 * (BENCHMARKS.md); heap: what the worker needs for the cells and the converted rows of the largest file, with
 * room. V8 lets a heap grow towards its limit before collecting much, so a limit far above the need costs resident
 * memory: a 200,000-row roster peaked about 70 MB higher under 1536 MB than under 640 MB, with 130 MB live. Both
 * kinds use the same heap so that one warm worker serves both (table-import-workers.ts; an idle worker costs
 * 50-70 MB): at most two imports run at once (table-import-slots.ts), so the worst case stays two 640 MB heaps.
 */
export const IMPORT_LIMITS: Record<TableImportKind, ParseLimits & ParseResources> = {
  disclosure: {
    maxRows: 20_000 + SHEET_EXTRA_ROWS,
    maxBytes: 10 * MiB,
    maxColumns: 100,
    maxInflatedBytes: 128 * MiB,
    heapMb: 640,
    timeoutMs: 2 * 60_000,
  },
  government_item: {
    maxRows: GOVERNMENT_ROWS_MAX + SHEET_EXTRA_ROWS,
    maxBytes: 30 * MiB,
    maxColumns: 100,
    maxInflatedBytes: 384 * MiB,
    heapMb: 640,
    timeoutMs: 5 * 60_000,
  },
}

/** Largest upload per kind (the route's policy and the reader's limit agree). */
export const IMPORT_MAX_BYTES = {
  disclosure: IMPORT_LIMITS.disclosure.maxBytes,
  government_item: IMPORT_LIMITS.government_item.maxBytes,
}
const PREVIEW_ROWS = 20
/** Problems kept on the import (all are counted). */
const KEPT_ISSUES = 200
/** Progress is written at most this often: enough for a progress bar, cheap for the database. */
const PROGRESS_EVERY_MS = 200

function noTable(): AppError {
  return new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能导入')
}

/** The table an import fills: the catalog item's village table, or its government roster. */
export function schemaOf(doc: Pick<TableImport, 'kind' | 'catalogItemId'>): TableSchema {
  const item = catalogItemOf(doc.catalogItemId)
  const table = doc.kind === 'government_item' ? governmentTableOf(item) : item.table
  if (!table) throw noTable()
  return table
}

/** Issues as stored: the table column's key instead of its label (the message names the column already). */
export function issuesOf(schema: TableSchema, issues: readonly ImportIssue[]): TableImportIssue[] {
  const keyOf = new Map<string, string>(schema.columns.map((c) => [c.label, c.key]))
  keyOf.set(VILLAGE_LABEL, VILLAGE_KEY)
  return issues.slice(0, KEPT_ISSUES).map((i) => ({
    row: i.row,
    column: i.column === null ? null : (keyOf.get(i.column) ?? i.column),
    code: i.code,
    message: i.message,
  }))
}

/** The failure an import records when its header or required columns are missing (named), or null. */
export function unmappedFailure(
  schema: TableSchema,
  headerRow: number | null,
  unmapped: readonly string[],
): string | null {
  if (headerRow === null) return '没有找到表头，请确认表格里有一行列名'
  if (unmapped.length === 0) return null
  if (unmapped.length === 1 && unmapped[0] === VILLAGE_KEY)
    return '没有找到“村名”或“区划代码”列，请选出所属村对应的列'
  const names = unmapped.map((key) =>
    key === VILLAGE_KEY ? VILLAGE_LABEL : (schema.columns.find((c) => c.key === key)?.label ?? key),
  )
  return `表格里没有找到必填的列：${names.map((n) => `“${n}”`).join('、')}，请选出对应的列`
}

/** The parse of an import's file with a plan; rosters name their villages, and send every row to be staged. */
export function parseRequestFor(
  doc: Pick<TableImport, 'kind' | 'catalogItemId' | 'filename'>,
  data: Uint8Array,
  plan: ParsePlan,
  villages: VillageRef[] | null,
  wantRows: boolean,
): ParseRequest {
  return {
    bytes: data,
    filename: doc.filename,
    limits: IMPORT_LIMITS[doc.kind],
    schema: schemaOf(doc),
    village: doc.kind === 'government_item' ? { key: VILLAGE_KEY, villages: villages ?? [] } : null,
    plan,
    wantRows,
    previewRows: PREVIEW_ROWS,
    maxErrors: KEPT_ISSUES,
  }
}

/**
 * 422 for rows that fail, with the same row/column list for a village table (table_rows_invalid) as for a
 * government roster (government_rows_invalid): row, column key, column label, code, message.
 */
export function rowsInvalidFor(
  doc: Pick<TableImport, 'kind'>,
  schema: TableSchema,
  errors: readonly TableImportIssue[],
  errorCount: number,
): AppError {
  const labelOf = (key: string | null) =>
    key === VILLAGE_KEY ? VILLAGE_LABEL : (schema.columns.find((c) => c.key === key)?.label ?? null)
  const listed = errors.map((e) => ({
    row: e.row,
    column: e.column,
    label: labelOf(e.column),
    code: e.code,
    message: e.message,
  }))
  if (doc.kind === 'government_item') return rowsInvalid(listed, errorCount)
  return new AppError(422, ErrorCode.TableRowsInvalid, `表格有 ${errorCount} 处错误，没有导入`, true, {
    errors: listed,
    errorCount,
  })
}

/** What a check records on the import, and the roster it staged (government imports that passed). */
export interface CheckOutcome {
  staged: StagedRoster | null
  set: Partial<TableImport>
}

/** What the checks need from the rest of the BFF. */
export interface CheckDeps {
  models: Pick<Models, 'TableImport'>
  rows: Pick<GovernmentRowsService, 'openRoster' | 'release'>
}

/**
 * Check number `run` of an import: waits for the worker to convert every row (progress written as it goes) and,
 * for a roster that passed, writes it as a staged roster. Returns what to record; nothing is recorded here.
 */
export async function evaluateImport(
  deps: CheckDeps,
  doc: TableImport,
  run: number,
  parse: ParseRun,
): Promise<CheckOutcome> {
  const { TableImport: Imports } = deps.models
  const schema = schemaOf(doc)
  let lastWrite = 0
  parse.onProgress = (p) => {
    const now = Date.now()
    if (now - lastWrite < PROGRESS_EVERY_MS && p.done < p.total) return
    lastWrite = now
    void Imports.updateOne({ _id: doc._id, run, status: 'processing' }, { $set: { progress: p } }).exec()
  }
  // A roster is stored as its rows pass, while the rest of the sheet is checked, as a roster no item points at:
  // nobody sees it unless every row passes and the import is applied; otherwise it is deleted (or, after a crash,
  // swept). It is never held whole in the server's memory.
  const itemId = doc.kind === 'government_item' ? doc.governmentItemId : null
  const writer = itemId ? deps.rows.openRoster(itemId) : null
  const streaming = writer
    ? parse.streamRows(async (rows, villageCodes) => {
        await writer.add(rows, villageCodes ?? [])
      })
    : Promise.resolve()
  let result
  try {
    ;[result] = await Promise.all([parse.result, streaming])
  } catch (err) {
    // A store that failed while the collected rows were handed over stops the worker (nothing once the parse is
    // over). Only now: a cancel ends the parse at once, and its 'cancelled' must not hide the store's error.
    parse.cancel()
    await writer?.abort().catch(() => undefined)
    // The worker ran out of time or memory while converting: the file is refused like an unreadable one.
    if (!(err instanceof ParseRefused)) throw err
    return { staged: null, set: { status: 'failed', stage: null, failure: err.message, staged: null } }
  }
  const { outcome } = result
  if (outcome === null || !outcome.ok) {
    await writer?.abort()
    return {
      staged: null,
      set: {
        status: 'failed',
        stage: null,
        rowCount: 0,
        villageCount: 0,
        preview: [],
        cellErrors: outcome === null ? [] : issuesOf(schema, outcome.errors),
        errorCount: outcome?.errorCount ?? 0,
        warnings: [],
        warningCount: 0,
        skippedRows: [],
        skippedCount: 0,
        staged: null,
      },
    }
  }
  if (writer)
    await Imports.updateOne({ _id: doc._id, run, status: 'processing' }, { $set: { stage: 'saving' } })
  const staged: StagedRoster | null = writer ? await writer.finish() : null
  return {
    staged,
    set: {
      status: 'ready',
      stage: null,
      rowCount: outcome.rowCount,
      villageCount: staged?.villageCodes.length ?? 0,
      preview: outcome.preview,
      cellErrors: [],
      errorCount: 0,
      warnings: issuesOf(schema, outcome.warnings),
      warningCount: outcome.warningCount,
      skippedRows: outcome.skipped.rows.map((r) =>
        r.sheet === undefined ? { row: r.row, reason: r.reason } : { ...r },
      ),
      skippedCount: outcome.skipped.count,
      declaredTotals: outcome.declaredTotals,
      sums: outcome.sums,
      failure: null,
      progress: { done: outcome.rowCount, total: outcome.rowCount },
      staged,
    },
  }
}

/**
 * Records the outcome of check `run` (with more fields), unless a later check started meanwhile: then the roster
 * it staged was never recorded, nobody can apply it, and it is released at once. A staged roster a later check
 * replaced is left to the sweep (an apply may still be on its way with it).
 */
export async function recordOutcome(
  deps: CheckDeps,
  doc: Pick<TableImport, '_id'>,
  run: number,
  outcome: CheckOutcome | null,
  more: Partial<TableImport> = {},
): Promise<void> {
  const res = await deps.models.TableImport.updateOne(
    { _id: doc._id, run },
    { $set: { ...more, ...(outcome?.set ?? {}), expiresAt: new Date(Date.now() + DAY_MS) } },
  )
  if (res.modifiedCount === 0) await deps.rows.release(outcome?.staged?.rosterId ?? null)
}
