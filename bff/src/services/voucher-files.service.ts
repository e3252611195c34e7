import mongoose, { Types } from 'mongoose'
import type { Connection } from 'mongoose'
import type { Readable } from 'node:stream'
import { ErrorCode } from '@cunwu/domain'
import { AppError, databaseUnavailable, notFound } from '../errors'
import { insertWithinLimit } from '../lib/limit-slots'
import type { Models } from '../models'
import { VOUCHER_BUCKET } from './ledger.service'

/** A scanned voucher as stored: what the download sends with its bytes. */
export interface VoucherFile {
  fileId: Types.ObjectId
  filename: string
  contentType: string
  size: number
}

/** How many uploaded vouchers not yet on a ledger entry a village may keep at once (429 `too_many_vouchers` past it). */
export const MAX_UNLINKED_VOUCHERS = 50

/** How long an uploaded voucher may wait to be put on an entry before the upkeep deletes it. */
export const UNLINKED_VOUCHER_TTL_MS = 24 * 3600_000

/** How many day-old vouchers one upkeep pass looks at (the rest wait for the next pass). */
const CLEANUP_BATCH = 500

/** A voucher's GridFS file document, as far as these rules read it. */
interface StoredVoucher {
  _id: Types.ObjectId
  filename: string
  length: number
  uploadDate: Date
  metadata?: Record<string, unknown>
}

/**
 * The scanned vouchers (凭证) of a village's ledger: storing one for the village's secretary (at most
 * MAX_UNLINKED_VOUCHERS waiting to be put on an entry), reading one for those who may read the ledger (its staff,
 * checked by the route), and the upkeep's removal of those never put on an entry within a day. A voucher found on an
 * entry is marked `metadata.onEntry` and never looked at again. docs/wechat-pay.md, "Vouchers".
 */
export class VoucherFilesService {
  constructor(private readonly deps: { conn: Connection; models: Pick<Models, 'LedgerEntry'> }) {}

  private files() {
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    return {
      collection: db.collection<StoredVoucher>(`${VOUCHER_BUCKET}.files`),
      bucket: new mongoose.mongo.GridFSBucket(db, { bucketName: VOUCHER_BUCKET }),
    }
  }

  /** Which of `ids` are on a ledger entry. */
  private async onEntries(ids: readonly Types.ObjectId[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set()
    const linked: Types.ObjectId[] = await this.deps.models.LedgerEntry.distinct('voucherFileIds', {
      voucherFileIds: { $in: ids },
    })
    return new Set(linked.map((id) => id.toHexString()))
  }

  private chunks() {
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    return db.collection(`${VOUCHER_BUCKET}.chunks`)
  }

  /** The unique index of the waiting vouchers' places (models/limit-slot.ts), made once per instance. */
  private slotIndexMade: Promise<unknown> | null = null
  private slotIndex(collection: ReturnType<VoucherFilesService['files']>['collection']): Promise<unknown> {
    this.slotIndexMade ??= collection
      .createIndex(
        { 'metadata.limitSlot': 1 },
        { unique: true, partialFilterExpression: { 'metadata.limitSlot': { $type: 'string' } } },
      )
      .catch((err: unknown) => {
        this.slotIndexMade = null
        throw err
      })
    return this.slotIndexMade
  }

  /**
   * The village's vouchers waiting to be put on an entry (those of the last day, and older ones the upkeep has not
   * reached), with their places. Those found on an entry meanwhile are marked `onEntry` and give their place back.
   */
  private async waiting(villageCode: string): Promise<Array<{ limitSlot?: string | null }>> {
    const { collection } = this.files()
    const files = await collection
      .find(
        { 'metadata.villageCode': villageCode, 'metadata.onEntry': { $ne: true } },
        { projection: { _id: 1, 'metadata.limitSlot': 1 } },
      )
      .toArray()
    const linked = await this.onEntries(files.map((f) => f._id))
    if (linked.size > 0)
      await collection.updateMany(
        { _id: { $in: files.filter((f) => linked.has(f._id.toHexString())).map((f) => f._id) } },
        { $set: { 'metadata.onEntry': true }, $unset: { 'metadata.limitSlot': 1 } },
      )
    return files
      .filter((f) => !linked.has(f._id.toHexString()))
      .map((f) => {
        const slot = f.metadata?.limitSlot
        return { limitSlot: typeof slot === 'string' ? slot : null }
      })
  }

  /**
   * Stores a scanned voucher in GridFS under the village; returns its file id for ledger entries. Refused with 429
   * when the village already keeps MAX_UNLINKED_VOUCHERS vouchers not yet on an entry.
   */
  async store(
    villageCode: string,
    file: { filename: string; contentType: string; data: Buffer },
  ): Promise<{ fileId: Types.ObjectId; size: number }> {
    const { collection, bucket } = this.files()
    await this.slotIndex(collection)
    const fileId = new Types.ObjectId()
    // At most MAX_UNLINKED_VOUCHERS waiting, exactly, however many arrive at once (lib/limit-slots.ts): each waiting
    // voucher holds one of the village's numbered places, `metadata.limitSlot`.
    await insertWithinLimit({
      scope: `voucher:${villageCode}`,
      limit: MAX_UNLINKED_VOUCHERS,
      active: () => this.waiting(villageCode),
      full: () =>
        new AppError(
          429,
          ErrorCode.TooManyVouchers,
          `本村已有 ${MAX_UNLINKED_VOUCHERS} 张上传后还没记到台账上的凭证。请先把它们记到台账的收支上再上传；上传一天后仍未记账的凭证会自动删除`,
        ),
      insert: async (limitSlot) => {
        try {
          await new Promise<void>((resolve, reject) => {
            const upload = bucket.openUploadStreamWithId(fileId, file.filename, {
              metadata: { villageCode, contentType: file.contentType, limitSlot },
            })
            upload.once('finish', () => resolve())
            upload.once('error', reject)
            upload.end(file.data)
          })
        } catch (err) {
          // The file document (written last) was refused: its chunks are not left behind.
          await this.chunks().deleteMany({ files_id: fileId })
          throw err
        }
      },
    })
    return { fileId, size: file.data.length }
  }

  /**
   * The upkeep's step: vouchers uploaded more than UNLINKED_VOUCHER_TTL_MS before `now` and never put on a ledger
   * entry are deleted (file and chunks); those on an entry are marked so they are not looked at again. At most
   * CLEANUP_BATCH per pass. Returns how many were deleted.
   */
  async removeUnlinked(now: number = Date.now()): Promise<number> {
    const { collection, bucket } = this.files()
    const old = await collection
      .find(
        { uploadDate: { $lt: new Date(now - UNLINKED_VOUCHER_TTL_MS) }, 'metadata.onEntry': { $ne: true } },
        { projection: { _id: 1 } },
      )
      .limit(CLEANUP_BATCH)
      .toArray()
    const linked = await this.onEntries(old.map((f) => f._id))
    const kept = old.filter((f) => linked.has(f._id.toHexString())).map((f) => f._id)
    if (kept.length > 0)
      await collection.updateMany(
        { _id: { $in: kept } },
        { $set: { 'metadata.onEntry': true }, $unset: { 'metadata.limitSlot': 1 } },
      )
    let removed = 0
    for (const f of old) {
      if (linked.has(f._id.toHexString())) continue
      try {
        await bucket.delete(f._id)
        removed += 1
      } catch (err) {
        // Deleted meanwhile by another instance's pass.
        if (!(err instanceof Error && /File not found/i.test(err.message))) throw err
      }
    }
    return removed
  }

  /** Opens voucher `fileId` of the village; a voucher of another village, or none, is 404 alike. */
  async open(villageCode: string, fileId: string): Promise<{ file: VoucherFile; stream: Readable }> {
    const { collection, bucket } = this.files()
    const id = new Types.ObjectId(fileId)
    const stored = await collection.findOne({ _id: id, 'metadata.villageCode': villageCode })
    if (!stored) throw notFound('凭证')
    const contentType = stored.metadata?.contentType
    const file: VoucherFile = {
      fileId: id,
      filename: stored.filename,
      contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
      size: stored.length,
    }
    return { file, stream: bucket.openDownloadStream(id) }
  }
}
