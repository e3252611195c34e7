import {
  QuestionPhotoCheckSchema,
  QuestionPhotoTypeSchema,
  type QuestionPhotoCheck,
  type QuestionPhotoType,
} from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * A photo attached to a question or objection (docs/questions.md): stored with its metadata removed, shown to
 * the public only once WeChat's image check passed it; a risky photo's bytes are deleted.
 */
export interface QuestionPhoto {
  _id: Types.ObjectId
  questionId: Types.ObjectId
  villageCode: string
  askerId: Types.ObjectId
  contentType: QuestionPhotoType
  /** The stripped file; emptied when the check finds it risky. */
  data: Buffer
  bytes: number
  check: QuestionPhotoCheck
  /** WeChat's trace_id of the asynchronous check: its pushed verdict is matched on it. */
  traceId: string | null
  /** Random capability in the URL WeChat downloads the photo from while it checks it. */
  fetchToken: string
  createdAt: Date
  checkedAt: Date | null
}

const questionPhotoSchema = new Schema<QuestionPhoto>(
  {
    questionId: { type: Schema.Types.ObjectId, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    askerId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true, enum: QuestionPhotoTypeSchema.options },
    data: { type: Buffer, required: true },
    bytes: { type: Number, required: true },
    check: { type: String, required: true, enum: QuestionPhotoCheckSchema.options },
    traceId: { type: String, default: null },
    fetchToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    checkedAt: { type: Date, default: null },
  },
  { versionKey: false },
)
// A thread's photos; the verdict pushed by WeChat finds its photo by trace_id.
questionPhotoSchema.index({ questionId: 1, createdAt: 1 })
questionPhotoSchema.index({ traceId: 1 })

/** Registers (once) and returns the QuestionPhoto model on a connection. */
export function questionPhotoModel(conn: Connection): Model<QuestionPhoto> {
  return (
    conn.models.QuestionPhoto ??
    conn.model<QuestionPhoto>('QuestionPhoto', questionPhotoSchema, 'questionphotos')
  )
}
