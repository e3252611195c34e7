import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'

/**
 * The version of a region's public answers, raised by every change that alters them (publish, retraction, an
 * alignment badge) for the village and every region above it. Each BFF instance caches feed pages, items' public
 * views and searches in memory and compares this number at most every 300 ms (FEED_VERSION_CHECK_MS), so a change
 * made through one instance is served by every other within a second (SCALE.md).
 */
export interface FeedVersion {
  /**
   * The village code, or a township's, county's, city's or province's (searches below it); `guides:<county code>`
   * for the county's service guide texts, which searches in the county show.
   */
  _id: string
  version: number
  changedAt: Date
  /**
   * What each of the last raises changed, oldest first, the last one being `version`'s: a hash of the series key
   * of the disclosures whose public views it changed (FeedVersions), or `*` for anything. An instance that sees the
   * version move keeps the item views of other series (PublicReadCache); versions older than the list reload
   * everything.
   */
  recent?: string[]
}

const feedVersionSchema = new Schema<FeedVersion>(
  {
    _id: { type: String },
    version: { type: Number, required: true },
    changedAt: { type: Date, required: true },
    recent: { type: [String], default: undefined },
  },
  { versionKey: false },
)

/** Registers (once) and returns the FeedVersion model on a connection. */
export function feedVersionModel(conn: Connection): Model<FeedVersion> {
  return conn.models.FeedVersion ?? conn.model<FeedVersion>('FeedVersion', feedVersionSchema)
}
