import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { GovernmentItemLevelSchema, GovernmentItemStatusSchema } from '@cunwu/domain'
import type { GovernmentFigure, GovernmentItemLevel, GovernmentItemStatus } from '@cunwu/domain'

/**
 * One version of a township or county item (政务公开) for (region, catalog item, period). Like a village
 * disclosure it is never edited once published: a change is a new version that supersedes the previous one.
 * One item may cover many villages. Its rows live outside the document, in the `GovernmentRow` chunks of the
 * roster `rosterId` (a county roster would not fit in one document); the item only counts them.
 */
export interface GovernmentItem {
  _id: Types.ObjectId
  /** The publishing township or county. */
  regionCode: string
  level: GovernmentItemLevel
  catalogItemId: string
  catalogVersion: string
  period: string
  /** `${regionCode}|${catalogItemId}|${period}`: the series all versions share. */
  seriesKey: string
  version: number
  /** Set to seriesKey while a version is a draft; unique, so a series has one open version. */
  openKey: string | null
  status: GovernmentItemStatus
  title: string
  body: string
  figures: GovernmentFigure[]
  /** The roster holding the full rows (GovernmentRow chunks); null when no rows were entered (no table). */
  rosterId: Types.ObjectId | null
  /** Rows in the roster. */
  rowCount: number
  /** Rows per village, in village code order. */
  rosterVillages: RosterVillage[]
  /** Distinct villages the rows cover (multikey index: finds the counterpart of a village). */
  villageCodes: string[]
  changeNote: string | null
  authorId: Types.ObjectId
  publishedBy: Types.ObjectId | null
  publishedAt: Date | null
  retractedAt: Date | null
  retractReason: string | null
  supersededAt: Date | null
  createdAt: Date
  updatedAt: Date
}

/** How many rows of a roster belong to one village. */
export interface RosterVillage {
  code: string
  rows: number
}

const figureSchema = new Schema<GovernmentFigure>(
  {
    name: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    unit: { type: String },
  },
  { _id: false },
)

const governmentItemSchema = new Schema<GovernmentItem>(
  {
    regionCode: { type: String, required: true, match: /^\d{12}$/ },
    level: { type: String, required: true, enum: GovernmentItemLevelSchema.options },
    catalogItemId: { type: String, required: true },
    catalogVersion: { type: String, required: true },
    period: { type: String, required: true },
    seriesKey: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    openKey: { type: String, default: null },
    status: { type: String, required: true, enum: GovernmentItemStatusSchema.options },
    title: { type: String, required: true },
    body: { type: String, default: '' },
    figures: { type: [figureSchema], default: [] },
    rosterId: { type: Schema.Types.ObjectId, default: null },
    rowCount: { type: Number, default: 0, min: 0 },
    rosterVillages: {
      type: [
        new Schema<RosterVillage>(
          { code: { type: String, required: true }, rows: { type: Number, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
    villageCodes: { type: [String], default: [] },
    changeNote: { type: String, default: null },
    authorId: { type: Schema.Types.ObjectId, required: true },
    publishedBy: { type: Schema.Types.ObjectId, default: null },
    publishedAt: { type: Date, default: null },
    retractedAt: { type: Date, default: null },
    retractReason: { type: String, default: null },
    supersededAt: { type: Date, default: null },
  },
  { timestamps: true },
)
governmentItemSchema.index({ seriesKey: 1, version: 1 }, { unique: true })
governmentItemSchema.index(
  { openKey: 1 },
  { unique: true, partialFilterExpression: { openKey: { $type: 'string' } } },
)
// The counterpart lookup: published items of a catalog item and period that cover a village.
governmentItemSchema.index({ villageCodes: 1, catalogItemId: 1, period: 1, status: 1 })
governmentItemSchema.index({ regionCode: 1, status: 1, updatedAt: -1 })
// Whether a roster is still used by some version (before its chunks are deleted).
governmentItemSchema.index({ rosterId: 1 })

/** Registers (once) and returns the GovernmentItem model on a connection. */
export function governmentItemModel(conn: Connection): Model<GovernmentItem> {
  return conn.models.GovernmentItem ?? conn.model<GovernmentItem>('GovernmentItem', governmentItemSchema)
}
