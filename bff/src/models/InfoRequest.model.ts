import {
  INFO_REQUEST_DESCRIPTION_MAX,
  INFO_REQUEST_PURPOSE_MAX,
  InfoRequestFormSchema,
  InfoRequestStatusSchema,
} from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { InfoReplyType, InfoRequester, InfoRequestForm, InfoRequestStatus } from '@cunwu/domain'
import { textLimit } from './text-limit'

/**
 * A government information request (依申请公开) to one township or county office (docs/info-requests.md). The
 * requester's identity is private: only the requester and the office it is addressed to see it.
 */
export interface InfoRequest {
  _id: Types.ObjectId
  regionCode: string
  year: number
  seq: number
  /** e.g. 云溪镇〔2026〕依申请第12号 */
  number: string
  userId: Types.ObjectId
  requester: InfoRequester
  /** What was asked, as filed: a 补正 is kept beside it (`supplement`), never in its place. */
  description: string
  purpose: string | null
  /**
   * The requester's 补正 (art. 30: what the notice asked for), as given, with when it came; absent before one and on
   * requests corrected before 2026-12-08, whose description the 补正 replaced.
   */
  supplement?: { text: string; purpose: string | null; at: Date } | null
  form: InfoRequestForm
  status: InfoRequestStatus
  /** The day the (corrected) request was received, China time: the clock counts from it. */
  receivedDate: string
  dueDate: string
  provisional: boolean
  /**
   * The one correction notice (art. 30) with the last day to correct; `dueDate` is absent on notices sent before
   * the period was recorded (they never lapse).
   */
  correctionNotice: {
    missing: string[]
    at: Date
    dueDate?: string
    provisional?: boolean
    /** The working days the notice gave (kept since 2026-12-07, to count the period again with new holiday data). */
    workingDays?: number
  } | null
  /** The extension of the current period (art. 33); a correction starts a new period without one. */
  extension: { reason: string; at: Date } | null
  /** The extension of the period before a correction, kept for the record; it no longer moves the deadline. */
  earlierExtension?: { reason: string; at: Date } | null
  /** Consultations (art. 32/33): their working days do not count; an open one has `endDate` null. */
  consultations: { party: string | null; startDate: string; endDate: string | null }[]
  reply: {
    type: InfoReplyType
    text: string
    rightOffice: string | null
    disclosureIds: Types.ObjectId[]
    /** Titles of `disclosureIds` when the reply was given (older replies have none). */
    disclosureTitles?: string[]
    links: string[]
    at: Date
    by: Types.ObjectId
  } | null
  archivedAt: Date | null
  createdAt: Date
  /** Each step, for the requester's status page. */
  history: { step: string; at: Date }[]
}

const infoRequestSchema = new Schema<InfoRequest>(
  {
    regionCode: { type: String, required: true, match: /^\d{12}$/ },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    number: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    requester: { type: Schema.Types.Mixed, required: true },
    // Counted as the API counts it (an emoji is one character; text-limit.ts).
    description: { type: String, required: true, ...textLimit(INFO_REQUEST_DESCRIPTION_MAX, '想要什么信息') },
    purpose: { type: String, default: null, ...textLimit(INFO_REQUEST_PURPOSE_MAX, '用途') },
    supplement: { type: Schema.Types.Mixed, default: null },
    form: { type: String, required: true, enum: InfoRequestFormSchema.options },
    status: {
      type: String,
      required: true,
      enum: InfoRequestStatusSchema.options,
    },
    receivedDate: { type: String, required: true },
    dueDate: { type: String, required: true },
    provisional: { type: Boolean, required: true },
    correctionNotice: { type: Schema.Types.Mixed, default: null },
    extension: { type: Schema.Types.Mixed, default: null },
    earlierExtension: { type: Schema.Types.Mixed, default: null },
    consultations: {
      type: [
        {
          _id: false,
          party: { type: String, default: null },
          startDate: String,
          endDate: { type: String, default: null },
        },
      ],
      default: [],
    },
    reply: { type: Schema.Types.Mixed, default: null },
    archivedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    history: { type: [{ _id: false, step: String, at: Date }], default: [] },
  },
  { versionKey: false },
)
// The registration number is unique per office and year; an office's queue by deadline; one's own requests.
infoRequestSchema.index({ regionCode: 1, year: 1, seq: 1 }, { unique: true })
infoRequestSchema.index({ regionCode: 1, status: 1, dueDate: 1 })
infoRequestSchema.index({ userId: 1, createdAt: -1 })

/** Registers (once) and returns the InfoRequest model on a connection. */
export function infoRequestModel(conn: Connection): Model<InfoRequest> {
  return conn.models.InfoRequest ?? conn.model<InfoRequest>('InfoRequest', infoRequestSchema, 'info_requests')
}
