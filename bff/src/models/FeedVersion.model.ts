import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'

/**
 * The version of a village's public feed, raised by every change that alters it (publish, retraction, an
 * alignment badge). Each BFF instance caches feed pages in memory and compares this number at most every 500 ms,
 * so a change made through one instance is served by every other within a second (SCALE.md).
 */
export interface FeedVersion {
  /** The village code. */
  _id: string
  version: number
  changedAt: Date
}

const feedVersionSchema = new Schema<FeedVersion>(
  {
    _id: { type: String },
    version: { type: Number, required: true },
    changedAt: { type: Date, required: true },
  },
  { versionKey: false },
)

/** Registers (once) and returns the FeedVersion model on a connection. */
export function feedVersionModel(conn: Connection): Model<FeedVersion> {
  return conn.models.FeedVersion ?? conn.model<FeedVersion>('FeedVersion', feedVersionSchema)
}
