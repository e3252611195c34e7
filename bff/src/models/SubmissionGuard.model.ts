import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'

/**
 * Guards of the requests a person may send twice without meaning to (middlewares/submissions.ts): an answered
 * create request kept under its `Idempotency-Key`, so the same key gets the same answer instead of a second record;
 * and the one submission of a kind a person has in progress. Removed by a TTL index when `expiresAt` passes.
 */
export interface SubmissionGuard {
  /**
   * `key:<sha256 of user, route and the client's key>` for an idempotency key; `busy:<route>|<user id>` for the
   * submission in progress.
   */
  _id: string
  /** For a key: SHA-256 of the request's JSON body, so a key sent again with other content is refused. */
  bodyHash?: string
  /** `pending` while the first request runs; `done` once its answer is kept here. */
  state: 'pending' | 'done'
  /** The first request's answer (a 2xx status and its JSON body), sent again for the same key. */
  status?: number
  body?: unknown
  createdAt: Date
  expiresAt: Date
}

const submissionGuardSchema = new Schema<SubmissionGuard>(
  {
    _id: { type: String },
    bodyHash: { type: String },
    state: { type: String, required: true, enum: ['pending', 'done'] },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { versionKey: false, minimize: false },
)

/** Registers (once) and returns the SubmissionGuard model on a connection. */
export function submissionGuardModel(conn: Connection): Model<SubmissionGuard> {
  return conn.models.SubmissionGuard ?? conn.model<SubmissionGuard>('SubmissionGuard', submissionGuardSchema)
}
