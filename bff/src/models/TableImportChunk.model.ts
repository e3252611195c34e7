import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * A slice of an import's source sheet: consecutive rows of cells as read from the file, bounded in rows and bytes.
 * Chunks are written before the import says how many there are (`TableImport.sourceChunks`), and expire with it.
 */
export interface TableImportChunk {
  _id: Types.ObjectId
  importId: Types.ObjectId
  /** 0-based chunk number; the chunk's first row is the sheet row `at` (0-based). */
  seq: number
  at: number
  cells: string[][]
  expiresAt: Date
}

const tableImportChunkSchema = new Schema<TableImportChunk>(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true, min: 0 },
    at: { type: Number, required: true, min: 0 },
    cells: { type: [[String]], required: true },
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
