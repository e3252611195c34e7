import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'

/** A catalog version the system has loaded, so a new version is recorded (and audited) exactly once. */
export interface CatalogVersion {
  _id: string
  loadedAt: Date
  domainCount: number
  itemCount: number
}

const catalogVersionSchema = new Schema<CatalogVersion>(
  {
    _id: { type: String },
    loadedAt: { type: Date, required: true },
    domainCount: { type: Number, required: true },
    itemCount: { type: Number, required: true },
  },
  { versionKey: false },
)

/** Registers (once) and returns the CatalogVersion model on a connection. */
export function catalogVersionModel(conn: Connection): Model<CatalogVersion> {
  return conn.models.CatalogVersion ?? conn.model<CatalogVersion>('CatalogVersion', catalogVersionSchema)
}
