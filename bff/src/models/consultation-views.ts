import type { Entitlement } from '@cunwu/domain'
import type { ConsultationAnswer } from './ConsultationAnswer.model'

/** What the consultation services derive for the presenter (consultation.presenter.ts imports no service). */

/** Someone the viewer may answer for, with the answer given so far. */
export interface ConsultationEntitlement extends Entitlement {
  answer: ConsultationAnswer | null
  /** Someone else answered under this key (never what they chose). */
  answeredByOther: boolean
}

/**
 * A comment staff may choose for the summary, apart from who wrote it: `id` is a keyed hash of the answer
 * (`publishableCommentsOf`, services/consultation-comments.service.ts), never the answer's ObjectId, whose first bytes are the time it was written.
 */
export interface ConsultationComment {
  id: string
  text: string
}

/**
 * One open (text) question's answers staff may read and choose for the summary, apart from who wrote them: each
 * under a keyed hash of the answer, the question and the text (`publishableOpenAnswersOf`).
 */
export interface ConsultationOpenAnswers {
  /** The question's index in the consultation. */
  question: number
  answers: ConsultationComment[]
}

/** Participation of one village (the township dashboard). */
export interface VillageParticipation {
  villageCode: string
  /** Consultations still open, and closed ones. */
  open: number
  closed: number
  /** Over the closed ones: eligible persons or households, and how many answered. */
  eligible: number
  answered: number
  ratePercent: number
}
