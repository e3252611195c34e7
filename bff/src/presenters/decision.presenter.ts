import type { DecisionDto, DecisionStepDto } from '@cunwu/domain'
import {
  DECISION_KIND_LABELS,
  DECISION_MEETING_LABELS,
  DECISION_STATUS_LABELS,
  DECISION_STEP_LABELS,
  assessStep,
  explainStep,
  redactSensitiveNumbers,
} from '@cunwu/domain'
import type { DecisionStep } from '../models/Decision.model'
import type { DecisionDisclosureRef, DecisionView } from '../models/decision-views'

/** Typed text goes out through the one scrubber (docs/scrubbing.md): every member of the village reads it. */
const scrub = redactSensitiveNumbers

function presentRef(r: DecisionDisclosureRef | null): DecisionDisclosureRef | null {
  return r ? { ...r, title: scrub(r.title) } : null
}

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
    motion: scrub(s.motion),
    note: scrub(s.note),
    consultationId: s.consultationId?.toHexString() ?? null,
    outcome: s.outcome,
    quorum,
    votesNeeded,
    explanation: explainStep(s),
  }
}

/**
 * A decision as the village's members and its staff see it (the same view: it holds counts, never names). Who
 * recorded each step stays in the audit log. Every typed text (title, description, motions, notes, the linked
 * disclosures' and charges' titles) is scrubbed of ID, phone and bank numbers, for staff too: there is no draft
 * to edit, a step is recorded once (docs/decisions.md).
 */
export function presentDecision(v: DecisionView): DecisionDto {
  const d = v.decision
  return {
    id: d._id.toHexString(),
    villageCode: d.villageCode,
    title: scrub(d.title),
    kind: d.kind,
    kindLabel: DECISION_KIND_LABELS[d.kind],
    description: scrub(d.description),
    status: d.status,
    statusLabel: DECISION_STATUS_LABELS[d.status],
    steps: d.steps.map(presentStep),
    nextStep: d.nextStep,
    resolutionDisclosure: presentRef(v.resolutionDisclosure),
    resultsDisclosure: presentRef(v.resultsDisclosure),
    money: v.money
      ? { ...v.money, charges: v.money.charges.map((c) => ({ id: c.id, title: scrub(c.title) })) }
      : null,
    createdAt: d.createdAt.toISOString(),
  }
}
