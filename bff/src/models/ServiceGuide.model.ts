import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { ServiceGuideContent } from '@cunwu/domain'

/**
 * A county's own text of a service guide (办事指南). Until a county edits a guide, its villages read the shipped
 * text from `@cunwu/domain`; the first edit stores version 1 here, and every later edit adds one.
 */
export interface ServiceGuide {
  _id: Types.ObjectId
  /** The county's 12-digit code. */
  countyCode: string
  guideId: string
  content: ServiceGuideContent
  version: number
  updatedBy: Types.ObjectId
  updatedAt: Date
}

const serviceGuideSchema = new Schema<ServiceGuide>(
  {
    countyCode: { type: String, required: true },
    guideId: { type: String, required: true },
    // Validated by the domain's zod schema at the edge; stored whole.
    content: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true, min: 1 },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
)
// One text per county and guide: two first edits at once cannot both create it.
serviceGuideSchema.index({ countyCode: 1, guideId: 1 }, { unique: true })

/** Registers (once) and returns the ServiceGuide model on a connection. */
export function serviceGuideModel(conn: Connection): Model<ServiceGuide> {
  return conn.models.ServiceGuide ?? conn.model<ServiceGuide>('ServiceGuide', serviceGuideSchema)
}
