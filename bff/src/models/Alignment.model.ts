import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { AlignmentStatusSchema, AlignmentVerificationActionSchema } from '@cunwu/domain'
import type { AlignmentResult } from '@cunwu/alignment'
import type { AlignmentStatus, AlignmentVerificationAction, DifferenceSummary } from '@cunwu/domain'

/** A township officer's step on an alignment: who, when, and what they wrote. */
export interface AlignmentAction {
  userId: Types.ObjectId
  name: string
  at: Date
  text: string | null
  /** Whose office acted: the township or the county (absent on actions stored before it was kept: the township). */
  level?: 'township' | 'county'
}

/**
 * The derived comparison of a village disclosure with the government's publication of the same matter, one per
 * (village, village catalog item, period): `key` is unique, so recomputing (on any publish, version or
 * retraction, a retry, or a sweep) rewrites the same document instead of adding one.
 */
export interface Alignment {
  _id: Types.ObjectId
  /** `${villageCode}|${catalogItemId}|${period}`. */
  key: string
  villageCode: string
  townshipCode: string
  countyCode: string
  /** The village catalog item. */
  catalogItemId: string
  period: string
  status: Exclude<AlignmentStatus, 'verified'>
  disclosureId: Types.ObjectId | null
  disclosureVersion: number | null
  governmentItemId: Types.ObjectId | null
  governmentVersion: number | null
  governmentRegionCode: string | null
  /** comparisonFingerprint of the result (null when a side is missing). */
  fingerprint: string | null
  alignmentVersion: string
  result: AlignmentResult | null
  discrepancyCount: number
  /** The differences as villagers count them (households, money; `summarizeDifferences`); absent on older documents. */
  differences?: DifferenceSummary | null
  /**
   * What the public is shown (`publicComparisonOf`): the comparison over the rows the public sees (rows about minors
   * left out on both sides, `rowsShownToPublic`). `result` is stored only when rows were hidden (`hiddenRows` > 0);
   * otherwise the public figures are the full ones. Absent on documents stored before it existed: the public view then
   * withholds counts and totals until the next recompute adds it. docs/catalog.md, section 3.
   */
  publicView?: PublicView
  /** Kept only while both compared versions and the fingerprint stay the same. */
  verification: (AlignmentAction & { action: AlignmentVerificationAction }) | null
  correction: AlignmentAction | null
  /** Bumped by every write: recomputations and verifications update conditionally on it. */
  revision: number
  computedAt: Date
}

/** The public's side of an alignment, stored with it (see `Alignment.publicView`). */
export interface PublicView {
  /** Rows of either side not shown to the public (about minors). */
  hiddenRows: number
  status: Exclude<AlignmentStatus, 'verified'>
  discrepancyCount: number
  differences: DifferenceSummary | null
  /** The comparison over the shown rows; null when no row is hidden (then it is `Alignment.result`). */
  result: AlignmentResult | null
}

/** What the public is shown of an alignment's comparison. */
export interface PublicComparison {
  status: Exclude<AlignmentStatus, 'verified'>
  /** null when there is no comparison, or when its figures are withheld (stored before `publicView` existed). */
  result: AlignmentResult | null
  discrepancyCount: number
  differences: DifferenceSummary | null
}

/**
 * The comparison the public (the feed's badge, the anonymous alignment view) is shown, over the rows the public sees,
 * so a hidden row counts nothing there. Staff views read the stored `result` itself. Pass `result` to get it back.
 */
export function publicComparisonOf(
  a: Pick<Alignment, 'status' | 'discrepancyCount' | 'differences' | 'publicView'> & {
    result?: AlignmentResult | null
  },
): PublicComparison {
  const p = a.publicView
  if (!p) {
    // Not known whether rows were hidden: the status, but no counts or totals (the badge says 存在差异).
    return { status: a.status, result: null, discrepancyCount: 0, differences: null }
  }
  return {
    status: p.status,
    result: p.hiddenRows > 0 ? p.result : (a.result ?? null),
    discrepancyCount: p.discrepancyCount,
    differences: p.differences,
  }
}

const actionSchema = {
  userId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  at: { type: Date, required: true },
  text: { type: String, default: null },
  level: { type: String, enum: ['township', 'county'], default: undefined },
}

const alignmentSchema = new Schema<Alignment>(
  {
    key: { type: String, required: true },
    villageCode: { type: String, required: true },
    townshipCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    catalogItemId: { type: String, required: true },
    period: { type: String, required: true },
    status: { type: String, required: true, enum: AlignmentStatusSchema.exclude(['verified']).options },
    disclosureId: { type: Schema.Types.ObjectId, default: null },
    disclosureVersion: { type: Number, default: null },
    governmentItemId: { type: Schema.Types.ObjectId, default: null },
    governmentVersion: { type: Number, default: null },
    governmentRegionCode: { type: String, default: null },
    fingerprint: { type: String, default: null },
    alignmentVersion: { type: String, required: true },
    result: { type: Schema.Types.Mixed, default: null },
    discrepancyCount: { type: Number, default: 0 },
    differences: { type: Schema.Types.Mixed, default: null },
    publicView: { type: Schema.Types.Mixed, default: undefined },
    verification: {
      type: new Schema(
        { ...actionSchema, action: { type: String, enum: AlignmentVerificationActionSchema.options } },
        { _id: false },
      ),
      default: null,
    },
    correction: { type: new Schema(actionSchema, { _id: false }), default: null },
    revision: { type: Number, required: true, default: 1 },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
alignmentSchema.index({ key: 1 }, { unique: true })
alignmentSchema.index({ disclosureId: 1 })
alignmentSchema.index({ townshipCode: 1, period: 1 })

/** Registers (once) and returns the Alignment model on a connection. */
export function alignmentModel(conn: Connection): Model<Alignment> {
  return conn.models.Alignment ?? conn.model<Alignment>('Alignment', alignmentSchema)
}
