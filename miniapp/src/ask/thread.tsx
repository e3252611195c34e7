import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import {
  OBJECTION_NEXT_STEP,
  QUESTION_KIND_LABELS,
  QUESTION_STATUS_LABELS,
  type PresentedTableDto,
  type QuestionDto,
} from '@cunwu/domain'
import { formatCell } from '@/components/disclosure-table'
import { formatDateTime, formatDueDate } from '@/utils/format'
import { LINK } from '@/utils/link-role'

/** One row of a public table in a line (第3行：王某某 · 2人 · 560.00 元), or null when there is no such row. */
export function rowLine(table: PresentedTableDto | null, rowRef: number): string | null {
  const row = table?.rows[rowRef - 1]
  if (!table || !row) return null
  return `第${rowRef}行：${table.columns.map((c) => formatCell(c, row[c.key])).join(' · ')}`
}

/** The badge of a thread: waiting, overdue, or its outcome. */
export function statusBadge(q: QuestionDto): { text: string; tone: 'open' | 'overdue' | 'done' } {
  if (q.status === 'open')
    return q.overdue
      ? { text: '已超期未答复', tone: 'overdue' }
      : { text: QUESTION_STATUS_LABELS.open, tone: 'open' }
  return { text: QUESTION_STATUS_LABELS[q.status], tone: 'done' }
}

/** Who answered, in villagers' words. */
const REPLIER = { secretary: '村里', township: '乡镇' } as const

/** A thread as a card: what was asked (and about which row), by when it is answered, and the answer. */
export function ThreadCard({
  q,
  onOpen,
  children,
}: {
  q: QuestionDto
  onOpen?: () => void
  children?: ReactNode
}) {
  const badge = statusBadge(q)
  return (
    <View
      className={`cw-ask__card cw-thread${badge.tone === 'overdue' ? ' cw-ask__card--overdue' : ''}`}
      data-id={q.id}
      data-status={q.status}
      onClick={onOpen}
    >
      {/* With onOpen the title is the card's link; the card may hold buttons (the office's actions). */}
      <Text className="cw-ask__card-title" {...(onOpen ? LINK : {})}>
        {QUESTION_KIND_LABELS[q.kind]} · {q.disclosureTitle}
      </Text>
      <Text className={`cw-ask__badge cw-ask__badge--${badge.tone} cw-thread__status`}>{badge.text}</Text>
      {q.rowRef !== null && <Text className="cw-ask__line">针对第{q.rowRef}行</Text>}
      {q.figureName && <Text className="cw-ask__line">针对：{q.figureName}</Text>}
      <Text className="cw-ask__text cw-thread__text">{q.text}</Text>
      <Text className="cw-ask__line">
        {formatDateTime(q.createdAt)} 提出
        {q.status === 'open' ? ` · 应在${formatDueDate(q.dueDate, q.provisional)}前答复` : ''}
      </Text>
      {q.reply && (
        <Text className="cw-ask__reply cw-thread__reply">
          {REPLIER[q.reply.by]}答复（{formatDateTime(q.reply.at)}）：{q.reply.text}
        </Text>
      )}
      {/* 异议未采纳 is not the end: say where to go next, as the read-aloud script does. */}
      {q.status === 'not_upheld' && (
        <Text className="cw-ask__line cw-thread__next">仍有异议的，{OBJECTION_NEXT_STEP}。</Text>
      )}
      {onOpen && <Text className="cw-ask__hint">点击查看</Text>}
      {children}
    </View>
  )
}
