import {
  DECISION_MOTION_MAX,
  DECISION_NOTE_MAX,
  MEETINGS_OF_STEP,
  consultationInformsMeeting,
  countProblemOf,
  explainStep,
  meetingOf,
  readTypedDate,
  TYPED_DATE_HINT,
  type ConsultationDto,
  type DecisionMeeting,
  type DecisionStepKind,
} from '@cunwu/domain'
import type { DecisionStepInput } from '@/services/api/decisions'
import { firstTooLong } from '@/components/text-count'

/** The step form as typed: counts are text until checked. */
export interface StepForm {
  heldOn: string
  meeting: DecisionMeeting | null
  bodySize: string
  present: string
  for: string
  against: string
  abstain: string
  motion: string
  note: string
}

function count(text: string): number | null {
  const t = text.trim()
  if (!/^\d{1,7}$/.test(t)) return null
  return Number(t)
}

/** Checks the form for a step and builds the request, or answers the first thing to fix in plain words. */
export function toStepRequest(
  step: DecisionStepKind,
  form: StepForm,
): { ok: true; req: DecisionStepInput; preview: string[] } | { ok: false; message: string } {
  // Read as typed (２０２６-１２-０７, 2026年12月7日, a space before it): the rule the BFF's schema applies too.
  const heldOn = readTypedDate(form.heldOn)
  if (!heldOn.ok)
    return {
      ok: false,
      message:
        heldOn.problem === 'impossible'
          ? `会议日期不存在（${form.heldOn.trim()}），请核对`
          : `会议日期${TYPED_DATE_HINT}`,
    }
  const meeting = meetingOf(step, form.meeting ?? undefined)
  if (!MEETINGS_OF_STEP[step].includes(meeting)) return { ok: false, message: '请选择会议形式' }
  if (step === 'resolution' && form.meeting === null)
    return { ok: false, message: '请选择村民会议或村民代表会议' }
  const bodySize = count(form.bodySize)
  const present = count(form.present)
  const votes = { for: count(form.for), against: count(form.against), abstain: count(form.abstain) }
  if (bodySize === null || bodySize < 1) return { ok: false, message: '请写应到人数（整数）' }
  if (present === null) return { ok: false, message: '请写实到人数（整数）' }
  if (votes.for === null || votes.against === null || votes.abstain === null)
    return { ok: false, message: '请写同意、反对、弃权的票数（没有写 0）' }
  const counted = {
    bodySize,
    present,
    votes: { for: votes.for, against: votes.against, abstain: votes.abstain },
  }
  const problem = countProblemOf(counted)
  if (problem === 'attendance_exceeds_body') return { ok: false, message: '实到人数不能多于应到人数' }
  if (problem === 'votes_exceed_attendance') return { ok: false, message: '三种票数加起来不能多于实到人数' }
  if (form.motion.trim().length < 2) return { ok: false, message: '请写明议题内容' }
  const tooLong = firstTooLong([
    ['议题内容', form.motion, DECISION_MOTION_MAX],
    ['备注', form.note, DECISION_NOTE_MAX],
  ])
  if (tooLong) return { ok: false, message: tooLong }
  return {
    ok: true,
    req: {
      step,
      heldOn: heldOn.value,
      ...(step === 'resolution' ? { meeting } : {}),
      ...counted,
      motion: form.motion.trim(),
      note: form.note.trim(),
    },
    preview: explainStep({ meeting, ...counted }),
  }
}

/**
 * The consultations a step held on `heldOn` may rest on: closed ones whose deadline's Beijing date is on or before
 * the meeting's (`consultationInformsMeeting`, the rule the BFF applies); none until the date is written in full.
 */
export function consultationsForMeeting<C extends Pick<ConsultationDto, 'closed' | 'deadline'>>(
  consultations: readonly C[],
  heldOn: string,
): C[] {
  const day = readTypedDate(heldOn)
  if (!day.ok) return []
  return consultations.filter((c) => c.closed && consultationInformsMeeting(c.deadline, day.value))
}
