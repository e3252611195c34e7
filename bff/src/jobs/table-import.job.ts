import type { VillageRef } from '@cunwu/tables'
import { TableFileError, precheckTableFile } from '@cunwu/tables'
import type { Logger } from '../logger'
import type { TableImport } from '../models/TableImport.model'
import type { CheckDeps } from '../services/table-import-checks.service'
import {
  DAY_MS,
  IMPORT_LIMITS,
  evaluateImport,
  parseRequestFor,
  recordOutcome,
  schemaOf,
  unmappedFailure,
} from '../services/table-import-checks.service'
import { storeImportFile } from '../imports/table-import-files'
import type { ParseRun } from '../imports/table-import-parser'
import { ParseRefused, startParse } from '../imports/table-import-parser'
import type { ImportSlot } from '../imports/table-import-slots'
import type { Models } from '../models'

/** What the background check of an upload needs. */
export interface TableImportJobDeps extends CheckDeps {
  models: Pick<Models, 'TableImport' | 'TableImportChunk'>
  logger: Logger
  /** The villages a roster's rows may name (the office's region); null for a village table. */
  villagesFor(doc: TableImport): Promise<VillageRef[] | null>
  /** Starts a parse (a worker thread); replaceable in the bench. @default startParse */
  parse?: typeof startParse
}

/**
 * The background check of an uploaded spreadsheet: the file is read in a worker thread, the sheet, header and
 * columns found and recorded, the file kept, and the rows converted and checked (a roster that passes is staged).
 * The import's progress and outcome are written as it goes; a failure nobody expected is logged and recorded as
 * failed. The import slot the upload held is released when the check ends, whatever happened.
 */
export class TableImportJob {
  constructor(private readonly deps: TableImportJobDeps) {}

  /** Checks an upload in the background; returns at once. */
  run(doc: TableImport, data: Buffer, slot: ImportSlot | null): void {
    const importId = doc._id.toHexString()
    const started = Date.now()
    this.check(doc, data, slot)
      .then((status) => {
        this.deps.logger.info(
          { importId, kind: doc.kind, bytes: data.length, status, ms: Date.now() - started },
          'table import checked',
        )
      })
      .catch(async (err: unknown) => {
        this.deps.logger.error({ err, importId, kind: doc.kind, bytes: data.length }, 'table import failed')
        void slot?.release()
        await this.deps.models.TableImport.updateOne(
          { _id: doc._id, run: doc.run },
          { $set: { status: 'failed', stage: null, failure: '导入出错，请重试' } },
        )
      })
      .catch((err: unknown) => {
        this.deps.logger.error({ err, importId }, 'table import failure not recorded')
      })
      .finally(() => void slot?.release())
  }

  /**
   * Reads the upload, records the sheet it found, keeps the file, then checks (and stages) the rows. The slot is
   * released just before the outcome is recorded, so a client that sees the outcome may start the next import.
   */
  private async check(doc: TableImport, data: Buffer, slot: ImportSlot | null): Promise<string> {
    try {
      // What needs no parsing (size, a ZIP's declared sizes) is refused before a worker is started.
      precheckTableFile(data, { filename: doc.filename, ...IMPORT_LIMITS[doc.kind] })
    } catch (err) {
      if (!(err instanceof TableFileError)) throw err
      await slot?.release()
      await recordOutcome(this.deps, doc, doc.run, null, {
        status: 'failed',
        stage: null,
        failure: err.message,
      })
      return `refused: ${err.code}`
    }
    const villages = await this.deps.villagesFor(doc)
    const parse: ParseRun = (this.deps.parse ?? startParse)(
      parseRequestFor(doc, data, { mode: 'detect' }, villages, doc.kind === 'government_item'),
      IMPORT_LIMITS[doc.kind],
    )
    let sheet
    try {
      sheet = await parse.sheet
    } catch (err) {
      if (!(err instanceof ParseRefused)) throw err
      await slot?.release()
      await recordOutcome(this.deps, doc, doc.run, null, {
        status: 'failed',
        stage: null,
        failure: err.message,
      })
      return `refused: ${err.code}`
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
      // Still processing while the file is stored, even when the import will fail for want of a header: a
      // client that sees it failed may correct the mapping at once, and that needs the stored file.
      status: 'processing' as const,
      stage: 'checking' as const,
      progress: { done: 0, total: sheet.dataRows },
    }
    await this.deps.models.TableImport.updateOne({ _id: doc._id, run: doc.run }, { $set: fields })
    if (failure) parse.cancel()
    // The file is kept while the rows are checked; the outcome counts only once both are done.
    const [fileChunks, outcome] = await Promise.all([
      storeImportFile(this.deps.models, doc._id, data, new Date(Date.now() + DAY_MS)),
      failure ? Promise.resolve(null) : evaluateImport(this.deps, { ...doc, ...fields }, doc.run, parse),
    ])
    await slot?.release()
    const failed = failure ? { status: 'failed' as const, stage: null } : {}
    await recordOutcome(this.deps, doc, doc.run, outcome, { fileChunks, ...failed })
    return String(outcome?.set.status ?? 'failed')
  }
}
