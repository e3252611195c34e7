import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { CellValue } from '@cunwu/domain'

/**
 * A chunk of one village's rows in a government roster. A roster (`rosterId`) is written whole, chunk by chunk,
 * before any item points at it; the item's `rosterId` is flipped in one single-document write afterwards, so a
 * reader that goes through the item never sees a half-written roster. Versions of an item that did not change the
 * rows share the roster. Chunks are bounded (rows and bytes) so a county roster of any size fits.
 */
export interface GovernmentRow {
  _id: Types.ObjectId
  rosterId: Types.ObjectId
  /** The item whose write created the roster (other versions may point at it too). */
  itemId: Types.ObjectId
  /** 12-digit division code of the village all rows of the chunk belong to. */
  villageCode: string
  /** 0-based chunk number within the village. */
  seq: number
  /** Index of the chunk's first row among the village's rows. */
  villageAt: number
  /**
   * Index of the chunk's first row in the whole roster (villages in code order): written by earlier versions only.
   * Chunks are now written in the order rows pass an import's check, before the roster's layout is known; a page
   * of every village is found from the item's `rosterVillages` instead.
   */
  at?: number
  /** Full rows (presented only through the privacy presenter). */
  rows: Record<string, CellValue>[]
}

/** A page of a roster's rows, as the government rows service reads them. */
export interface RowsPage {
  rows: Record<string, CellValue>[]
  offset: number
  limit: number
  /** Rows in all (of the village, or of the roster). */
  total: number
}

const governmentRowSchema = new Schema<GovernmentRow>(
  {
    rosterId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    seq: { type: Number, required: true, min: 0 },
    villageAt: { type: Number, required: true, min: 0 },
    at: { type: Number, min: 0 },
    // An array of plain row objects; Mixed keeps the cells' types as stored.
    rows: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false },
)
// One village's rows (alignment, prefill, the village's public view), in order.
governmentRowSchema.index({ rosterId: 1, villageCode: 1, seq: 1 }, { unique: true })
// Rosters written by an item (clean-up of replaced and abandoned ones).
governmentRowSchema.index({ itemId: 1, rosterId: 1 })

/** Registers (once) and returns the GovernmentRow model on a connection. */
export function governmentRowModel(conn: Connection): Model<GovernmentRow> {
  return conn.models.GovernmentRow ?? conn.model<GovernmentRow>('GovernmentRow', governmentRowSchema)
}
