import {
  ContentCheckSchema,
  QUESTION_PUBLIC_TEXT_MAX,
  QUESTION_TEXT_MAX,
  QuestionKindSchema,
  QuestionStatusSchema,
} from '@cunwu/domain'
import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import type { ContentCheck, QuestionKind, QuestionStatus } from '@cunwu/domain'
import { textLimit } from './text-limit'

/**
 * A villager's question or objection (异议) on a published disclosure, answered on a clock of working days
 * (docs/questions.md). The asker's identity is kept here and never presented publicly.
 */
export interface Question {
  _id: Types.ObjectId
  disclosureId: Types.ObjectId
  /** Title of the disclosure when asked, for lists and messages. */
  disclosureTitle: string
  /** The version asked on; threads belong to the series and are listed on each of its public versions. */
  disclosureVersion?: number | null
  seriesKey: string
  villageCode: string
  askerId: Types.ObjectId
  kind: QuestionKind
  text: string
  /** 1-based row of the public table; only the number is kept, never the row's cells. */
  rowRef: number | null
  /** The stored row (1-based) rowRef stands for: the public table leaves out rows about minors. Staff only. */
  storedRow?: number | null
  figureName: string | null
  /** `review` when the content check asked for a person to look: staff see it, nothing is public. */
  contentCheck: ContentCheck
  status: QuestionStatus
  dueDate: string
  dueAt: Date
  provisional: boolean
  /** When the overdue thread went to the township (once). */
  escalatedAt: Date | null
  reply: { text: string; by: 'secretary' | 'township'; userId: Types.ObjectId; at: Date } | null
  /** The corrected version started to uphold the objection; publishing it upholds the question. */
  correctionDisclosureId: Types.ObjectId | null
  /** Shown with its answer as public Q&A on the item (with the asker's consent). */
  public: boolean
  /**
   * What the public reads in place of the question and of the answer, written by the secretary when publishing
   * (the typed texts carried a minor's details, say); null: the originals, scrubbed. The asker and staff read
   * the originals.
   */
  publicText?: string | null
  publicReplyText?: string | null
  /** The last withdrawal of the public Q&A (撤回公开), with its reason; the audit log keeps each one. */
  unpublished?: { at: Date; reason: string; userId: Types.ObjectId } | null
  createdAt: Date
  closedAt: Date | null
}

const questionSchema = new Schema<Question>(
  {
    disclosureId: { type: Schema.Types.ObjectId, required: true },
    disclosureTitle: { type: String, required: true },
    disclosureVersion: { type: Number, default: null },
    seriesKey: { type: String, required: true },
    villageCode: { type: String, required: true, match: /^\d{12}$/ },
    askerId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true, enum: QuestionKindSchema.options },
    text: { type: String, required: true, ...textLimit(QUESTION_TEXT_MAX, '留言') },
    rowRef: { type: Number, default: null },
    storedRow: { type: Number, default: null },
    figureName: { type: String, default: null },
    contentCheck: { type: String, required: true, enum: ContentCheckSchema.options },
    status: {
      type: String,
      required: true,
      enum: QuestionStatusSchema.options,
      default: 'open',
    },
    dueDate: { type: String, required: true },
    dueAt: { type: Date, required: true },
    provisional: { type: Boolean, required: true },
    escalatedAt: { type: Date, default: null },
    reply: { type: Schema.Types.Mixed, default: null },
    correctionDisclosureId: { type: Schema.Types.ObjectId, default: null },
    public: { type: Boolean, default: false },
    publicText: { type: String, default: null, ...textLimit(QUESTION_PUBLIC_TEXT_MAX, '公开的问题') },
    publicReplyText: {
      type: String,
      default: null,
      ...textLimit(QUESTION_PUBLIC_TEXT_MAX, '公开的回复'),
    },
    unpublished: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false },
)
// A disclosure's threads, a series' threads; a village's open threads by deadline; the upkeep's overdue scan; one's own threads.
questionSchema.index({ disclosureId: 1, createdAt: 1 })
questionSchema.index({ seriesKey: 1, createdAt: 1 })
questionSchema.index({ villageCode: 1, status: 1, dueAt: 1 })
questionSchema.index({ status: 1, escalatedAt: 1, dueAt: 1 })
questionSchema.index({ askerId: 1, createdAt: -1 })
questionSchema.index({ correctionDisclosureId: 1 })

/** Registers (once) and returns the Question model on a connection. */
export function questionModel(conn: Connection): Model<Question> {
  return conn.models.Question ?? conn.model<Question>('Question', questionSchema, 'questions')
}
