import type {
  ConsultationDto,
  ConsultationMineDto,
  ConsultationParticipantsDto,
  ConsultationParticipationDto,
  ConsultationQuestion,
  ConsultationResponse,
  ConsultationTallyDto,
} from '@cunwu/domain'
import { redactSensitiveNumbers } from '@cunwu/domain'
import type { Consultation } from '../models/Consultation.model'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type {
  ConsultationComment,
  ConsultationEntitlement,
  ConsultationOpenAnswers,
  VillageParticipation,
} from '../models/consultation-views'

/**
 * Every text a person typed (title, draft, questions and options, file names, comments, open answers) goes out
 * through the one scrubber (docs/scrubbing.md): the whole village reads a consultation, and there is no draft to
 * edit once it is open, so staff read the same scrubbed text. Comments and open answers were scrubbed when stored;
 * they are scrubbed again here, so what the scrubber learns later also covers what was stored before.
 */
const scrub = redactSensitiveNumbers

function presentQuestion(q: ConsultationQuestion): ConsultationQuestion {
  return q.kind === 'text'
    ? { kind: q.kind, text: scrub(q.text) }
    : { kind: q.kind, text: scrub(q.text), options: q.options.map(scrub) }
}

function presentResponse(r: ConsultationResponse): ConsultationResponse {
  return 'text' in r ? { text: scrub(r.text) } : { options: r.options }
}

/** The frozen tally: counts only; the question texts and option labels scrubbed like the questions. */
export function presentTally(t: ConsultationTallyDto): ConsultationTallyDto {
  return {
    eligible: t.eligible,
    answered: t.answered,
    participationPercent: t.participationPercent,
    questions: t.questions.map((q) => ({
      text: scrub(q.text),
      kind: q.kind,
      answered: q.answered,
      options: q.options.map((o) => ({ label: scrub(o.label), count: o.count, percent: o.percent })),
    })),
  }
}

/** A consultation as its village's members and staff read it; the tally only once it is frozen (after the deadline). */
export function presentConsultation(c: Consultation, now: Date): ConsultationDto {
  return {
    id: c._id.toHexString(),
    villageCode: c.villageCode,
    title: scrub(c.title),
    draft: scrub(c.draft),
    attachments: c.attachments.map((a) => ({
      disclosureId: a.disclosureId.toHexString(),
      fileId: a.fileId.toHexString(),
      filename: scrub(a.filename),
      size: a.size,
    })),
    questions: c.questions.map(presentQuestion),
    deadline: c.deadline.toISOString(),
    unit: c.unit,
    ballot: c.ballot,
    status: c.status,
    closed: now.getTime() >= c.deadline.getTime(),
    openedBy: c.openedBy,
    createdAt: c.createdAt.toISOString(),
    tally: c.tally ? presentTally(c.tally) : null,
    summaryDisclosureId: c.summaryDisclosureId?.toHexString() ?? null,
  }
}

/**
 * What the viewer may answer for, each with the answer the viewer gave (the service leaves out an answer someone
 * else gave under the same key: the person's own, for their proxy; docs/consultations.md).
 */
export function presentMine(entitlements: ConsultationEntitlement[]): ConsultationMineDto {
  return {
    entitlements: entitlements.map((e) => ({
      householdNo: e.householdNo,
      name: e.name,
      as: e.as,
      answer: e.answer
        ? {
            responses: e.answer.responses.map(presentResponse),
            comment: scrub(e.answer.comment),
            updatedAt: e.answer.updatedAt.toISOString(),
          }
        : null,
      answeredByOther: e.answeredByOther,
    })),
  }
}

/**
 * Unsigned texts (comments, an open question's answers) scrubbed and ordered by their text (ties by the opaque id),
 * never by who wrote them or when.
 */
function presentUnsigned(texts: ConsultationComment[]): ConsultationComment[] {
  return texts
    .map((x) => ({ id: x.id, text: scrub(x.text) }))
    .sort((x, y) => x.text.localeCompare(y.text, 'zh') || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

/**
 * Who took part, for staff: names, households and when; each person's choices only in an open vote. Comments and
 * each open question's answers come as separate lists that cannot be tied to the participants: opaque ids (a keyed
 * hash, never the answer's id, whose first bytes are the time it was written), no time, and ordered by their text
 * (ties by the opaque id), not by the participants' order (docs/consultations.md).
 */
export function presentParticipants(
  c: Consultation,
  answers: ConsultationAnswer[],
  comments: ConsultationComment[] | null,
  openAnswers: ConsultationOpenAnswers[] | null,
  textsHeld: number | null,
): ConsultationParticipantsDto {
  return {
    ballot: c.ballot,
    participants: answers.map((a) => ({
      householdNo: a.householdNo,
      name: a.name,
      via: a.via,
      // The first answer's time: a later change does not move it, so staff cannot watch who changes their mind.
      answeredAt: a.createdAt.toISOString(),
      responses: c.ballot === 'open' ? a.responses.map(presentResponse) : null,
    })),
    // Null before the deadline (ConsultationsService.participants); ordered by text, never by participant.
    comments: comments ? presentUnsigned(comments) : null,
    openAnswers:
      openAnswers?.map((q) => ({
        question: q.question,
        text: scrub(c.questions[q.question]?.text ?? ''),
        answers: presentUnsigned(q.answers),
      })) ?? null,
    textsHeld,
  }
}

/** Participation per village (the township dashboard). */
export function presentParticipation(villages: VillageParticipation[]): ConsultationParticipationDto {
  return { villages }
}
