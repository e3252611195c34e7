import { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import type { TableSchema } from '@cunwu/domain'
import { TableFileError, detectSheet, importRowsAsync, readTableFile } from '@cunwu/tables'
import type { ImportResult } from '@cunwu/tables'
import { AppError, conflict, notFound } from '../errors'
import type { Logger } from '../logger'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { TableImport } from '../models/TableImport.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { DisclosuresService } from './disclosures.service'
import { catalogItemOf } from './disclosures.service'

const DAY_MS = 86_400_000
/** An import still "processing" after this long was cut off (the process restarted). */
const STALE_MS = 5 * 60_000
/** Village tables are a few thousand rows at most; this keeps the stored cells well inside a document. */
const MAX_ROWS = 20_000

function schemaOf(itemId: string): TableSchema {
  const table = catalogItemOf(itemId).table
  if (!table) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能导入')
  return table
}

/** Excel/CSV imports of a catalog item's table, processed in the background with progress. */
export function createTableImportsService(deps: {
  models: Models
  audit: AuditService
  disclosures: DisclosuresService
  logger?: Logger
}) {
  const { TableImport: Imports } = deps.models

  async function validateInto(id: Types.ObjectId, schema: TableSchema, cells: string[][], headerRow: number, mapping: Record<string, number | null>) {
    let lastWrite = 0
    const result: ImportResult = await importRowsAsync(cells, schema, mapping, {
      headerRow,
      onProgress: (p) => {
        // Progress is written at most every 200 ms: enough for a progress bar, cheap for the database.
        const now = Date.now()
        if (now - lastWrite < 200 && p.done < p.total) return
        lastWrite = now
        void Imports.updateOne({ _id: id, status: 'processing' }, { $set: { progress: p } }).exec()
      },
    })
    const base = { expiresAt: new Date(Date.now() + DAY_MS) }
    if (result.ok) {
      await Imports.updateOne(
        { _id: id },
        {
          $set: {
            ...base,
            status: 'ready',
            rows: result.rows,
            cellErrors: [],
            errorCount: 0,
            warnings: result.warnings.map(issue),
            declaredTotals: result.declaredTotals,
            sums: result.sums,
            progress: { done: result.rows.length, total: result.rows.length },
          },
        },
      )
    } else {
      await Imports.updateOne(
        { _id: id },
        { $set: { ...base, status: 'failed', rows: null, cellErrors: result.errors.map(issue), errorCount: result.errorCount } },
      )
    }
  }

  async function load(id: string): Promise<TableImport> {
    const doc = Types.ObjectId.isValid(id) ? await Imports.findById(id).lean() : null
    if (!doc) throw notFound('导入任务')
    if (doc.status === 'processing' && Date.now() - doc.updatedAt.getTime() > STALE_MS) {
      await Imports.updateOne({ _id: doc._id, status: 'processing' }, { $set: { status: 'failed', failure: '导入被中断，请重新上传' } })
      return { ...doc, status: 'failed', failure: '导入被中断，请重新上传' }
    }
    return doc
  }

  return {
    load,

    /** The village an import belongs to (for authorization). */
    async regionOf(id: string): Promise<string | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Imports.findById(id, { regionCode: 1 }).lean())?.regionCode
    },

    /**
     * Reads the file, finds the header and the column mapping, and starts validation in the background.
     * Returns at once with the import's id; its progress and result are read with `load`.
     */
    async start(villageCode: string, catalogItemId: string, file: UploadedFile, user: User, actor: Actor): Promise<TableImport> {
      const schema = schemaOf(catalogItemId)
      let sheets
      try {
        sheets = (await readTableFile(file.data, { filename: file.filename, maxRows: MAX_ROWS })).sheets
      } catch (err) {
        if (err instanceof TableFileError) {
          const status = err.code === 'file_too_large' || err.code === 'too_many_rows' ? 413 : err.code === 'unsupported_file_type' ? 415 : 422
          throw new AppError(status, status === 413 ? ErrorCode.FileTooLarge : status === 415 ? ErrorCode.UnsupportedFileType : ErrorCode.UnprocessableEntity, err.message)
        }
        throw err
      }
      const found = detectSheet(sheets, schema)
      const sheet = found ? sheets[found.sheetIndex] : undefined
      const detection = found?.detection
      const cells = sheet?.rows.map((r) => [...r]) ?? []
      const headerRow = detection?.headerRow ?? null
      const ready = detection && headerRow !== null && detection.unmappedRequired.length === 0
      const doc = await Imports.create({
        regionCode: villageCode,
        catalogItemId,
        createdBy: user._id,
        filename: file.filename,
        status: ready ? 'processing' : 'failed',
        progress: { done: 0, total: Math.max(0, cells.length - (headerRow ?? 0) - 1) },
        sourceCells: cells,
        headerRow,
        sourceLabels: detection?.sourceLabels ?? [],
        mapping: detection?.mapping ?? {},
        unmappedRequired: detection?.unmappedRequired ?? schema.columns.filter((c) => c.required).map((c) => c.key),
        failure: ready ? null : headerRow === null ? '没有找到表头，请确认表格第一行是列名' : '有必填列没有对应，请选择对应的列',
        expiresAt: new Date(Date.now() + DAY_MS),
      })
      await deps.audit.record(actor, {
        action: 'table_import.start',
        targetType: 'table_import',
        targetId: doc.id,
        regionCode: villageCode,
        data: { catalogItemId, filename: file.filename, rows: cells.length },
      })
      if (ready && detection && headerRow !== null) {
        validateInto(doc._id, schema, cells, headerRow, detection.mapping).catch((err: unknown) => {
          deps.logger?.error({ err }, 'table import failed')
          void Imports.updateOne({ _id: doc._id }, { $set: { status: 'failed', failure: '导入出错，请重试' } }).exec()
        })
      }
      return doc.toObject()
    },

    /** Validates again with a mapping the secretary corrected; waits for the result (the cells are already read). */
    async remap(id: string, headerRow: number, mapping: Record<string, number | null>): Promise<TableImport> {
      const doc = await load(id)
      if (doc.status === 'applied') throw conflict('该导入已使用', ErrorCode.InvalidTransition)
      const schema = schemaOf(doc.catalogItemId)
      const width = Math.max(0, ...doc.sourceCells.map((r) => r.length))
      if (headerRow >= doc.sourceCells.length) throw new AppError(400, ErrorCode.ValidationError, '表头行超出表格范围')
      for (const [key, index] of Object.entries(mapping)) {
        if (!schema.columns.some((c) => c.key === key)) throw new AppError(400, ErrorCode.ValidationError, `未知的列：${key}`)
        if (index !== null && index >= width) throw new AppError(400, ErrorCode.ValidationError, `列 ${key} 超出表格范围`)
      }
      const unmappedRequired = schema.columns.filter((c) => c.required && (mapping[c.key] ?? null) === null).map((c) => c.key)
      await Imports.updateOne(
        { _id: doc._id },
        { $set: { status: unmappedRequired.length ? 'failed' : 'processing', headerRow, mapping, unmappedRequired, failure: unmappedRequired.length ? '有必填列没有对应，请选择对应的列' : null } },
      )
      if (!unmappedRequired.length) await validateInto(doc._id, schema, doc.sourceCells, headerRow, mapping)
      return load(id)
    },

    /** Puts a ready import's rows into a draft of the same village and catalog item, in one write. */
    async apply(id: string, disclosureId: string, actor: Actor) {
      const doc = await load(id)
      if (doc.status !== 'ready' || !doc.rows) throw conflict('导入还没有成功，不能使用', ErrorCode.InvalidTransition)
      const d = await deps.disclosures.load(disclosureId)
      if (d.regionCode !== doc.regionCode || d.catalogItemId !== doc.catalogItemId) {
        throw new AppError(422, ErrorCode.UnprocessableEntity, '导入的表格与该公开事项不一致')
      }
      const updated = await deps.disclosures.update(disclosureId, { rows: doc.rows }, actor)
      await Imports.updateOne({ _id: doc._id }, { $set: { status: 'applied' } })
      return updated
    },
  }
}

function issue(i: { row: number; column: string | null; code: string; message: string }) {
  return { row: i.row, column: i.column, code: i.code, message: i.message }
}

export type TableImportsService = ReturnType<typeof createTableImportsService>
