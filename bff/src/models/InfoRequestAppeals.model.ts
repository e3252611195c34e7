import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'
import type { InfoRequestAppeals as AppealCounts } from '@cunwu/domain'

/** The hand-entered section 四 of an office's annual report (reconsideration and litigation counts) for a year. */
export interface InfoRequestAppeals {
  _id: string
  regionCode: string
  year: number
  counts: AppealCounts
  updatedAt: Date
}

const schema = new Schema<InfoRequestAppeals>(
  {
    _id: { type: String, required: true },
    regionCode: { type: String, required: true, match: /^\d{12}$/ },
    year: { type: Number, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
)

/** Registers (once) and returns the model; `_id` is `${regionCode}|${year}`. */
export function infoRequestAppealsModel(conn: Connection): Model<InfoRequestAppeals> {
  return (
    conn.models.InfoRequestAppeals ??
    conn.model<InfoRequestAppeals>('InfoRequestAppeals', schema, 'info_request_appeals')
  )
}
