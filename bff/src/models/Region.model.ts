import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'
import { RegionLevelSchema } from '@cunwu/domain'
import type { RegionLevel } from '@cunwu/domain'

/** A region of the administrative division tree, by its 12-digit code. */
export interface Region {
  _id: string
  name: string
  level: RegionLevel
  parentCode: string | null
  /** Year of the code table the code comes from. */
  codeYear: number
  /** 城乡分类代码 (villages and communities only). */
  urbanRuralCode: string | null
  /**
   * Public office phone (村委会办公电话), in the form `normalizeOfficePhone` stores; null or absent when not set. Set by
   * the village's secretary or the township or county above it (`PATCH /regions/:code/contact`).
   */
  officePhone?: string | null
}

const regionSchema = new Schema<Region>(
  {
    // The division code is the natural key, so it is the _id: lookups by code hit the primary index.
    _id: { type: String, match: /^\d{12}$/ },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: RegionLevelSchema.options },
    parentCode: { type: String, default: null, index: true },
    codeYear: { type: Number, required: true },
    urbanRuralCode: { type: String, default: null },
    officePhone: { type: String, default: null, match: /^(1[3-9]\d{9}|0\d{2,3}-[2-9]\d{6,7})$/ },
  },
  { versionKey: false },
)

/** Registers (once) and returns the Region model on a connection. */
export function regionModel(conn: Connection): Model<Region> {
  return conn.models.Region ?? conn.model<Region>('Region', regionSchema)
}
