import type { DisclosureCreateReq } from '@cunwu/domain'
import {
  chineseDate,
  DECISION_KIND_LABELS,
  DECISION_MEETING_LABELS,
  DECISION_STEP_LABELS,
  explainStep,
  formatYuan,
} from '@cunwu/domain'
import type { Decision, DecisionStep } from '../models/Decision.model'
import { refuseMinorDetails } from './public-text'

/**
 * The texts of a decision's two disclosures (决议公开, 实施结果公开; docs/decisions.md), written from the record,
 * and the check that what the secretary types for them carries no details of a minor.
 */

/**
 * Refuses (422 `minor_details`) a decision's typed text that likely carries a minor's details: the title,
 * description, each step's motion and note and the results' text are published as written, in the 决议公开 or
 * 实施结果公开 and on the decision page, and the 决议公开 is never edited (docs/scrubbing.md). Checked before
 * anything is recorded.
 */
export function refuseMinorDetailsInDecision(texts: [text: string, what: string][], now: Date): void {
  for (const [text, what] of texts) refuseMinorDetails(text, what, now)
}

/** The 决议公开's text: the matter, then each step with its counts explained. */
export function resolutionText(d: Decision): string {
  const lines = [`事项：${d.title}（${DECISION_KIND_LABELS[d.kind]}）`]
  if (d.description) lines.push(d.description)
  for (const s of d.steps) {
    lines.push(
      '',
      `${DECISION_STEP_LABELS[s.step]}（${chineseDate(s.heldOn)}，${DECISION_MEETING_LABELS[s.meeting].name}）`,
    )
    lines.push(`议题：${s.motion}`, ...explainStep(s))
  }
  return lines.join('\n').slice(0, 20_000)
}

/**
 * The 实施结果公开's text: what was done and the money raised and spent on the decision, in 元 as the app writes
 * amounts (`formatYuan`: 1,234.56).
 */
export function resultsText(
  d: Pick<Decision, 'title'>,
  text: string,
  totals: { raisedFen: number; spentFen: number },
): string {
  return [
    `事项：${d.title}`,
    text,
    `按本事项收取的资金 ${formatYuan(totals.raisedFen)} 元（已扣除退款），支出 ${formatYuan(totals.spentFen)} 元（以村账目为准）。`,
  ].join('\n')
}

/** A step as a row of the catalog's deliberation table (议事记录). */
export function deliberationRow(s: DecisionStep): NonNullable<DisclosureCreateReq['rows']>[number] {
  const outcome = { passed: '通过', failed: '未通过', no_quorum: '到会人数不足' }[s.outcome]
  return {
    step: DECISION_STEP_LABELS[s.step],
    held_on: s.heldOn,
    expected: s.bodySize,
    present: s.present,
    approve: s.votes.for,
    oppose: s.votes.against,
    abstain: s.votes.abstain,
    outcome,
  }
}
