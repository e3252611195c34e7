import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * A slice of the file an import was uploaded with (at most 8 MB each), kept so a corrected column mapping is
 * checked again without a new upload and a village table is converted afresh when applied. Chunks are written
 * before the import counts them (`TableImport.fileChunks`), and expire with it.
 */
export interface TableImportChunk {
  _id: Types.ObjectId
  importId: Types.ObjectId
  /** 0-based chunk number. */
  seq: number
  data: Buffer
  expiresAt: Date
}

const tableImportChunkSchema = new Schema<TableImportChunk>(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true, min: 0 },
    data: { type: Buffer, required: true },
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { versionKey: false },
)
tableImportChunkSchema.index({ importId: 1, seq: 1 }, { unique: true })

/** Registers (once) and returns the TableImportChunk model on a connection. */
export function tableImportChunkModel(conn: Connection): Model<TableImportChunk> {
  return (
    conn.models.TableImportChunk ?? conn.model<TableImportChunk>('TableImportChunk', tableImportChunkSchema)
  )
}
