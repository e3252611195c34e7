import type {
  ConsultationDto,
  ConsultationMineDto,
  ConsultationParticipantsDto,
  ConsultationParticipationDto,
} from '@cunwu/domain'
import type { Consultation } from '../models/Consultation.model'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type { ConsultationEntitlement, VillageParticipation } from '../models/consultation-views'

/** A consultation as its village's members and staff read it; the tally only once it is frozen (after the deadline). */
export function presentConsultation(c: Consultation, now: Date): ConsultationDto {
  return {
    id: c._id.toHexString(),
    villageCode: c.villageCode,
    title: c.title,
    draft: c.draft,
    attachments: c.attachments.map((a) => ({
      disclosureId: a.disclosureId.toHexString(),
      fileId: a.fileId.toHexString(),
      filename: a.filename,
      size: a.size,
    })),
    questions: c.questions,
    deadline: c.deadline.toISOString(),
    unit: c.unit,
    ballot: c.ballot,
    status: c.status,
    closed: now.getTime() >= c.deadline.getTime(),
    openedBy: c.openedBy,
    createdAt: c.createdAt.toISOString(),
    tally: c.tally,
    summaryDisclosureId: c.summaryDisclosureId?.toHexString() ?? null,
  }
}

/** What the viewer may answer for, each with their own answer so far (nobody else's). */
export function presentMine(entitlements: ConsultationEntitlement[]): ConsultationMineDto {
  return {
    entitlements: entitlements.map((e) => ({
      householdNo: e.householdNo,
      name: e.name,
      as: e.as,
      answer: e.answer
        ? {
            responses: e.answer.responses,
            comment: e.answer.comment,
            updatedAt: e.answer.updatedAt.toISOString(),
          }
        : null,
    })),
  }
}

/**
 * Who took part, for staff: names, households and when; each person's choices only in an open vote. Comments come
 * as a separate list without names (the ones the content check passed), to choose what the summary publishes.
 */
export function presentParticipants(
  c: Consultation,
  answers: ConsultationAnswer[],
): ConsultationParticipantsDto {
  return {
    ballot: c.ballot,
    participants: answers.map((a) => ({
      householdNo: a.householdNo,
      name: a.name,
      via: a.via,
      answeredAt: a.updatedAt.toISOString(),
      responses: c.ballot === 'open' ? a.responses : null,
    })),
    comments: answers
      .filter((a) => a.comment.length > 0 && a.textCheck === 'pass')
      .map((a) => ({ id: a._id.toHexString(), text: a.comment }))
      .sort((x, y) => x.text.localeCompare(y.text, 'zh')),
  }
}

/** Participation per village (the township dashboard). */
export function presentParticipation(villages: VillageParticipation[]): ConsultationParticipationDto {
  return { villages }
}
