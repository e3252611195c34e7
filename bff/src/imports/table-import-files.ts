import type { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { conflict } from '../errors'
import type { Models } from '../models'
import type { TableImport } from '../models/TableImport.model'

/**
 * The file an import was uploaded with, kept in TableImportChunk documents so a corrected mapping is checked
 * again, and a village table converted when applied, without a new upload.
 */

/** Bytes of the uploaded file per stored chunk (a MongoDB document holds at most 16 MB). */
const FILE_CHUNK_BYTES = 8 * 1024 * 1024

/** Stores the file in chunks that expire at `expiresAt`; returns how many. */
export async function storeImportFile(
  models: Pick<Models, 'TableImportChunk'>,
  importId: Types.ObjectId,
  data: Buffer,
  expiresAt: Date,
): Promise<number> {
  let seq = 0
  for (let at = 0; at < data.length; at += FILE_CHUNK_BYTES, seq++) {
    await models.TableImportChunk.create({
      importId,
      seq,
      data: data.subarray(at, at + FILE_CHUNK_BYTES),
      expiresAt,
    })
  }
  return seq
}

/** Reads the kept file back; 409 when it was never read or has expired. */
export async function loadImportFile(
  models: Pick<Models, 'TableImportChunk'>,
  doc: Pick<TableImport, '_id' | 'fileChunks' | 'sheetIndex'>,
): Promise<Buffer> {
  if (doc.fileChunks === 0 || doc.sheetIndex === null)
    throw conflict('文件没有读成功，请重新上传', ErrorCode.InvalidTransition)
  // Not lean: mongoose turns the stored binary back into a Buffer.
  const chunks = await models.TableImportChunk.find({
    importId: doc._id,
    seq: { $lt: doc.fileChunks },
  }).sort({ seq: 1 })
  if (chunks.length !== doc.fileChunks) throw conflict('导入已过期，请重新上传', ErrorCode.InvalidTransition)
  return Buffer.concat(chunks.map((c) => c.data))
}
