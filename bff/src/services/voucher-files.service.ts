import mongoose, { Types } from 'mongoose'
import type { Connection } from 'mongoose'
import type { Readable } from 'node:stream'
import { ErrorCode } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import { VOUCHER_BUCKET } from './ledger.service'

/** A scanned voucher as stored: what the download sends with its bytes. */
export interface VoucherFile {
  fileId: Types.ObjectId
  filename: string
  contentType: string
  size: number
}

/**
 * Reading the scanned vouchers (凭证) of a village's ledger, for those who may read the ledger (its staff, checked by
 * the route); storing them is `LedgerService.storeVoucher`. docs/wechat-pay.md, "Vouchers".
 */
export class VoucherFilesService {
  constructor(private readonly deps: { conn: Connection }) {}

  /** Opens voucher `fileId` of the village; a voucher of another village, or none, is 404 alike. */
  async open(villageCode: string, fileId: string): Promise<{ file: VoucherFile; stream: Readable }> {
    const db = this.deps.conn.db
    if (!db) throw new AppError(503, ErrorCode.ServiceUnavailable, '数据库暂不可用')
    const id = new Types.ObjectId(fileId)
    const stored = await db
      .collection<{
        _id: Types.ObjectId
        filename: string
        length: number
        metadata?: Record<string, unknown>
      }>(`${VOUCHER_BUCKET}.files`)
      .findOne({ _id: id, 'metadata.villageCode': villageCode })
    if (!stored) throw notFound('凭证')
    const contentType = stored.metadata?.contentType
    const file: VoucherFile = {
      fileId: id,
      filename: stored.filename,
      contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
      size: stored.length,
    }
    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: VOUCHER_BUCKET })
    return { file, stream: bucket.openDownloadStream(id) }
  }
}
