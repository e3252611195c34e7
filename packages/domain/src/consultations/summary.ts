import { shanghaiDateTimeOf } from '../schedules/dates'
import { DISCLOSURE_TITLE_MAX } from '../api/disclosures'
import { CONSULTATION_SUMMARY_TITLE_PREFIX } from './schemas'
import type { ConsultationTallyDto, ConsultationUnit } from './schemas'

/** A deadline as villagers read it, in China time (UTC+8, no daylight saving): `12月10日 18:00`. */
export function consultationDeadlineText(deadline: Date): string {
  // YYYY-MM-DDTHH:mm:ss in Shanghai, read by the domain's one date rule.
  const local = shanghaiDateTimeOf(deadline)
  return `${Number(local.slice(5, 7))}月${Number(local.slice(8, 10))}日 ${local.slice(11, 16)}`
}

/**
 * The title of a consultation's summary disclosure: 征求意见结果： and the title, whole for every title the schema
 * takes (CONSULTATION_TITLE_MAX); a longer one stored before that limit is cut to the disclosure title's length.
 */
export function consultationSummaryTitle(title: string): string {
  return `${CONSULTATION_SUMMARY_TITLE_PREFIX}${title}`.slice(0, DISCLOSURE_TITLE_MAX)
}

/**
 * The text of a consultation's summary disclosure (征求意见结果公开): how many took part, each question's counts and
 * percentages, the open answers chosen for publication under their question and the chosen comments (already
 * scrubbed, unsigned), and what was decided as a result. Only the tally goes in, so no one's choice can appear.
 */
export function consultationSummaryText(input: {
  title: string
  unit: ConsultationUnit
  /** The deadline as villagers read it (China time). */
  deadlineText: string
  tally: ConsultationTallyDto
  comments: readonly string[]
  /** Answers to open questions chosen for publication (already scrubbed), by question index. */
  openAnswers?: ReadonlyMap<number, readonly string[]>
  decided: string
}): string {
  const { tally } = input
  const who = input.unit === 'household' ? '户' : '人'
  const lines = [
    `本村就「${input.title}」征求意见，已于${input.deadlineText}截止。`,
    `应参与 ${tally.eligible} ${who}，实际参与 ${tally.answered} ${who}，参与率 ${tally.participationPercent}%。`,
    '',
  ]
  tally.questions.forEach((q, i) => {
    lines.push(`${i + 1}. ${q.text}（${q.answered} ${who}作答）`)
    for (const o of q.options) lines.push(`   ${o.label}：${o.count} ${who}，占 ${o.percent}%`)
    for (const a of input.openAnswers?.get(i) ?? []) lines.push(`   · ${a}`)
  })
  if (input.comments.length > 0) {
    lines.push('', '主要意见：')
    input.comments.forEach((c) => lines.push(`· ${c}`))
  }
  lines.push('', `处理结果：${input.decided}`)
  return lines.join('\n')
}
