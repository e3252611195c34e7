import type { DecisionMeeting, DecisionStatus, DecisionStepKind, DecisionVotes, StepOutcome } from './schemas'
import { DECISION_MEETING_LABELS, DECISION_STEPS, MEETINGS_OF_STEP } from './schemas'
import { shanghaiDateOf } from '../schedules/dates'

/**
 * The counting rules of a deliberation step (docs/decisions.md):
 * - 村民会议 (村民委员会组织法 art. 22): more than half of the villagers aged 18+, or the representatives of two thirds
 *   or more of the households; a decision needs more than half of those present.
 * - 村民代表会议 (art. 26): two thirds or more of its members; a decision needs more than half of those present.
 * - The party and committee meetings of the other steps have no national quorum in the sources found; their motion
 *   is carried by more than half of those present (the majority rule, 中国共产党章程 art. 10).
 * 「以上」 includes the bound; 「过半数」 is strictly more than half.
 */

/**
 * Whether a consultation that ended at `deadline` can have informed a meeting held on `heldOn` (YYYY-MM-DD): its
 * deadline's date in Beijing time is on or before the meeting's (docs/decisions.md). The BFF refuses a step that
 * names any other (422); the step form offers only these.
 */
export function consultationInformsMeeting(deadline: Date | string, heldOn: string): boolean {
  return shanghaiDateOf(new Date(deadline)) <= heldOn
}

/** The meeting a step is held as when none is named. */
export function meetingOf(step: DecisionStepKind, meeting?: DecisionMeeting): DecisionMeeting {
  return meeting ?? MEETINGS_OF_STEP[step][0] ?? 'branch_committee'
}

/** The fewest attendees for the meeting to decide anything, or null where no national rule sets one. */
export function quorumOf(meeting: DecisionMeeting, bodySize: number): number | null {
  switch (meeting) {
    case 'villagers_adults':
      // 过半数: strictly more than half.
      return Math.floor(bodySize / 2) + 1
    case 'villagers_households':
    case 'representatives':
      // 三分之二以上: two thirds, the bound included.
      return Math.ceil((2 * bodySize) / 3)
    default:
      return null
  }
}

/** Votes for that carry a motion: more than half of those present (经到会人员的过半数通过). */
export function votesNeededOf(present: number): number {
  return Math.floor(present / 2) + 1
}

/** A count that cannot be true: more attendees than the body has, or more votes than attendees. */
export type StepCountProblem = 'attendance_exceeds_body' | 'votes_exceed_attendance'

/** What is wrong with a step's counts, or null when they can be true. */
export function countProblemOf(r: {
  bodySize: number
  present: number
  votes: DecisionVotes
}): StepCountProblem | null {
  if (r.present > r.bodySize) return 'attendance_exceeds_body'
  if (r.votes.for + r.votes.against + r.votes.abstain > r.present) return 'votes_exceed_attendance'
  return null
}

/** How a step with possible counts came out, with the thresholds applied. */
export interface StepAssessment {
  outcome: StepOutcome
  quorum: number | null
  votesNeeded: number
}

/** Applies the quorum, then the majority; the counts must have passed `countProblemOf`. */
export function assessStep(r: {
  meeting: DecisionMeeting
  bodySize: number
  present: number
  votes: DecisionVotes
}): StepAssessment {
  const quorum = quorumOf(r.meeting, r.bodySize)
  const votesNeeded = votesNeededOf(r.present)
  if ((quorum !== null && r.present < quorum) || r.present === 0)
    return { outcome: 'no_quorum', quorum, votesNeeded }
  return { outcome: r.votes.for >= votesNeeded ? 'passed' : 'failed', quorum, votesNeeded }
}

/** The step to record after these outcomes, or null when the deliberation ended (a step failed, or all passed). */
export function nextStepOf(outcomes: readonly StepOutcome[]): DecisionStepKind | null {
  if (outcomes.some((o) => o !== 'passed')) return null
  return DECISION_STEPS[outcomes.length] ?? null
}

/** The decision's status from its steps' outcomes. */
export function decisionStatusOf(outcomes: readonly StepOutcome[]): DecisionStatus {
  const closing = outcomes.find((o) => o !== 'passed')
  if (closing) return closing
  return outcomes.length === DECISION_STEPS.length ? 'passed' : 'deliberating'
}

/** The step's counts and thresholds in plain Chinese, one line each. */
export function explainStep(r: {
  meeting: DecisionMeeting
  bodySize: number
  present: number
  votes: DecisionVotes
}): string[] {
  const label = DECISION_MEETING_LABELS[r.meeting]
  const { outcome, quorum, votesNeeded } = assessStep(r)
  const lines = [`${label.name}：${label.size}共 ${r.bodySize}，${label.present} ${r.present}。`]
  if (r.meeting === 'villagers_adults')
    lines.push(`法律要求：本村18周岁以上村民过半数到会，即至少 ${quorum ?? 0} 人。`)
  else if (r.meeting === 'villagers_households')
    lines.push(`法律要求：本村三分之二以上的户派代表到会，即至少 ${quorum ?? 0} 户。`)
  else if (r.meeting === 'representatives')
    lines.push(`法律要求：村民代表会议三分之二以上的组成人员到会，即至少 ${quorum ?? 0} 人。`)
  lines.push(
    `表决：同意 ${r.votes.for}，反对 ${r.votes.against}，弃权 ${r.votes.abstain}；须超过到会人数的一半，即至少 ${votesNeeded} 票同意。`,
  )
  lines.push(
    outcome === 'passed'
      ? '结果：通过。'
      : outcome === 'failed'
        ? '结果：未通过。'
        : '结果：到会人数不足，会议不能作出决定。',
  )
  return lines
}
