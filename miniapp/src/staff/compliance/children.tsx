import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import {
  CROSS_CHECK_KIND_LABELS,
  type ComplianceCounts,
  type ComplianceDto,
  type CrossCheckKindDto,
} from '@cunwu/domain'
import { NameSearch } from '@/components/name-search'
import { EmptyBox } from '@/components/page-state'
import { LINK } from '@/utils/link-role'
import { namesContaining } from '@/utils/name-search'

type Health = ComplianceDto['health']
type Child = ComplianceDto['children'][number]

export const HEALTH_TEXT: Record<Health, string> = {
  red: '有差异',
  amber: '有缺项',
  green: '一致',
  none: '未对照',
}

/** What the tile says besides its name and overdue items: each side's missing items named, not one 缺N. */
function tileNote(c: ComplianceCounts): string {
  return [
    c.inconsistent > 0 ? `差异${c.inconsistent}` : '',
    c.villageMissing > 0 ? `村里未公开${c.villageMissing}` : '',
    c.governmentMissing > 0 ? `政府未公开${c.governmentMissing}` : '',
    c.consistent + c.verified > 0 ? `一致${c.consistent + c.verified}` : '',
  ]
    .filter((p) => p !== '')
    .join(' · ')
}

/** Open cross-village findings of a child, all kinds together. */
function crossCheckTotal(c: Child): number {
  return Object.values(c.crossChecks ?? {}).reduce((n, x) => n + x, 0)
}

/** One short line per kind with open findings: 超标准发放1 · 多户共用账号2. */
function crossCheckNote(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${CROSS_CHECK_KIND_LABELS[kind as CrossCheckKindDto] ?? '核查问题'}${n}`)
    .join(' · ')
}

/** A tile's colour: red for items overdue (超期未公开), a discrepancy or a cross-village finding; else its health. */
function tileTone(c: Child): Health {
  return c.counts.overdue > 0 || crossCheckTotal(c) > 0 ? 'red' : c.health
}

/** 93个村有超期未公开的事项 · 5个村有差异或跨村核查问题 · 40个村有缺项: what needs doing, over all children. */
function summaryOf(children: readonly Child[], noun: string): { overdue: string; rest: string } {
  const overdue = children.filter((c) => c.counts.overdue > 0).length
  const wrong = children.filter((c) => c.counts.inconsistent > 0 || crossCheckTotal(c) > 0).length
  const missing = children.filter((c) => c.counts.villageMissing + c.counts.governmentMissing > 0).length
  return {
    overdue: overdue > 0 ? `${overdue}个${noun}有超期未公开的事项` : `没有${noun}超期未公开`,
    rest: [
      wrong > 0 ? `${wrong}个${noun}有差异或跨村核查问题` : '',
      missing > 0 ? `${missing}个${noun}有缺项` : '',
    ]
      .filter((p) => p !== '')
      .join(' · '),
  }
}

/** Props of {@link ComplianceChildren}. */
export interface ComplianceChildrenProps {
  board: ComplianceDto
  onOpen: (code: string) => void
}

/**
 * The townships of a county or the villages of a township, as the BFF orders them (worst first: overdue items, then
 * discrepancies and cross-village findings, then missing items, then name), under a summary of what needs doing and
 * a box to find one by name. Each tile is a link naming the region and what is wrong in words; colour only repeats it.
 */
export function ComplianceChildren({ board, onOpen }: ComplianceChildrenProps) {
  const [typed, setTyped] = useState('')
  const noun = board.level === 'county' ? '乡镇' : '村'
  const summary = summaryOf(board.children, noun)
  const shown = namesContaining(board.children, typed)
  return (
    <View className="cw-compliance__section">
      <Text className="cw-compliance__heading">下辖{noun}（点击查看）</Text>
      <View className="cw-compliance__summary">
        <Text className="cw-compliance__summary-overdue">{summary.overdue}</Text>
        {summary.rest !== '' && <Text className="cw-compliance__summary-rest">{summary.rest}</Text>}
        <Text className="cw-compliance__meta">
          超期未公开多的排在前面，其次是有差异、有缺项的，再按名称排。
        </Text>
      </View>
      <NameSearch
        label={`找${noun}：输入名称中的字`}
        placeholder="例如 枫林"
        value={typed}
        onInput={setTyped}
        found={`找到 ${shown.length} 个${noun}`}
      />
      <View className="cw-compliance__legend">
        <Text className="cw-compliance__legend-item cw-compliance__legend-item--red">超期或有差异</Text>
        <Text className="cw-compliance__legend-item cw-compliance__legend-item--amber">有缺项</Text>
        <Text className="cw-compliance__legend-item cw-compliance__legend-item--green">一致</Text>
      </View>
      {shown.length === 0 && <EmptyBox text={`没有名称含“${typed.trim()}”的${noun}`} />}
      <View className="cw-compliance__grid">
        {shown.map((c) => (
          <View
            key={c.code}
            {...LINK}
            className={`cw-compliance__tile cw-compliance__tile--${tileTone(c)}`}
            data-code={c.code}
            data-health={c.health}
            onClick={() => onOpen(c.code)}
          >
            <Text className="cw-compliance__tile-name">{c.name}</Text>
            {c.counts.overdue > 0 && (
              <Text className="cw-compliance__tile-overdue">超期未公开{c.counts.overdue}项</Text>
            )}
            <Text className="cw-compliance__tile-health">{HEALTH_TEXT[c.health]}</Text>
            {tileNote(c.counts) !== '' && (
              <Text className="cw-compliance__tile-note">{tileNote(c.counts)}</Text>
            )}
            {crossCheckTotal(c) > 0 && (
              <Text className="cw-compliance__tile-note cw-compliance__tile-checks">
                {crossCheckNote(c.crossChecks ?? {})}
              </Text>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}
