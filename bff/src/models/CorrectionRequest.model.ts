import {
  CORRECTION_TARGET_MAX,
  CORRECTION_TEXT_MAX,
  CorrectionKindSchema,
  CorrectionStatusSchema,
} from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { CorrectionKind, CorrectionStatus } from '@cunwu/domain'
import { LIMIT_SLOT_INDEX } from './limit-slot'
import { textLimit } from './text-limit'

/**
 * A person's request to correct or delete what the village holds about them (个人信息保护法第四十六、四十七条).
 * It reaches the village's secretaries through their inbox; see docs/privacy.md.
 */
export interface CorrectionRequest {
  _id: Types.ObjectId
  userId: Types.ObjectId
  villageCode: string
  /** The name the person gave on joining the village, so the secretary knows who asks. */
  name: string
  kind: CorrectionKind
  target: string
  text: string
  status: CorrectionStatus
  createdAt: Date
  /** The person's place under the open-request limit (models/limit-slot.ts) while open; null once done. */
  limitSlot?: string | null
}

const correctionRequestSchema = new Schema<CorrectionRequest>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: CorrectionKindSchema.options },
    target: { type: String, required: true, ...textLimit(CORRECTION_TARGET_MAX, '哪条信息') },
    text: { type: String, required: true, ...textLimit(CORRECTION_TEXT_MAX, '要怎么改') },
    status: { type: String, required: true, enum: CorrectionStatusSchema.options, default: 'open' },
    createdAt: { type: Date, required: true },
    limitSlot: { type: String },
  },
  { versionKey: false },
)
// A person's own requests (their data export, the open-request limit) and a village's list, newest first.
correctionRequestSchema.index({ userId: 1, status: 1 })
correctionRequestSchema.index({ villageCode: 1, createdAt: -1 })
correctionRequestSchema.index(LIMIT_SLOT_INDEX.spec, LIMIT_SLOT_INDEX.options)

/** Registers (once) and returns the CorrectionRequest model on a connection. */
export function correctionRequestModel(conn: Connection): Model<CorrectionRequest> {
  return (
    conn.models.CorrectionRequest ??
    conn.model<CorrectionRequest>('CorrectionRequest', correctionRequestSchema, 'correction_requests')
  )
}
