import type { CrossCheckRunStatus, CrossCheckRunTrigger } from '@cunwu/domain'
import { CrossCheckRunStatusSchema, CrossCheckRunTriggerSchema } from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/** How a run was started: by staff, a changed village list, newly published standards, or the upkeep. */
export type CrossCheckTrigger = CrossCheckRunTrigger

/**
 * One run of the cross-village checks over a region and period (docs/cross-checks.md); answered 202 and polled
 * like an import. `lockKey` is set while running, so one region and period runs once at a time.
 */
export interface CrossCheckRun {
  _id: Types.ObjectId
  regionCode: string
  catalogItemId: string | null
  period: string
  trigger: CrossCheckTrigger
  status: CrossCheckRunStatus
  lockKey: string | null
  progress: { lists: number; listsChecked: number }
  counts: { found: number; opened: number; closed: number }
  error: string | null
  requestedBy: Types.ObjectId | null
  startedAt: Date
  finishedAt: Date | null
}

const runSchema = new Schema<CrossCheckRun>({
  regionCode: { type: String, required: true, match: /^\d{12}$/ },
  catalogItemId: { type: String, default: null },
  period: { type: String, required: true },
  trigger: { type: String, required: true, enum: CrossCheckRunTriggerSchema.options },
  status: { type: String, required: true, enum: CrossCheckRunStatusSchema.options },
  lockKey: { type: String, default: null },
  progress: { lists: { type: Number, default: 0 }, listsChecked: { type: Number, default: 0 } },
  counts: {
    found: { type: Number, default: 0 },
    opened: { type: Number, default: 0 },
    closed: { type: Number, default: 0 },
  },
  error: { type: String, default: null },
  requestedBy: { type: Schema.Types.ObjectId, default: null },
  startedAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
})
runSchema.index({ lockKey: 1 }, { unique: true, partialFilterExpression: { lockKey: { $type: 'string' } } })
runSchema.index({ regionCode: 1, startedAt: -1 })

/** Registers (once) and returns the CrossCheckRun model on a connection. */
export function crossCheckRunModel(conn: Connection): Model<CrossCheckRun> {
  return conn.models.CrossCheckRun ?? conn.model<CrossCheckRun>('CrossCheckRun', runSchema)
}
