import { Types } from 'mongoose'
import type { CellValue, TableImportKind, TableSchema } from '@cunwu/domain'
import { ErrorCode, GOVERNMENT_ROWS_MAX } from '@cunwu/domain'
import type { ImportIssue, ImportResult, VillageRef } from '@cunwu/tables'
import { TableFileError, detectAmountUnits, detectSheet, importRowsAsync, readTableFile } from '@cunwu/tables'
import { AppError, conflict, notFound } from '../errors'
import type { Logger } from '../logger'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { StagedRoster, TableImport, TableImportIssue } from '../models/TableImport.model'
import type { User } from '../models/User.model'
import { governmentTableOf } from './alignment-catalog'
import type { Actor, AuditService } from './audit.service'
import type { DisclosuresService } from './disclosures.service'
import { catalogItemOf } from './disclosures.service'
import type { GovernmentItemsService } from './government-items.service'
import { VILLAGE_KEY, VILLAGE_LABEL, rowsInvalid } from './government-items.service'
import type { GovernmentRowsService } from './government-rows.service'

const DAY_MS = 86_400_000
/** An import still "processing" this long after its last change was cut off (the process restarted). */
const STALE_MS = 5 * 60_000
/** What each kind of import accepts: village tables are a few thousand rows; a county roster covers 700 villages. */
const LIMITS: Record<TableImportKind, { maxRows: number; maxBytes: number }> = {
  disclosure: { maxRows: 20_000, maxBytes: 10 * 1024 * 1024 },
  government_item: { maxRows: GOVERNMENT_ROWS_MAX, maxBytes: 30 * 1024 * 1024 },
}
/** Sheet rows allowed beyond the data rows: titles, the header, 合计 and 制表人 lines. */
const SHEET_EXTRA_ROWS = 100
/** Largest upload per kind (the route's policy and the reader's limit agree). */
export const IMPORT_MAX_BYTES = {
  disclosure: LIMITS.disclosure.maxBytes,
  government_item: LIMITS.government_item.maxBytes,
}
const PREVIEW_ROWS = 20
/** Problems kept on the import (all are counted). */
const KEPT_ISSUES = 200
/** Bytes of the uploaded file per stored chunk. */
const FILE_CHUNK_BYTES = 8 * 1024 * 1024
/** Progress is written at most this often: enough for a progress bar, cheap for the database. */
const PROGRESS_EVERY_MS = 200

/** What an import fills, given when it starts. */
export type ImportTarget =
  | { kind: 'disclosure'; villageCode: string; catalogItemId: string }
  | { kind: 'government_item'; governmentItemId: string }

/** What applying an import changed. */
export type AppliedImport =
  { kind: 'disclosure'; disclosure: Disclosure } | { kind: 'government_item'; governmentItem: GovernmentItem }

function noTable(): AppError {
  return new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能导入')
}

function schemaOf(doc: Pick<TableImport, 'kind' | 'catalogItemId'>): TableSchema {
  const item = catalogItemOf(doc.catalogItemId)
  const table = doc.kind === 'government_item' ? governmentTableOf(item) : item.table
  if (!table) throw noTable()
  return table
}

/** Keys of the required columns (and, for a government roster, the village column) that have no source column. */
function unmappedOf(
  doc: Pick<TableImport, 'kind'>,
  schema: TableSchema,
  mapping: Record<string, number | null>,
  villageColumn: number | null,
): string[] {
  const missing = schema.columns
    .filter((c) => c.required && (mapping[c.key] ?? null) === null)
    .map((c) => c.key)
  if (doc.kind === 'government_item' && villageColumn === null) missing.push(VILLAGE_KEY)
  return missing
}

function unmappedFailure(headerRow: number | null, unmapped: readonly string[]): string | null {
  if (headerRow === null) return '没有找到表头，请确认表格里有一行列名'
  if (unmapped.length === 0) return null
  if (unmapped.length === 1 && unmapped[0] === VILLAGE_KEY)
    return '没有找到“村名”或“区划代码”列，请选出所属村对应的列'
  return '有必填列没有对应，请选择对应的列'
}

/**
 * Excel/CSV imports of a catalog item's table, read and checked in the background with progress, for a village
 * disclosure (the secretary) or for a township or county roster covering many villages (a village column, by code
 * or name). A roster that passes its check is written at once as a roster no item points at (`staged`), so applying
 * it is a single write; a village table is converted afresh from the kept file when applied. All rows or none.
 */
export function createTableImportsService(deps: {
  models: Models
  audit: AuditService
  disclosures: DisclosuresService
  governmentItems: GovernmentItemsService
  rows: Pick<GovernmentRowsService, 'write' | 'release'>
  logger?: Logger
}) {
  const { TableImport: Imports, TableImportChunk: Chunks } = deps.models

  /** Issues as stored: the table column's key instead of its label (the message names the column already). */
  function issuesOf(schema: TableSchema, issues: readonly ImportIssue[]): TableImportIssue[] {
    const keyOf = new Map<string, string>(schema.columns.map((c) => [c.label, c.key]))
    keyOf.set(VILLAGE_LABEL, VILLAGE_KEY)
    return issues.slice(0, KEPT_ISSUES).map((i) => ({
      row: i.row,
      column: i.column === null ? null : (keyOf.get(i.column) ?? i.column),
      code: i.code,
      message: i.message,
    }))
  }

  /** Keeps the uploaded file in chunks; returns how many. */
  async function storeFile(importId: Types.ObjectId, data: Buffer, expiresAt: Date): Promise<number> {
    const docs = []
    for (let at = 0, seq = 0; at < data.length; at += FILE_CHUNK_BYTES, seq++) {
      docs.push({ importId, seq, data: data.subarray(at, at + FILE_CHUNK_BYTES), expiresAt })
    }
    for (const doc of docs) await Chunks.create(doc)
    return docs.length
  }

  /** Reads the kept file again and returns the cells of the sheet the import uses. */
  async function loadCells(doc: TableImport): Promise<string[][]> {
    if (doc.fileChunks === 0 || doc.sheetIndex === null)
      throw conflict('文件没有读成功，请重新上传', ErrorCode.InvalidTransition)
    // Not lean: mongoose turns the stored binary back into a Buffer.
    const chunks = await Chunks.find({ importId: doc._id, seq: { $lt: doc.fileChunks } }).sort({ seq: 1 })
    if (chunks.length !== doc.fileChunks)
      throw conflict('导入已过期，请重新上传', ErrorCode.InvalidTransition)
    const limits = LIMITS[doc.kind]
    const file = await readTableFile(Buffer.concat(chunks.map((c) => c.data)), {
      filename: doc.filename,
      maxRows: limits.maxRows + SHEET_EXTRA_ROWS,
      maxBytes: limits.maxBytes,
    })
    return file.sheets[doc.sheetIndex]?.rows ?? []
  }

  async function villagesFor(doc: Pick<TableImport, 'kind' | 'regionCode'>): Promise<VillageRef[]> {
    return doc.kind === 'government_item' ? deps.governmentItems.villagesBelow(doc.regionCode) : []
  }

  /** Converts and checks the rows below the header; a government roster's village column must name known villages. */
  async function convert(
    doc: TableImport,
    cells: readonly string[][],
    onProgress?: (p: { done: number; total: number }) => void,
  ): Promise<ImportResult> {
    const schema = schemaOf(doc)
    if (doc.headerRow === null) return { ok: false, errors: [], errorCount: 0 }
    const villages = await villagesFor(doc)
    return importRowsAsync(cells, schema, doc.mapping, {
      headerRow: doc.headerRow,
      amountUnits: doc.amountUnits,
      maxErrors: KEPT_ISSUES,
      ...(onProgress ? { onProgress } : {}),
      ...(doc.kind === 'government_item' && doc.villageColumn !== null
        ? { villageColumn: { index: doc.villageColumn, villages } }
        : {}),
    })
  }

  /**
   * Check number `run` of an import: converts every row (progress written as it goes) and, for a roster that
   * passed, writes it as a staged roster. Returns what to record; nothing is recorded here.
   */
  async function evaluate(doc: TableImport, cells: readonly string[][], run: number) {
    const schema = schemaOf(doc)
    let lastWrite = 0
    const result = await convert(doc, cells, (p) => {
      const now = Date.now()
      if (now - lastWrite < PROGRESS_EVERY_MS && p.done < p.total) return
      lastWrite = now
      void Imports.updateOne({ _id: doc._id, run, status: 'processing' }, { $set: { progress: p } }).exec()
    })
    if (!result.ok) {
      return {
        staged: null,
        set: {
          status: 'failed' as const,
          stage: null,
          rowCount: 0,
          villageCount: 0,
          preview: [],
          cellErrors: issuesOf(schema, result.errors),
          errorCount: result.errorCount,
          warnings: [],
          warningCount: 0,
          staged: null,
        },
      }
    }
    let staged: StagedRoster | null = null
    if (doc.kind === 'government_item' && doc.governmentItemId) {
      await Imports.updateOne({ _id: doc._id, run, status: 'processing' }, { $set: { stage: 'saving' } })
      staged = await deps.rows.write(doc.governmentItemId, result.rows, result.villageCodes ?? [])
    }
    return {
      staged,
      set: {
        status: 'ready' as const,
        stage: null,
        rowCount: result.rows.length,
        villageCount: new Set(result.villageCodes ?? []).size,
        preview: result.rows.slice(0, PREVIEW_ROWS),
        cellErrors: [],
        errorCount: 0,
        warnings: issuesOf(schema, result.warnings),
        warningCount: result.warnings.length,
        declaredTotals: result.declaredTotals,
        sums: result.sums,
        failure: null,
        progress: { done: result.rows.length, total: result.rows.length },
        staged,
      },
    }
  }

  /**
   * Records the outcome of check `run` (with more fields), unless a later check started meanwhile: then the roster
   * it staged was never recorded, nobody can apply it, and it is released at once. A staged roster a later check
   * replaced is left to the sweep (an apply may still be on its way with it).
   */
  async function record(
    doc: TableImport,
    run: number,
    outcome: Awaited<ReturnType<typeof evaluate>> | null,
    more: Partial<TableImport> = {},
  ): Promise<void> {
    const res = await Imports.updateOne(
      { _id: doc._id, run },
      { $set: { ...more, ...(outcome?.set ?? {}), expiresAt: new Date(Date.now() + DAY_MS) } },
    )
    if (res.modifiedCount === 0) await deps.rows.release(outcome?.staged?.rosterId ?? null)
  }

  /** Reads the uploaded file, keeps it, detects the header and mapping, then checks (and stages) the rows. */
  async function process(doc: TableImport, data: Buffer): Promise<void> {
    const schema = schemaOf(doc)
    const limits = LIMITS[doc.kind]
    let sheets
    try {
      sheets = (
        await readTableFile(data, {
          filename: doc.filename,
          maxRows: limits.maxRows + SHEET_EXTRA_ROWS,
          maxBytes: limits.maxBytes,
        })
      ).sheets
    } catch (err) {
      if (!(err instanceof TableFileError)) throw err
      await record(doc, doc.run, null, { status: 'failed', stage: null, failure: err.message })
      return
    }
    const found = detectSheet(sheets, schema)
    const cells = (found ? sheets[found.sheetIndex]?.rows : undefined) ?? []
    const detection = found?.detection
    const headerRow = detection?.headerRow ?? null
    const mapping = detection?.mapping ?? Object.fromEntries(schema.columns.map((c) => [c.key, null]))
    const villageColumn = doc.kind === 'government_item' ? (detection?.villageColumn ?? null) : null
    const unmapped = unmappedOf(doc, schema, mapping, villageColumn)
    const failure = unmappedFailure(headerRow, unmapped)
    const fields = {
      sheetIndex: found?.sheetIndex ?? null,
      headerRow,
      sourceLabels: detection?.sourceLabels ?? [],
      mapping,
      villageColumn,
      amountUnits: detection?.amountUnits ?? {},
      unmappedRequired: unmapped,
      failure,
      status: failure ? ('failed' as const) : ('processing' as const),
      stage: failure ? null : ('checking' as const),
      progress: { done: 0, total: Math.max(0, cells.length - (headerRow ?? 0) - 1) },
    }
    await Imports.updateOne({ _id: doc._id, run: doc.run }, { $set: fields })
    // The file is kept while the rows are checked; the outcome counts only once both are done.
    const [fileChunks, outcome] = await Promise.all([
      storeFile(doc._id, data, new Date(Date.now() + DAY_MS)),
      failure ? Promise.resolve(null) : evaluate({ ...doc, ...fields }, cells, doc.run),
    ])
    await record(doc, doc.run, outcome, { fileChunks })
  }

  async function load(id: string): Promise<TableImport> {
    const doc = Types.ObjectId.isValid(id) ? await Imports.findById(id).lean() : null
    if (!doc) throw notFound('导入任务')
    if (doc.status === 'processing' && Date.now() - doc.updatedAt.getTime() > STALE_MS) {
      const failure = '导入被中断，请重新上传'
      await Imports.updateOne(
        { _id: doc._id, status: 'processing', run: doc.run },
        { $set: { status: 'failed', stage: null, failure } },
      )
      return { ...doc, status: 'failed', stage: null, failure }
    }
    return doc
  }

  async function markApplied(doc: TableImport): Promise<void> {
    await Imports.updateOne({ _id: doc._id, run: doc.run, status: 'ready' }, { $set: { status: 'applied' } })
  }

  function governmentRowsInvalid(
    schema: TableSchema,
    errors: readonly TableImportIssue[],
    errorCount: number,
  ): AppError {
    const labelOf = (key: string | null) =>
      key === VILLAGE_KEY ? VILLAGE_LABEL : (schema.columns.find((c) => c.key === key)?.label ?? null)
    return rowsInvalid(
      errors.map((e) => ({
        row: e.row,
        column: e.column,
        label: labelOf(e.column),
        code: e.code,
        message: e.message,
      })),
      errorCount,
    )
  }

  async function applyToGovernmentItem(doc: TableImport, actor: Actor): Promise<GovernmentItem> {
    const schema = schemaOf(doc)
    if (doc.status === 'processing')
      throw conflict('还在检查表格，请等检查完成后再导入', ErrorCode.InvalidTransition)
    if (doc.status === 'applied') throw conflict('该导入已使用', ErrorCode.InvalidTransition)
    if (doc.status === 'failed') {
      if (doc.errorCount > 0) throw governmentRowsInvalid(schema, doc.cellErrors, doc.errorCount)
      throw new AppError(422, ErrorCode.UnprocessableEntity, doc.failure ?? '文件没有读成功，请重新上传')
    }
    if (!doc.governmentItemId) throw notFound('政府公开事项')
    if (!doc.staged) throw conflict('导入已过期，请重新上传', ErrorCode.InvalidTransition)
    const g = await deps.governmentItems.adoptRoster(doc.governmentItemId.toHexString(), doc.staged, actor, {
      importId: doc._id.toHexString(),
      filename: doc.filename,
    })
    await markApplied(doc)
    return g
  }

  async function applyToDisclosure(
    doc: TableImport,
    disclosureId: string,
    actor: Actor,
  ): Promise<Disclosure> {
    if (doc.status !== 'ready') throw conflict('导入还没有成功，不能使用', ErrorCode.InvalidTransition)
    const d = await deps.disclosures.load(disclosureId)
    if (d.regionCode !== doc.regionCode || d.catalogItemId !== doc.catalogItemId) {
      throw new AppError(422, ErrorCode.UnprocessableEntity, '导入的表格与该公开事项不一致')
    }
    const result = await convert(doc, await loadCells(doc))
    if (!result.ok) {
      const errors = issuesOf(schemaOf(doc), result.errors)
      throw new AppError(
        422,
        ErrorCode.TableRowsInvalid,
        `表格有 ${result.errorCount} 处错误，没有导入`,
        true,
        {
          errors,
          errorCount: result.errorCount,
        },
      )
    }
    const rows: Record<string, CellValue>[] = result.rows
    const updated = await deps.disclosures.update(disclosureId, { rows }, actor)
    await markApplied(doc)
    return updated
  }

  return {
    load,

    /** The region an import belongs to and what it fills (for authorization). */
    async ownerOf(id: string): Promise<Pick<TableImport, 'kind' | 'regionCode'> | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Imports.findById(id, { kind: 1, regionCode: 1 }).lean()) ?? undefined
    },

    /**
     * Starts an import: the file is read, stored and checked in the background. Answers at once with the import
     * (`processing`); its progress and outcome are read with `load`.
     */
    async start(target: ImportTarget, file: UploadedFile, user: User, actor: Actor): Promise<TableImport> {
      let base: Pick<TableImport, 'kind' | 'regionCode' | 'catalogItemId' | 'governmentItemId'>
      if (target.kind === 'disclosure') {
        base = {
          kind: target.kind,
          regionCode: target.villageCode,
          catalogItemId: target.catalogItemId,
          governmentItemId: null,
        }
      } else {
        const item = await deps.governmentItems.load(target.governmentItemId)
        if (item.status !== 'draft')
          throw conflict('已发布的内容不能直接修改，请发布新版本', ErrorCode.InvalidTransition)
        base = {
          kind: target.kind,
          regionCode: item.regionCode,
          catalogItemId: item.catalogItemId,
          governmentItemId: item._id,
        }
      }
      schemaOf(base)
      const doc = (
        await Imports.create({
          ...base,
          createdBy: user._id,
          filename: file.filename,
          status: 'processing',
          stage: 'reading',
          run: 1,
          progress: { done: 0, total: 0 },
          staged: null,
          expiresAt: new Date(Date.now() + DAY_MS),
        })
      ).toObject()
      await deps.audit.record(actor, {
        action: 'table_import.start',
        targetType: 'table_import',
        targetId: doc._id.toHexString(),
        regionCode: doc.regionCode,
        data: {
          kind: doc.kind,
          catalogItemId: doc.catalogItemId,
          governmentItemId: doc.governmentItemId?.toHexString() ?? null,
          filename: file.filename,
          bytes: file.data.length,
        },
      })
      process(doc, file.data).catch((err: unknown) => {
        deps.logger?.error({ err, importId: doc._id.toHexString() }, 'table import failed')
        void Imports.updateOne(
          { _id: doc._id, run: doc.run },
          { $set: { status: 'failed', stage: null, failure: '导入出错，请重试' } },
        ).exec()
      })
      return doc
    },

    /**
     * Checks the rows again with a corrected header row, column mapping and (government rosters) village column;
     * waits for the outcome (the cells are already stored).
     */
    async remap(
      id: string,
      headerRow: number,
      mapping: Record<string, number | null>,
      villageColumn: number | null | undefined,
    ): Promise<TableImport> {
      const doc = await load(id)
      if (doc.status === 'applied') throw conflict('该导入已使用', ErrorCode.InvalidTransition)
      if (doc.stage === 'reading') throw conflict('还在读取文件，请稍候', ErrorCode.InvalidTransition)
      if (doc.kind === 'disclosure' && villageColumn !== undefined && villageColumn !== null) {
        throw new AppError(400, ErrorCode.ValidationError, '村里的表格没有所属村一列')
      }
      const schema = schemaOf(doc)
      const cells = await loadCells(doc)
      const width = Math.max(0, ...cells.map((r) => r.length))
      if (headerRow >= cells.length) throw new AppError(400, ErrorCode.ValidationError, '表头行超出表格范围')
      for (const [key, index] of Object.entries(mapping)) {
        if (!schema.columns.some((c) => c.key === key))
          throw new AppError(400, ErrorCode.ValidationError, `未知的列：${key}`)
        if (index !== null && index >= width)
          throw new AppError(400, ErrorCode.ValidationError, `列 ${key} 超出表格范围`)
      }
      const village = villageColumn === undefined ? doc.villageColumn : villageColumn
      if (village !== null && village >= width)
        throw new AppError(400, ErrorCode.ValidationError, '所属村一列超出表格范围')
      const twin = village === null ? undefined : schema.columns.find((c) => mapping[c.key] === village)
      if (twin) throw new AppError(400, ErrorCode.ValidationError, `所属村和「${twin.label}」对应了同一列`)
      const unmapped = unmappedOf(doc, schema, mapping, village)
      const failure = unmappedFailure(headerRow, unmapped)
      const fields = {
        headerRow,
        sourceLabels: [...(cells[headerRow] ?? [])],
        mapping,
        villageColumn: village,
        amountUnits: detectAmountUnits(cells, headerRow, schema, mapping),
        unmappedRequired: unmapped,
        failure,
        status: failure ? ('failed' as const) : ('processing' as const),
        stage: failure ? null : ('checking' as const),
        rowCount: 0,
        preview: [],
        cellErrors: [],
        errorCount: 0,
        warnings: [],
        warningCount: 0,
        staged: null,
        progress: { done: 0, total: Math.max(0, cells.length - headerRow - 1) },
      }
      const updated = await Imports.findOneAndUpdate(
        { _id: doc._id, status: { $ne: 'applied' } },
        { $set: fields, $inc: { run: 1 } },
        { returnDocument: 'after' },
      ).lean()
      if (!updated) throw conflict('该导入已使用', ErrorCode.InvalidTransition)
      if (!failure) await record(updated, updated.run, await evaluate(updated, cells, updated.run))
      return load(id)
    },

    /**
     * Applies a ready import in one step, all rows or none: to a draft of the same village and catalog item
     * (`disclosureId`), or to the government item the import was started for. Rows that fail now (a village
     * renamed meanwhile) or failed before give a 422 with the rows.
     */
    async apply(
      id: string,
      target: { disclosureId?: string | undefined },
      actor: Actor,
    ): Promise<AppliedImport> {
      const doc = await load(id)
      if (doc.kind === 'government_item') {
        if (target.disclosureId)
          throw new AppError(400, ErrorCode.ValidationError, '政府名单导入到它所属的事项，不需要指定村务公开')
        return { kind: 'government_item', governmentItem: await applyToGovernmentItem(doc, actor) }
      }
      if (!target.disclosureId)
        throw new AppError(400, ErrorCode.ValidationError, '请指定要放入的草稿（disclosureId）')
      return { kind: 'disclosure', disclosure: await applyToDisclosure(doc, target.disclosureId, actor) }
    },
  }
}

export type TableImportsService = ReturnType<typeof createTableImportsService>
