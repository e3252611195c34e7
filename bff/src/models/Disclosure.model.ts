import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { DisclosureStatusSchema, FIGURE_NAME_MAX } from '@cunwu/domain'
import type { CellValue, DisclosureStatus, Figure } from '@cunwu/domain'
import { textLimit } from './text-limit'

/** A file attached to a disclosure, stored in GridFS. */
export interface Attachment {
  fileId: Types.ObjectId
  filename: string
  contentType: string
  size: number
}

/**
 * An attachment taken down after publication (it showed an ID card, a bank card): the file is deleted, the version
 * keeps when and why (shown as 附件已撤下); the file name is kept only in the audit log (docs/versions.md).
 */
export interface WithdrawnAttachment {
  fileId: Types.ObjectId
  reason: string
  withdrawnAt: Date
}

/** The catalog item of 决议公开, which a passed 四议两公开 decision drafts (`decisions.service.ts`). */
export const DECISION_RESOLUTION_ITEM = 'village-affairs.four-two.resolution'

/**
 * Whether a disclosure is a decision's 决议公开: its title, text and deliberation table are written from the steps as
 * recorded, which are never edited (docs/decisions.md), so they stay as drafted in every version (refused by
 * `disclosure-edits.service.ts`, told to the editor by the staff view's `generatedFromDecision`).
 */
export function isDecisionResolution(d: Pick<Disclosure, 'catalogItemId' | 'seriesKey'>): boolean {
  return d.catalogItemId === DECISION_RESOLUTION_ITEM && /\|decision:[0-9a-f]{24}$/.test(d.seriesKey)
}

/**
 * One version of a village disclosure for (village, catalog item, period). A published version is never edited:
 * a change is a new version, and publishing it supersedes the previous one.
 */
export interface Disclosure {
  _id: Types.ObjectId
  regionCode: string
  catalogItemId: string
  catalogVersion: string
  domainId: string
  period: string
  /** `${regionCode}|${catalogItemId}|${period}`: the series all versions share. */
  seriesKey: string
  version: number
  /** Set to seriesKey while a version is draft or pending review; unique, so a series has one open version. */
  openKey: string | null
  status: DisclosureStatus
  title: string
  body: string
  interpretation: { qa: { q: string; a: string }[]; chart: unknown } | null
  /** Named figures the secretary entered (低保标准 680 元/月); absent on documents written before figures existed. */
  figures?: Figure[]
  /** Full rows, kept for alignment and the household itself; never presented publicly as they are. */
  rows: Record<string, CellValue>[] | null
  totals: Record<string, number> | null
  attachments: Attachment[]
  /** Attachments withdrawn after publication; absent on documents written before it existed. */
  withdrawnAttachments?: WithdrawnAttachment[]
  changeNote: string | null
  authorId: Types.ObjectId
  /**
   * Who drafted or submitted this in place of its retired (撤并) village: the village it merged into, or the township
   * or county above it, by its name then (docs/catalog.md "A retired village"); absent or null for the village's own.
   */
  successor?: { regionCode: string; name: string } | null
  reviewerId: Types.ObjectId | null
  reviewComment: string | null
  /** Whose review the last decision was, as texts name it (乡镇 or 县里, `reviewOfficeIn`); absent before it existed. */
  reviewOffice?: '乡镇' | '县里' | null
  submittedAt: Date | null
  reviewedAt: Date | null
  publishedAt: Date | null
  /** Earliest end of the posting window (at least the catalog's minimum, 5 days by default). */
  postingUntil: Date | null
  /** Rosters leave the public feed after this (kept for alignment and 与我相关). */
  hideAfter: Date | null
  retractedAt: Date | null
  retractReason: string | null
  /** Who retracted it (null before a retraction, or when retracted by the system). */
  retractedBy: Types.ObjectId | null
  supersededAt: Date | null
  /** Distinct search tokens of title, body and category (multikey index: finds candidates). */
  searchTokens: string[]
  /** Tokens with repeats, per field, for relevance ranking. */
  titleTokens: string[]
  bodyTokens: string[]
  categoryTokens: string[]
  /** Normalised household keys named in the rows (`no:<户号>`, `name:<姓名>`), for 与我相关. */
  householdKeys: string[]
  /**
   * Rows whose name contradicts the village roster for their 户号, as the secretary reads them (第3行：户号002在户籍名册上是
   * 李秀英，表中为黄春生), checked on every save; submitting needs them fixed or confirmed. Absent on older documents.
   */
  rosterMismatches?: string[]
  /**
   * Version of the rules that derived searchTokens and householdKeys (`DISCLOSURE_INDEX_VERSION`); upkeep re-derives
   * documents written under an older one. Absent on documents from before it existed.
   */
  indexVersion?: number
  /**
   * What a person can see or approve, numbered: raised by one on every update (the schema's update hooks) except one
   * that writes only `INDEX_FIELDS` (the derived search and household keys, rewritten in the background by
   * `reindexStale`), so a reviewer's or editor's copy named by it (`lib/revision.ts`) is stale only when something
   * they read changed. Absent (0) until the first update after it existed.
   */
  revision?: number
  /**
   * Raised by one on every update, background ones too, so a copy kept by it (KeptDisclosures, which also serves the
   * search tokens) knows when it is out of date; `updatedAt` alone cannot tell two updates in one millisecond apart.
   * Absent (0) until the first update after it existed.
   */
  writes?: number
  createdAt: Date
  updatedAt: Date
}

/** A disclosure as lists read it: without the search and household index fields. */
export type DisclosureView = Omit<
  Disclosure,
  'searchTokens' | 'titleTokens' | 'bodyTokens' | 'categoryTokens' | 'householdKeys'
>

const attachmentSchema = new Schema<Attachment>(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
  },
  { _id: false },
)

const withdrawnAttachmentSchema = new Schema<WithdrawnAttachment>(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true },
    withdrawnAt: { type: Date, required: true },
  },
  { _id: false },
)

const figureSchema = new Schema<Figure>(
  {
    name: { type: String, required: true, ...textLimit(FIGURE_NAME_MAX, '数额名称') },
    // A number or the text as written: both kinds are kept as given.
    value: { type: Schema.Types.Mixed, required: true },
    unit: { type: String },
  },
  { _id: false },
)

const disclosureSchema = new Schema<Disclosure>(
  {
    regionCode: { type: String, required: true, match: /^\d{12}$/ },
    catalogItemId: { type: String, required: true },
    catalogVersion: { type: String, required: true },
    domainId: { type: String, required: true },
    period: { type: String, required: true },
    seriesKey: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    openKey: { type: String, default: null },
    status: {
      type: String,
      required: true,
      enum: DisclosureStatusSchema.options,
    },
    title: { type: String, required: true },
    body: { type: String, default: '' },
    interpretation: { type: Schema.Types.Mixed, default: null },
    figures: { type: [figureSchema], default: [] },
    rows: { type: [Schema.Types.Mixed], default: null },
    totals: { type: Schema.Types.Mixed, default: null },
    attachments: { type: [attachmentSchema], default: [] },
    withdrawnAttachments: { type: [withdrawnAttachmentSchema], default: [] },
    changeNote: { type: String, default: null },
    authorId: { type: Schema.Types.ObjectId, required: true },
    successor: { type: new Schema({ regionCode: String, name: String }, { _id: false }) },
    reviewerId: { type: Schema.Types.ObjectId, default: null },
    reviewComment: { type: String, default: null },
    reviewOffice: { type: String, default: null },
    submittedAt: { type: Date, default: null },
    reviewedAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    postingUntil: { type: Date, default: null },
    hideAfter: { type: Date, default: null },
    retractedAt: { type: Date, default: null },
    retractReason: { type: String, default: null },
    retractedBy: { type: Schema.Types.ObjectId, default: null },
    supersededAt: { type: Date, default: null },
    searchTokens: { type: [String], default: [] },
    titleTokens: { type: [String], default: [] },
    bodyTokens: { type: [String], default: [] },
    categoryTokens: { type: [String], default: [] },
    householdKeys: { type: [String], default: [] },
    rosterMismatches: { type: [String], default: [] },
    indexVersion: { type: Number },
    revision: { type: Number },
    writes: { type: Number },
  },
  { timestamps: true },
)
/**
 * Fields derived from what a disclosure says, never shown as such: the search tokens and the household keys (and the
 * version of the rules that derived them). An update writing only these changes nothing a person reads or approves.
 */
export const INDEX_FIELDS: ReadonlySet<string> = new Set([
  'searchTokens',
  'titleTokens',
  'bodyTokens',
  'categoryTokens',
  'householdKeys',
  'indexVersion',
])

/** The top-level fields an update document writes (operators' fields, and plain fields as an implicit $set). */
function fieldsWritten(update: Record<string, unknown>): string[] {
  return Object.entries(update).flatMap(([key, value]) =>
    key.startsWith('$') && value !== null && typeof value === 'object'
      ? Object.keys(value).map((path) => path.split('.')[0] ?? path)
      : [key],
  )
}

/**
 * Whether an update writes only `INDEX_FIELDS` (background re-derivation): it leaves `revision` as it was. The
 * timestamps the schema adds to every update do not count (a background writer passes `timestamps: false`).
 */
export function writesIndexOnly(update: Record<string, unknown>): boolean {
  const fields = fieldsWritten(update).filter((f) => f !== 'updatedAt' && f !== 'createdAt')
  return fields.length > 0 && fields.every((f) => INDEX_FIELDS.has(f))
}

const raise = (field: string) => ({ $set: { [field]: { $add: [{ $ifNull: [`$${field}`, 0] }, 1] } } })

// Every update through the model raises `writes`, and `revision` unless it writes only INDEX_FIELDS (see the fields).
// Disclosures are written through the model only.
disclosureSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
  const update = this.getUpdate()
  if (update === null) return
  if (Array.isArray(update)) {
    // A pipeline update: two more stages (a pipeline may compute any field, so it counts as an edit).
    this.setUpdate([...update, raise('revision'), raise('writes')])
    return
  }
  const inc = { ...(update.$inc ?? {}), writes: 1, ...(writesIndexOnly(update) ? {} : { revision: 1 }) }
  this.setUpdate({ ...update, $inc: inc })
})
// Versions of a series are numbered once each; a second draft for the same item and period is refused.
disclosureSchema.index({ seriesKey: 1, version: 1 }, { unique: true })
disclosureSchema.index(
  { openKey: 1 },
  { unique: true, partialFilterExpression: { openKey: { $type: 'string' } } },
)
disclosureSchema.index({ regionCode: 1, status: 1, publishedAt: -1 })
disclosureSchema.index({ searchTokens: 1 })
disclosureSchema.index({ householdKeys: 1 })

/** Registers (once) and returns the Disclosure model on a connection. */
export function disclosureModel(conn: Connection): Model<Disclosure> {
  return conn.models.Disclosure ?? conn.model<Disclosure>('Disclosure', disclosureSchema)
}
