/**
 * Rosters of government items: checking rows a township or county submits (each row's village resolved below
 * it, all or nothing) and pointing a draft at a stored roster in one write (the flip), as an edit or an import.
 * The item lifecycle (create, publish, versions, retract) lives in government-items.service.ts.
 */
import type { QueryFilter } from 'mongoose'
import type { GovernmentRowError, TableCellError, TableRow, TableSchema } from '@cunwu/domain'
import { ErrorCode, validateTableRows } from '@cunwu/domain'
import type { VillageRef } from '@cunwu/tables'
import { createVillageResolver } from '@cunwu/tables'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import { regionPrefix } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { GovernmentRowsService, WrittenRoster } from './government-rows.service'

/** The key of a row's village in request bodies (a 12-digit code or the village's name). */
export const VILLAGE_KEY = 'village'
/** How the village column is named in messages. */
export const VILLAGE_LABEL = '所属村'

/** 422 government_rows_invalid: nothing was saved; details list the first 200 problems by row. */
export function rowsInvalid(errors: GovernmentRowError[], errorCount: number): AppError {
  return new AppError(
    422,
    ErrorCode.GovernmentRowsInvalid,
    `名单有 ${errorCount} 处错误，没有保存，请修改后重新提交`,
    true,
    {
      errors: errors.slice(0, 200),
      errorCount,
    },
  )
}

/** What an item records of a roster (or of no rows at all). */
export function rosterFields(
  written: WrittenRoster | null,
): Pick<GovernmentItem, 'rosterId' | 'rowCount' | 'rosterVillages' | 'villageCodes'> {
  if (!written) return { rosterId: null, rowCount: 0, rosterVillages: [], villageCodes: [] }
  return {
    rosterId: written.rosterId,
    rowCount: written.rowCount,
    rosterVillages: written.rosterVillages,
    villageCodes: written.villageCodes,
  }
}

/** 409 for changing an item that is no longer a draft, saying what the officer can do from its status. */
export function notDraft(status: GovernmentItem['status'] | undefined): AppError {
  const message =
    status === 'retracted'
      ? '已撤回的内容不能修改；如需更正，请从它发布新版本，改好后重新发布'
      : status === 'superseded'
        ? '这是旧版本，不能修改；请在最新版本上发布新版本'
        : '已发布的内容不能直接修改，请发布新版本'
  return conflict(message, ErrorCode.InvalidTransition)
}

/** Roster checks and draft writes of government items. */
export class GovernmentRosters {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      rows: GovernmentRowsService
      /** Loads an item by id (404 when there is none). */
      load(id: string): Promise<GovernmentItem>
    },
  ) {}

  /** The villages below a township or county, which its rows may name. */
  async villagesBelow(regionCode: string): Promise<VillageRef[]> {
    const found = await this.deps.models.Region.find(
      { _id: { $regex: `^${regionPrefix(regionCode)}` }, level: 'village' },
      { name: 1 },
    ).lean()
    return found.map((v) => ({ code: v._id, name: v.name }))
  }

  /** Validates rows and resolves each row's village; all or nothing (422 with every row's problem). */
  async checkRows(regionCode: string, table: TableSchema | null, raw: readonly Record<string, unknown>[]) {
    if (!table) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能填写名单')
    const resolve = createVillageResolver(await this.villagesBelow(regionCode))
    const errors: GovernmentRowError[] = []
    let errorCount = 0
    const rowVillages: string[] = []
    const cells = raw.map((r, i) => {
      const { [VILLAGE_KEY]: village, ...rest } = r
      const match =
        typeof village === 'string' && village.trim()
          ? resolve(village)
          : { ok: false as const, reason: '没有填写所属村（区划代码或村名）' }
      if (match.ok) rowVillages.push(match.code)
      else {
        errorCount++
        errors.push({
          row: i + 1,
          column: VILLAGE_KEY,
          label: VILLAGE_LABEL,
          message: `第 ${i + 1} 行「${VILLAGE_LABEL}」：${match.reason}`,
        })
      }
      return rest
    })
    const result = validateTableRows(table, cells)
    if (!result.ok) {
      errorCount += result.errorCount
      errors.push(
        ...result.errors.map((e: TableCellError) => ({
          ...e,
          message: `第 ${e.row} 行${e.label ? `「${e.label}」` : ''}：${e.message}`,
        })),
      )
    }
    if (errorCount > 0 || !result.ok)
      throw rowsInvalid(
        errors.sort((a, b) => a.row - b.row),
        errorCount,
      )
    return { rows: result.rows, villages: rowVillages }
  }

  /**
   * Changes a draft in one write. With a new roster (`written`, already stored) the write is also the flip: it
   * holds only while the draft still points at the roster it was read with, so two imports racing cannot both
   * win; the loser's roster is released (unless `keepOnConflict`: an import keeps it to try again), the replaced
   * one too.
   */
  async setDraft(
    current: GovernmentItem,
    patch: Partial<GovernmentItem>,
    written: WrittenRoster | null | undefined,
    actor: Actor,
    action: string,
    data: Record<string, unknown>,
    options: { keepOnConflict?: boolean } = {},
  ) {
    const filter: QueryFilter<GovernmentItem> = { _id: current._id, status: 'draft' }
    // With new rows the write is also the flip: only from the roster the draft was read with.
    if (written !== undefined) filter.rosterId = current.rosterId
    const set = written === undefined ? patch : { ...patch, ...rosterFields(written) }
    const updated = await this.deps.models.GovernmentItem.findOneAndUpdate(
      filter,
      { $set: set },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) {
      if (!options.keepOnConflict) await this.deps.rows.release(written?.rosterId ?? null)
      const now = await this.deps.models.GovernmentItem.findById(current._id, { status: 1 }).lean()
      if (now?.status === 'draft') throw conflict('名单刚被别人改过，请刷新后再试', ErrorCode.Conflict)
      throw notDraft(now?.status)
    }
    if (written !== undefined && String(current.rosterId) !== String(updated.rosterId)) {
      await this.deps.rows.release(current.rosterId)
      await this.deps.rows.sweep()
    }
    await this.deps.audit.record(actor, {
      action,
      targetType: 'government_item',
      targetId: current._id.toHexString(),
      regionCode: current.regionCode,
      data,
    })
    return updated
  }

  /**
   * Replaces a draft's rows with rows already converted and checked: stored as a new roster, then the draft is
   * flipped to it in one write. All rows or none.
   * @param villages the division code of each row
   */
  async replaceRows(
    id: string,
    rows: readonly TableRow[],
    villages: readonly string[],
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<GovernmentItem> {
    const current = await this.deps.load(id)
    if (current.status !== 'draft') throw notDraft(current.status)
    const written = await this.deps.rows.write(current._id, rows, villages)
    return this.setDraft(current, {}, written, actor, 'government_item.import', {
      ...data,
      rows: written.rowCount,
      villages: written.villageCodes.length,
    })
  }

  /**
   * Points a draft at a roster an Excel/CSV import already wrote and checked (one write, all rows or none). On a
   * conflict the roster is kept, so the import can be applied again.
   */
  async adoptRoster(
    id: string,
    roster: WrittenRoster,
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<GovernmentItem> {
    const current = await this.deps.load(id)
    if (current.status !== 'draft') throw notDraft(current.status)
    return this.setDraft(
      current,
      {},
      roster,
      actor,
      'government_item.import',
      { ...data, rows: roster.rowCount, villages: roster.villageCodes.length },
      { keepOnConflict: true },
    )
  }
}
