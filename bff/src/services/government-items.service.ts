import { Types } from 'mongoose'
import type { CatalogItem, CellValue, GovernmentItemCreateReq, GovernmentItemUpdateReq, TableCellError, TableSchema } from '@cunwu/domain'
import { CATALOG_VERSION, ErrorCode, findCatalogItem, isPeriodKeyFor, levelOfCode, validateTableRows } from '@cunwu/domain'
import { TableFileError, createVillageResolver, detectSheet, importRowsAsync, readTableFile } from '@cunwu/tables'
import { AppError, conflict, notFound } from '../errors'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { User } from '../models/User.model'
import { regionPrefix } from '../policies/region.policy'
import { governmentTableOf, isGovernmentItem } from './alignment-catalog'
import type { Actor, AuditService } from './audit.service'

/** Hooks the government item lifecycle calls after each step (alignment recompute). */
export interface GovernmentItemHooks {
  onPublished?(g: GovernmentItem, previous: GovernmentItem | null): Promise<void>
  onRetracted?(g: GovernmentItem): Promise<void>
}

/** The key of a row's village in request bodies (a 12-digit code or the village's name). */
export const VILLAGE_KEY = 'village'
const MAX_IMPORT_ROWS = 50_000

/** One problem with a government row, 1-based like the secretary's table errors. */
export interface GovernmentRowError {
  row: number
  column: string | null
  label: string | null
  message: string
}

function rowsInvalid(errors: GovernmentRowError[], errorCount: number): AppError {
  return new AppError(422, ErrorCode.GovernmentRowsInvalid, `名单有 ${errorCount} 处错误，没有保存，请修改后重新提交`, true, {
    errors: errors.slice(0, 200),
    errorCount,
  })
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 11000
}

/**
 * Government items (政务公开) of townships and counties: draft → published → superseded | retracted.
 * No review step: the township or county office publishing within its own region is the accountable publisher
 * (a village needs the township's review because the township is its supervisor; the government side has no such
 * supervisor in this system). Every step is audited, and a change is a new version, as for village disclosures.
 */
export function createGovernmentItemsService(deps: { models: Models; audit: AuditService; hooks?: GovernmentItemHooks }) {
  const { GovernmentItem: Items, Region } = deps.models
  const hooks = deps.hooks ?? {}

  function catalogItem(id: string): CatalogItem {
    const item = findCatalogItem(id)
    if (!item) throw notFound('公开事项')
    return item
  }

  async function villagesBelow(regionCode: string) {
    return Region.find({ _id: { $regex: `^${regionPrefix(regionCode)}` }, level: 'village' }, { name: 1 }).lean()
  }

  /** Validates rows and resolves each row's village; all or nothing (422 with every row's problem). */
  async function checkRows(regionCode: string, table: TableSchema | null, raw: readonly Record<string, unknown>[] | null) {
    if (raw === null) return { rows: null, rowVillages: [], villageCodes: [] }
    if (!table) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能填写名单')
    const resolve = createVillageResolver((await villagesBelow(regionCode)).map((v) => ({ code: v._id, name: v.name })))
    const errors: GovernmentRowError[] = []
    let errorCount = 0
    const rowVillages: string[] = []
    const cells = raw.map((r, i) => {
      const { [VILLAGE_KEY]: village, ...rest } = r
      const match = typeof village === 'string' && village.trim() ? resolve(village) : { ok: false as const, reason: '没有填写所属村（区划代码或村名）' }
      if (match.ok) rowVillages.push(match.code)
      else {
        errorCount++
        errors.push({ row: i + 1, column: VILLAGE_KEY, label: '所属村', message: `第 ${i + 1} 行「所属村」：${match.reason}` })
      }
      return rest
    })
    const result = validateTableRows(table, cells)
    if (!result.ok) {
      errorCount += result.errorCount
      errors.push(...result.errors.map((e: TableCellError) => ({ ...e, message: `第 ${e.row} 行${e.label ? `「${e.label}」` : ''}：${e.message}` })))
    }
    if (errorCount > 0 || !result.ok) throw rowsInvalid(errors.sort((a, b) => a.row - b.row), errorCount)
    return { rows: result.rows, rowVillages, villageCodes: [...new Set(rowVillages)].sort() }
  }

  async function load(id: string): Promise<GovernmentItem> {
    const g = Types.ObjectId.isValid(id) ? await Items.findById(id).lean() : null
    if (!g) throw notFound('政府公开事项')
    return g
  }

  async function setDraftRows(current: GovernmentItem, patch: Partial<GovernmentItem>, actor: Actor, action: string, data: Record<string, unknown>) {
    const updated = await Items.findOneAndUpdate({ _id: current._id, status: 'draft' }, { $set: patch }, { returnDocument: 'after' }).lean()
    if (!updated) throw conflict('已发布的内容不能直接修改，请发布新版本', ErrorCode.InvalidTransition)
    await deps.audit.record(actor, { action, targetType: 'government_item', targetId: current._id.toHexString(), regionCode: current.regionCode, data })
    return updated
  }

  return {
    load,

    /** The township or county a government item belongs to (for authorization). */
    async regionOf(id: string): Promise<string | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Items.findById(id, { regionCode: 1 }).lean())?.regionCode
    },

    /** Creates a draft for a catalog item and period of a township or county. */
    async create(regionCode: string, req: GovernmentItemCreateReq, author: User, actor: Actor): Promise<GovernmentItem> {
      const level = levelOfCode(regionCode)
      if ((level !== 'township' && level !== 'county') || !(await Region.exists({ _id: regionCode }))) throw notFound('乡镇或县')
      const item = catalogItem(req.catalogItemId)
      if (!isGovernmentItem(item)) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项不由乡镇或县公开')
      const cadence = item.schedule?.cadence
      if (cadence && cadence !== 'immediate' && !isPeriodKeyFor(cadence, req.period)) {
        throw new AppError(422, ErrorCode.UnprocessableEntity, '期次格式与该事项的公开周期不符')
      }
      const checked = await checkRows(regionCode, governmentTableOf(item), req.rows)
      const seriesKey = `${regionCode}|${item.id}|${req.period}`
      if (await Items.exists({ seriesKey })) throw conflict('本期已有该事项，请在原有内容上修改或发布新版本', ErrorCode.DisclosureExists)
      try {
        const doc = await Items.create({
          regionCode,
          level,
          catalogItemId: item.id,
          catalogVersion: CATALOG_VERSION,
          period: req.period,
          seriesKey,
          version: 1,
          openKey: seriesKey,
          status: 'draft',
          title: req.title,
          body: req.body,
          figures: req.figures,
          ...checked,
          authorId: author._id,
        })
        await deps.audit.record(actor, {
          action: 'government_item.create',
          targetType: 'government_item',
          targetId: doc.id,
          regionCode,
          data: { catalogItemId: item.id, period: req.period, rows: checked.rows?.length ?? 0 },
        })
        return doc.toObject()
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('本期已有该事项', ErrorCode.DisclosureExists)
        throw err
      }
    },

    /** Edits a draft (rows are validated again, all or nothing). */
    async update(id: string, req: GovernmentItemUpdateReq, actor: Actor): Promise<GovernmentItem> {
      const current = await load(id)
      if (current.status !== 'draft') throw conflict('已发布的内容不能直接修改，请发布新版本', ErrorCode.InvalidTransition)
      const checked = req.rows === undefined ? {} : await checkRows(current.regionCode, governmentTableOf(catalogItem(current.catalogItemId)), req.rows)
      const patch: Partial<GovernmentItem> = { ...checked }
      if (req.title !== undefined) patch.title = req.title
      if (req.body !== undefined) patch.body = req.body
      if (req.figures !== undefined) patch.figures = req.figures
      return setDraftRows(current, patch, actor, 'government_item.update', { fields: Object.keys(req) })
    },

    /**
     * Imports an Excel/CSV roster into a draft: header and columns detected as for village tables, the village
     * column (村名 or 区划代码) resolved against the villages below the region. All rows or none (422 with rows).
     */
    async importFile(id: string, file: UploadedFile, actor: Actor): Promise<GovernmentItem> {
      const current = await load(id)
      if (current.status !== 'draft') throw conflict('已发布的内容不能直接修改，请发布新版本', ErrorCode.InvalidTransition)
      const table = governmentTableOf(catalogItem(current.catalogItemId))
      if (!table) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能导入')
      let sheets
      try {
        sheets = (await readTableFile(file.data, { filename: file.filename, maxRows: MAX_IMPORT_ROWS })).sheets
      } catch (err) {
        if (err instanceof TableFileError) {
          const status = err.code === 'file_too_large' || err.code === 'too_many_rows' ? 413 : err.code === 'unsupported_file_type' ? 415 : 422
          throw new AppError(status, status === 413 ? ErrorCode.FileTooLarge : status === 415 ? ErrorCode.UnsupportedFileType : ErrorCode.UnprocessableEntity, err.message)
        }
        throw err
      }
      const found = detectSheet(sheets, table)
      const detection = found?.detection
      const sheet = found ? sheets[found.sheetIndex] : undefined
      if (!sheet || !detection || detection.headerRow === null) throw new AppError(422, ErrorCode.UnprocessableEntity, '没有找到表头，请确认表格有列名')
      if (detection.unmappedRequired.length) {
        const labels = table.columns.filter((c) => detection.unmappedRequired.includes(c.key)).map((c) => c.label)
        throw new AppError(422, ErrorCode.UnprocessableEntity, `有必填列没有找到：${labels.join('、')}`, true, { unmappedRequired: detection.unmappedRequired })
      }
      if (detection.villageColumn === null) throw new AppError(422, ErrorCode.UnprocessableEntity, '没有找到“村名”或“区划代码”列，请加上所属村一列')
      const villages = (await villagesBelow(current.regionCode)).map((v) => ({ code: v._id, name: v.name }))
      const result = await importRowsAsync(sheet.rows.map((r) => [...r]), table, detection.mapping, {
        headerRow: detection.headerRow,
        amountUnits: detection.amountUnits,
        villageColumn: { index: detection.villageColumn, villages },
      })
      if (!result.ok) throw rowsInvalid(result.errors.map((e) => ({ row: e.row, column: e.column, label: null, message: e.message })), result.errorCount)
      const rowVillages = result.villageCodes ?? []
      const rows: Record<string, CellValue>[] = result.rows
      return setDraftRows(current, { rows, rowVillages, villageCodes: [...new Set(rowVillages)].sort() }, actor, 'government_item.import', {
        filename: file.filename,
        rows: rows.length,
        villages: new Set(rowVillages).size,
      })
    },

    /** Publishes a draft (superseding the previous version) and recomputes the alignments of the villages covered. */
    async publish(id: string, publisher: User, actor: Actor): Promise<GovernmentItem> {
      const current = await load(id)
      const item = catalogItem(current.catalogItemId)
      if (governmentTableOf(item) && (!current.rows || current.rows.length === 0) && current.figures.length === 0) {
        throw new AppError(422, ErrorCode.UnprocessableEntity, '请先填写或导入名单再发布')
      }
      const now = new Date()
      const g = await Items.findOneAndUpdate(
        { _id: current._id, status: 'draft' },
        { $set: { status: 'published', openKey: null, publishedBy: publisher._id, publishedAt: now } },
        { returnDocument: 'after' },
      ).lean()
      if (!g) throw conflict(`当前状态（${current.status}）不能发布`, ErrorCode.InvalidTransition)
      const previous = await Items.findOneAndUpdate(
        { seriesKey: g.seriesKey, _id: { $ne: g._id }, status: 'published' },
        { $set: { status: 'superseded', supersededAt: now } },
      ).lean()
      await deps.audit.record(actor, {
        action: 'government_item.publish',
        targetType: 'government_item',
        targetId: id,
        regionCode: g.regionCode,
        data: { version: g.version, supersedes: previous?._id.toHexString() ?? null, villages: g.villageCodes.length },
      })
      await hooks.onPublished?.(g, previous)
      return g
    },

    /** Starts a corrected version of a published item as a draft copying its content. */
    async newVersion(id: string, changeNote: string, author: User, actor: Actor): Promise<GovernmentItem> {
      const current = await load(id)
      if (current.status !== 'published') throw conflict('只有已发布的内容才能发布新版本', ErrorCode.InvalidTransition)
      const latest = await Items.findOne({ seriesKey: current.seriesKey }).sort({ version: -1 }).lean()
      try {
        const doc = await Items.create({
          ...current,
          _id: new Types.ObjectId(),
          version: (latest?.version ?? current.version) + 1,
          openKey: current.seriesKey,
          status: 'draft',
          changeNote,
          authorId: author._id,
          publishedBy: null,
          publishedAt: null,
          createdAt: undefined,
          updatedAt: undefined,
        })
        await deps.audit.record(actor, {
          action: 'government_item.new_version',
          targetType: 'government_item',
          targetId: doc.id,
          regionCode: current.regionCode,
          data: { from: id, version: doc.version, changeNote },
        })
        return doc.toObject()
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('已有一个未发布的新版本，请先处理它', ErrorCode.DisclosureExists)
        throw err
      }
    },

    /** Retracts a published item with a reason; the villages it covered lose their counterpart. */
    async retract(id: string, reason: string, actor: Actor): Promise<GovernmentItem> {
      const g = await Items.findOneAndUpdate(
        { _id: Types.ObjectId.isValid(id) ? id : null, status: 'published' },
        { $set: { status: 'retracted', retractedAt: new Date(), retractReason: reason } },
        { returnDocument: 'after' },
      ).lean()
      if (!g) {
        await load(id)
        throw conflict('只有已发布的内容才能撤回', ErrorCode.InvalidTransition)
      }
      await deps.audit.record(actor, { action: 'government_item.retract', targetType: 'government_item', targetId: id, regionCode: g.regionCode, data: { reason } })
      await hooks.onRetracted?.(g)
      return g
    },

    /** Government items of a township or county (newest first), without rows. */
    async list(regionCode: string, query: { catalogItemId?: string | undefined; period?: string | undefined; status?: GovernmentItem['status'] | undefined; limit: number }) {
      return Items.find(
        {
          regionCode,
          ...(query.catalogItemId ? { catalogItemId: query.catalogItemId } : {}),
          ...(query.period ? { period: query.period } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
        { rows: 0, rowVillages: 0 },
      )
        .sort({ updatedAt: -1 })
        .limit(query.limit)
        .lean()
    },
  }
}

/** The rows of one village in a government item. */
export function rowsOfVillage(g: Pick<GovernmentItem, 'rows' | 'rowVillages'>, villageCode: string): Record<string, CellValue>[] {
  return (g.rows ?? []).filter((_, i) => g.rowVillages[i] === villageCode)
}

export type GovernmentItemsService = ReturnType<typeof createGovernmentItemsService>
