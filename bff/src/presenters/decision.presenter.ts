import type { DecisionDto, DecisionStepDto } from '@cunwu/domain'
import {
  DECISION_KIND_LABELS,
  DECISION_MEETING_LABELS,
  DECISION_STATUS_LABELS,
  DECISION_STEP_LABELS,
  assessStep,
  explainStep,
} from '@cunwu/domain'
import type { DecisionStep } from '../models/Decision.model'
import type { DecisionView } from '../models/decision-views'

/** One step with its thresholds and their explanation in plain Chinese. */
function presentStep(s: DecisionStep): DecisionStepDto {
  const { quorum, votesNeeded } = assessStep(s)
  return {
    step: s.step,
    label: DECISION_STEP_LABELS[s.step],
    heldOn: s.heldOn,
    meeting: s.meeting,
    meetingLabel: DECISION_MEETING_LABELS[s.meeting].name,
    bodySize: s.bodySize,
    present: s.present,
    votes: { for: s.votes.for, against: s.votes.against, abstain: s.votes.abstain },
    motion: s.motion,
    note: s.note,
    consultationId: s.consultationId?.toHexString() ?? null,
    outcome: s.outcome,
    quorum,
    votesNeeded,
    explanation: explainStep(s),
  }
}

/**
 * A decision as the village's members and its staff see it (the same view: it holds counts, never names). Who
 * recorded each step stays in the audit log.
 */
export function presentDecision(v: DecisionView): DecisionDto {
  const d = v.decision
  return {
    id: d._id.toHexString(),
    villageCode: d.villageCode,
    title: d.title,
    kind: d.kind,
    kindLabel: DECISION_KIND_LABELS[d.kind],
    description: d.description,
    status: d.status,
    statusLabel: DECISION_STATUS_LABELS[d.status],
    steps: d.steps.map(presentStep),
    nextStep: d.nextStep,
    resolutionDisclosure: v.resolutionDisclosure,
    resultsDisclosure: v.resultsDisclosure,
    money: v.money,
    createdAt: d.createdAt.toISOString(),
  }
}
