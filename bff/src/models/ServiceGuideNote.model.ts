import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** What a township or village adds to its county's guide: where, when and whom to ask locally. */
export interface ServiceGuideNote {
  _id: Types.ObjectId
  /** The township's or village's 12-digit code. */
  regionCode: string
  guideId: string
  place: string | null
  hours: string | null
  contact: string | null
  note: string | null
  updatedBy: Types.ObjectId
  updatedAt: Date
}

const serviceGuideNoteSchema = new Schema<ServiceGuideNote>(
  {
    regionCode: { type: String, required: true },
    guideId: { type: String, required: true },
    place: { type: String, default: null },
    hours: { type: String, default: null },
    contact: { type: String, default: null },
    note: { type: String, default: null },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
serviceGuideNoteSchema.index({ regionCode: 1, guideId: 1 }, { unique: true })

/** Registers (once) and returns the ServiceGuideNote model on a connection. */
export function serviceGuideNoteModel(conn: Connection): Model<ServiceGuideNote> {
  return (
    conn.models.ServiceGuideNote ?? conn.model<ServiceGuideNote>('ServiceGuideNote', serviceGuideNoteSchema)
  )
}
