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
  /**
   * Set when the village was retired (撤并): from `retiredOn` on it no longer exists on its own and owes nothing due
   * from then (`retirementStanding` in @cunwu/domain); its published history stays public. `mergedIntoName` is the
   * taking village's name when the retirement was entered; answers read its current name instead
   * (`withCurrentMergedIntoNames`). Null or absent while the village exists on its own.
   * Set and undone by an admin covering it (`PUT`/`DELETE /regions/:code/retirement`); a region import leaves it.
   */
  retirement?: RegionRetirement | null
}

/** A village's retirement as stored (the reason is in the audit trail too). */
export interface RegionRetirement {
  retiredOn: string
  mergedInto: string | null
  mergedIntoName: string | null
  reason: string
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
    retirement: {
      type: new Schema<RegionRetirement>(
        {
          retiredOn: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
          mergedInto: { type: String, default: null, match: /^\d{12}$/ },
          mergedIntoName: { type: String, default: null },
          reason: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { versionKey: false },
)

/** A region as a list or file gives it (an import, the demo seed): its code and the fields they set. */
export type RegionListed = Pick<Region, 'name' | 'level' | 'codeYear'> & {
  code: string
  parentCode?: string | null
  urbanRuralCode?: string | null
}

/**
 * The one write that stores a listed region (a bulkWrite operation): its fields set, created when new, the
 * fields a list does not give (contact, retirement) left as they are; `also`, more fields the caller sets.
 */
export function regionUpsert(r: RegionListed, also: Partial<Region> = {}) {
  return {
    updateOne: {
      filter: { _id: r.code },
      update: {
        $set: {
          name: r.name,
          level: r.level,
          parentCode: r.parentCode ?? null,
          codeYear: r.codeYear,
          urbanRuralCode: r.urbanRuralCode ?? null,
          ...also,
        },
      },
      upsert: true,
    },
  }
}

/** Registers (once) and returns the Region model on a connection. */
export function regionModel(conn: Connection): Model<Region> {
  return conn.models.Region ?? conn.model<Region>('Region', regionSchema)
}
