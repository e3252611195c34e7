import { createHash } from 'node:crypto'
import type { Types } from 'mongoose'
import type { LedgerImportDto, LedgerImportReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Models } from '../models'
import type { User } from '../models/User.model'
import { isDuplicateKey } from '../lib/db-writes'
import type { Actor, AuditService } from './audit.service'
import type { LedgerService } from './ledger.service'

/** At most this many failing rows are named in the answer (the count says how many there are). */
const ROWS_NAMED = 50

/** A row checked for booking: its vouchers and decision resolved. */
interface CheckedRow {
  vouchers: Types.ObjectId[]
  decisionId: Types.ObjectId | null
}

/** SHA-256 of a batch's rows, as validated (defaults filled in), so the same rows always hash alike. */
function contentHashOf(entries: LedgerImportReq['entries']): string {
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex')
}

/**
 * A ledger import, all or none: every row is checked first (date, vouchers, decision), and a row that cannot be
 * booked refuses the batch before anything is written, naming each failing row (第 N 行, counting the first entry
 * as 1). Then the batch is claimed under its unique (village, batch id) with the hash of its rows, and the rows are
 * written idempotently keyed by batch and position: a retry after a crash part-way finishes the batch, the same
 * batch sent again adds nothing, and the batch id sent again with other rows is refused (422
 * idempotency_key_reused), never partly skipped.
 */
export class LedgerImportService {
  constructor(private readonly deps: { models: Models; audit: AuditService; ledger: LedgerService }) {}

  async importEntries(
    villageCode: string,
    req: LedgerImportReq,
    user: User,
    actor: Actor,
  ): Promise<LedgerImportDto> {
    const checked = await this.checkRows(villageCode, req.entries)
    const contentHash = contentHashOf(req.entries)
    await this.claim(villageCode, req.batchId, contentHash, req.entries.length, user)
    let created = 0
    for (const [i, entry] of req.entries.entries()) {
      const row = checked[i]
      if (!row) continue
      const booked = await this.deps.ledger.insertOnce(
        this.deps.ledger.manualEntry(
          villageCode,
          entry,
          row.vouchers,
          user,
          'import',
          `import:${villageCode}:${req.batchId}:${i}`,
          row.decisionId,
        ),
      )
      if (booked) created++
    }
    const skipped = req.entries.length - created
    await this.deps.audit.record(actor, {
      action: 'ledger.import',
      targetType: 'ledger_import',
      targetId: req.batchId,
      regionCode: villageCode,
      data: { created, skipped },
    })
    const warning =
      created > 0 ? await this.deps.ledger.statementWarning(villageCode, req.entries, '这批账') : null
    return { created, skipped, warnings: warning ? [warning] : [] }
  }

  /** Checks every row; 422 ledger_rows_invalid naming the failing rows, before anything is written. */
  private async checkRows(villageCode: string, entries: LedgerImportReq['entries']): Promise<CheckedRow[]> {
    const rows: CheckedRow[] = []
    const problems: { row: number; message: string }[] = []
    for (const [i, entry] of entries.entries()) {
      try {
        this.deps.ledger.checkNotFuture(entry.date)
        rows.push({
          vouchers: await this.deps.ledger.checkVouchers(villageCode, entry.voucherFileIds),
          decisionId: await this.deps.ledger.checkDecision(villageCode, entry.decisionId),
        })
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err
        problems.push({ row: i + 1, message: err.message })
      }
    }
    if (problems.length > 0) {
      const named = problems
        .slice(0, 3)
        .map((p) => `第 ${p.row} 行：${p.message}`)
        .join('；')
      throw new AppError(
        422,
        ErrorCode.LedgerRowsInvalid,
        `有 ${problems.length} 行不能入账，整批都没有导入。${named}${problems.length > 3 ? '；……' : ''}`,
        true,
        { rows: problems.slice(0, ROWS_NAMED), rowCount: problems.length },
      )
    }
    return rows
  }

  /** Claims the batch id for these rows; the same id with other rows is 422 idempotency_key_reused. */
  private async claim(
    villageCode: string,
    batchId: string,
    contentHash: string,
    rows: number,
    user: User,
  ): Promise<void> {
    try {
      await this.deps.models.LedgerImport.create({
        villageCode,
        batchId,
        contentHash,
        rows,
        createdBy: user._id,
      })
      return
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
    const existing = await this.deps.models.LedgerImport.findOne({ villageCode, batchId }).lean()
    if (existing && existing.contentHash !== contentHash)
      throw new AppError(
        422,
        ErrorCode.IdempotencyKeyReused,
        `批次号 ${batchId} 已经导入过另一批账目，内容不同。新的账目请换一个批次号导入`,
      )
  }
}
