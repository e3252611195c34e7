import { Types } from 'mongoose'
import type { CellValue, TableImportApplyReq, TableImportDraftReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import type { VillageRef } from '@cunwu/tables'
import { AppError, conflict, notFound } from '../errors'
import { notDraft } from './government-item-rosters.service'
import type { Logger } from '../logger'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { TableImport } from '../models/TableImport.model'
import type { User } from '../models/User.model'
import { TableImportJob } from '../jobs/table-import.job'
import type { Actor, AuditService } from './audit.service'
import { applyOnce, assertReady } from './table-import-claim'
import type { DisclosuresService, StandIn } from './disclosures.service'
import type { GovernmentItemsService } from './government-items.service'
import type { GovernmentRowsService } from './government-rows.service'
import {
  DAY_MS,
  IMPORT_LIMITS,
  evaluateImport,
  issuesOf,
  parseRequestFor,
  recordOutcome,
  rowsInvalidFor,
  schemaOf,
  unmappedFailure,
} from './table-import-checks.service'
import { loadImportFile } from '../imports/table-import-files'
import type { ParseRun } from '../imports/table-import-parser'
import { ParsePlanInvalid, ParseRefused, startParse } from '../imports/table-import-parser'
import type { GivenSheet, ParsePlan } from '../imports/table-import-protocol'
import type { ImportSlot, ImportSlotLimits } from '../imports/table-import-slots'
import { ImportSlots } from '../imports/table-import-slots'

export { IMPORT_MAX_BYTES } from './table-import-checks.service'

/** An import still "processing" this long after its last change was cut off (the process restarted). */
const STALE_MS = 5 * 60_000

/** What an import fills, given when it starts. */
export type ImportTarget =
  | { kind: 'disclosure'; villageCode: string; catalogItemId: string }
  | { kind: 'government_item'; governmentItemId: string }

/** A draft an import's rows go into, with the revision of it the page shows (a draft saved since is 409). */
type IntoDraft = { disclosureId: string; revision: number | undefined; standIn?: StandIn }

/** What applying an import changed. */
export type AppliedImport =
  { kind: 'disclosure'; disclosure: Disclosure } | { kind: 'government_item'; governmentItem: GovernmentItem }

/** What the table-imports service uses. */
export interface TableImportsDeps {
  models: Models
  audit: AuditService
  disclosures: DisclosuresService
  governmentItems: GovernmentItemsService
  rows: Pick<GovernmentRowsService, 'openRoster' | 'release'>
  logger: Logger
  /** Running imports per person and in all (every instance). @default DEFAULT_IMPORT_SLOTS */
  slots?: ImportSlotLimits
}

/**
 * Excel/CSV imports of a catalog item's table, read and checked in the background with progress (a worker thread
 * per import, see TableImportJob), for a village disclosure (the secretary) or for a township or county roster
 * covering many villages (a village column, by code or name). A roster that passes its check is written at once as
 * a roster no item points at (`staged`), so applying it is a single write; a village table is converted afresh
 * from the kept file when applied. All rows or none.
 */
export class TableImportsService {
  /** Admission of running imports (429 too_many_imports). */
  readonly slots: ImportSlots
  private readonly job: TableImportJob

  constructor(private readonly deps: TableImportsDeps) {
    this.slots = new ImportSlots(deps.models.JobLease, deps.slots)
    this.job = new TableImportJob({
      models: deps.models,
      rows: deps.rows,
      logger: deps.logger,
      villagesFor: (doc) => this.villagesFor(doc),
    })
  }

  /**
   * Takes an import slot for a person (held while their import runs), or throws 429 too_many_imports; counted across
   * every instance on the database (imports/table-import-slots.ts).
   */
  reserveSlot(userId: string): Promise<ImportSlot> {
    return this.slots.acquire(userId)
  }

  /** Loads an import; one left "processing" by a restart is marked failed. */
  async load(id: string): Promise<TableImport> {
    const Imports = this.deps.models.TableImport
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

  /** The region an import belongs to and what it fills (for authorization). */
  async ownerOf(id: string): Promise<Pick<TableImport, 'kind' | 'regionCode'> | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.TableImport.findById(id, { kind: 1, regionCode: 1 }).lean()) ?? undefined
  }

  /**
   * Starts an import: the file is read, stored and checked in the background. Answers at once with the import
   * (`processing`); its progress and outcome are read with `load`. The slot (if any) is handed to the background
   * check and released when it ends.
   */
  async start(
    target: ImportTarget,
    file: UploadedFile,
    user: User,
    actor: Actor,
    slot: ImportSlot | null = null,
  ): Promise<TableImport> {
    const base = await this.baseOf(target)
    schemaOf(base)
    const doc = (
      await this.deps.models.TableImport.create({
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
    await this.deps.audit.record(actor, {
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
    this.job.run(doc, file.data, slot?.handOver() ?? null)
    return doc
  }

  /**
   * Checks the rows again with a corrected header row, column mapping and (government rosters) village column, or
   * with another worksheet (`sheetIndex`; without a header row and mapping they are found afresh on it); only that
   * one sheet's rows are imported then. Waits for the outcome (the file is already stored).
   */
  async remap(
    id: string,
    correction: {
      sheetIndex?: number | undefined
      headerRow?: number | undefined
      mapping?: Record<string, number | null> | undefined
      villageColumn?: number | null | undefined
    },
  ): Promise<TableImport> {
    const { villageColumn } = correction
    const doc = await this.load(id)
    if (doc.status === 'applied') throw conflict('该导入已使用', ErrorCode.InvalidTransition)
    if (doc.stage === 'reading') throw conflict('还在读取文件，请稍候', ErrorCode.InvalidTransition)
    if (doc.kind === 'disclosure' && villageColumn !== undefined && villageColumn !== null) {
      throw new AppError(400, ErrorCode.ValidationError, '村里的表格没有所属村一列')
    }
    const data = await loadImportFile(this.deps.models, doc)
    const village = villageColumn === undefined ? doc.villageColumn : villageColumn
    const sheetIndex = correction.sheetIndex ?? doc.sheetIndex ?? 0
    const plan: ParsePlan =
      correction.headerRow === undefined || correction.mapping === undefined
        ? { mode: 'detect', sheetIndex }
        : {
            mode: 'given',
            sheets: [
              {
                sheetIndex,
                headerRow: correction.headerRow,
                mapping: correction.mapping,
                villageColumn: village,
                amountUnits: null,
              },
            ],
            checkBounds: true,
          }
    const parse = await this.parse(doc, data, doc.kind === 'government_item', plan)
    let sheet
    try {
      sheet = await parse.sheet
    } catch (err) {
      if (err instanceof ParsePlanInvalid) throw new AppError(400, ErrorCode.ValidationError, err.message)
      if (err instanceof ParseRefused) throw new AppError(422, ErrorCode.UnprocessableEntity, err.message)
      throw err
    }
    const failure = unmappedFailure(schemaOf(doc), sheet.headerRow, sheet.unmappedRequired)
    const fields = {
      sheetIndex: sheet.sheetIndex,
      sheets: sheet.sheets,
      usedSheets: sheet.used,
      headerRow: sheet.headerRow,
      sourceLabels: sheet.sourceLabels,
      mapping: sheet.mapping,
      villageColumn: sheet.villageColumn,
      amountUnits: sheet.amountUnits,
      unmappedRequired: sheet.unmappedRequired,
      failure,
      status: failure ? ('failed' as const) : ('processing' as const),
      stage: failure ? null : ('checking' as const),
      rowCount: 0,
      preview: [],
      cellErrors: [],
      errorCount: 0,
      warnings: [],
      warningCount: 0,
      skippedRows: [],
      skippedCount: 0,
      staged: null,
      progress: { done: 0, total: sheet.dataRows },
    }
    const updated = await this.deps.models.TableImport.findOneAndUpdate(
      { _id: doc._id, status: { $ne: 'applied' } },
      { $set: fields, $inc: { run: 1 } },
      { returnDocument: 'after' },
    ).lean()
    if (!updated || failure) parse.cancel()
    if (!updated) throw conflict('该导入已使用', ErrorCode.InvalidTransition)
    if (!failure) {
      const outcome = await evaluateImport(this.deps, updated, updated.run, parse)
      await recordOutcome(this.deps, updated, updated.run, outcome)
    }
    return this.load(id)
  }

  /**
   * Applies a ready import in one step, all rows or none: to a draft of the same village and catalog item
   * (`disclosureId`), to a new draft created with the rows (`draft`, by `author`: the secretary need not save a
   * draft first), or to the government item the import was started for. Rows that failed before, or fail now (a
   * village renamed meanwhile), give a 422 listing them by row and column; `standIn`: a successor's (successorMark).
   */
  async apply(
    id: string,
    target: TableImportApplyReq,
    actor: Actor,
    author?: User,
    standIn?: StandIn,
  ): Promise<AppliedImport> {
    const doc = await this.load(id)
    if (doc.kind === 'government_item') {
      if (target.disclosureId || target.draft)
        throw new AppError(400, ErrorCode.ValidationError, '政府名单导入到它所属的事项，不需要指定村务公开')
      return { kind: 'government_item', governmentItem: await this.applyToGovernmentItem(doc, actor) }
    }
    if (target.draft && author) {
      const into = { draft: target.draft, author, standIn }
      return { kind: 'disclosure', disclosure: await this.applyToDisclosure(doc, into, actor) }
    }
    if (!target.disclosureId)
      throw new AppError(400, ErrorCode.ValidationError, '请指定要放入的草稿（disclosureId 或 draft）')
    const into = { disclosureId: target.disclosureId, revision: target.revision, standIn }
    return { kind: 'disclosure', disclosure: await this.applyToDisclosure(doc, into, actor) }
  }

  private async baseOf(
    target: ImportTarget,
  ): Promise<Pick<TableImport, 'kind' | 'regionCode' | 'catalogItemId' | 'governmentItemId'>> {
    if (target.kind === 'disclosure') {
      return {
        kind: target.kind,
        regionCode: target.villageCode,
        catalogItemId: target.catalogItemId,
        governmentItemId: null,
      }
    }
    const item = await this.deps.governmentItems.load(target.governmentItemId)
    if (item.status !== 'draft') throw notDraft(item.status)
    return {
      kind: target.kind,
      regionCode: item.regionCode,
      catalogItemId: item.catalogItemId,
      governmentItemId: item._id,
    }
  }

  private async villagesFor(doc: Pick<TableImport, 'kind' | 'regionCode'>): Promise<VillageRef[] | null> {
    return doc.kind === 'government_item' ? this.deps.governmentItems.villagesBelow(doc.regionCode) : null
  }

  /** Starts a parse of the kept file with a plan; `wantRows`: every converted row comes back (to stage, to apply). */
  private async parse(doc: TableImport, data: Buffer, wantRows: boolean, plan: ParsePlan): Promise<ParseRun> {
    const villages = await this.villagesFor(doc)
    return startParse(parseRequestFor(doc, data, plan, villages, wantRows), IMPORT_LIMITS[doc.kind])
  }

  private async applyToGovernmentItem(doc: TableImport, actor: Actor): Promise<GovernmentItem> {
    assertReady(doc)
    const { governmentItemId, staged } = doc
    if (!governmentItemId) throw notFound('政府公开事项')
    if (!staged) throw conflict('导入已过期，请重新上传', ErrorCode.InvalidTransition)
    return applyOnce(this.deps.models, doc, actor.userId ?? doc.createdBy, () =>
      this.deps.governmentItems.adoptRoster(governmentItemId.toHexString(), staged, actor, {
        importId: doc._id.toHexString(),
        filename: doc.filename,
      }),
    )
  }

  /** Converts the kept file again and puts its rows into a draft (`target`) or a new draft created with them. */
  private async applyToDisclosure(
    doc: TableImport,
    target: IntoDraft | { draft: TableImportDraftReq; author: User; standIn?: StandIn },
    actor: Actor,
  ): Promise<Disclosure> {
    assertReady(doc)
    if ('disclosureId' in target) {
      const d = await this.deps.disclosures.load(target.disclosureId)
      if (d.regionCode !== doc.regionCode || d.catalogItemId !== doc.catalogItemId) {
        throw new AppError(422, ErrorCode.UnprocessableEntity, '导入的表格与该公开事项不一致')
      }
    }
    // Claimed before the file is converted again: of applies sent at once one writes, the others are 409.
    return applyOnce(this.deps.models, doc, actor.userId ?? doc.createdBy, () =>
      this.convertAndWrite(doc, target, actor),
    )
  }

  /** Converts the kept file again and writes its rows: into the draft `target`, or a new draft created with them. */
  private async convertAndWrite(
    doc: TableImport,
    target: IntoDraft | { draft: TableImportDraftReq; author: User; standIn?: StandIn },
    actor: Actor,
  ): Promise<Disclosure> {
    const data = await loadImportFile(this.deps.models, doc)
    // The sheets the check used (imports recorded before several sheets were read: the one sheet).
    const sheets: GivenSheet[] =
      doc.usedSheets && doc.usedSheets.length > 0
        ? doc.usedSheets.map((u) => ({
            sheetIndex: u.sheetIndex,
            headerRow: u.headerRow,
            mapping: u.mapping,
            villageColumn: null,
            amountUnits: u.amountUnits,
          }))
        : [
            {
              sheetIndex: doc.sheetIndex ?? 0,
              headerRow: doc.headerRow ?? 0,
              mapping: doc.mapping,
              villageColumn: null,
              amountUnits: doc.amountUnits,
            },
          ]
    const parse = await this.parse(doc, data, true, { mode: 'given', sheets, checkBounds: false })
    const { outcome, rows, sources } = await parse.result
    if (outcome === null || !outcome.ok) {
      const schema = schemaOf(doc)
      const errors = outcome === null ? [] : issuesOf(schema, outcome.errors)
      throw rowsInvalidFor(doc, schema, errors, outcome?.errorCount ?? 0)
    }
    const tableRows: Record<string, CellValue>[] = rows
    // One write either way: the draft is created with its rows, or its rows are replaced.
    // Roster mismatches found on this save name the spreadsheet rows (and sheets) the rows came from.
    return 'disclosureId' in target
      ? this.deps.disclosures.update(
          target.disclosureId,
          { rows: tableRows, revision: target.revision },
          actor,
          { rowSources: sources, standIn: target.standIn },
        )
      : this.deps.disclosures.create(
          doc.regionCode,
          { ...target.draft, catalogItemId: doc.catalogItemId, rows: tableRows },
          target.author,
          actor,
          { rowSources: sources, standIn: target.standIn },
        )
  }
}

/** Builds the table-imports service (and its background job) over the BFF's models and services. */
export function createTableImportsService(deps: TableImportsDeps): TableImportsService {
  return new TableImportsService(deps)
}
